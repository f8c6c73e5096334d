// @bosun/labels: Kubernetes label/field selectors and label/name validation. Pure functions, no I/O.
export { labelKeyErrors, labelValueErrors, dns1123SubdomainErrors, dns1123LabelErrors } from './label-validation';
export { SelectorParseError } from './selector.errors';
export {
  LabelSelector,
  parseLabelSelector,
  selectorFromMap,
  selectorFromLabelSelector,
  type Labels,
  type Operator,
  type Requirement,
} from './label-selector';
export {
  FieldSelector,
  parseFieldSelector,
  escapeFieldValue,
  unescapeFieldValue,
  type FieldRequirement,
} from './field-selector';
