import { Allow } from 'class-validator';
import { dns1123SubdomainErrors, labelKeyErrors, selectorFromLabelSelector, SelectorParseError } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { labelMap, metaDtoFor } from './meta.dto';
import { noActiveDeadline, PodTemplateSpecDto } from './replication-controller.dto';
import { all, isObject, Nested, nonNegative, oneOf, required, Rule, type Check } from './rules';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * ValidateLabelSelector: matchLabels a label map, matchExpressions each a key, a known operator,
 * values for In and NotIn only. An empty one selects everything (a PodDisruptionBudget's selector
 * and a NetworkPolicy's podSelector may be).
 */
export const labelSelector: Check = (v) => {
  if (!isPlain(v)) return [fieldErrors.typeInvalid('', v, 'must be an object')];
  const out: FieldCause[] = [];
  if (v.matchLabels !== undefined && v.matchLabels !== null) out.push(...labelMap(v.matchLabels, v).map((c) => ({ ...c, field: `.matchLabels${c.field}` })));
  const expressions = v.matchExpressions ?? [];
  if (!Array.isArray(expressions)) out.push(fieldErrors.typeInvalid('.matchExpressions', expressions, 'must be an array'));
  else
    expressions.forEach((e: unknown, i) => {
      const at = `.matchExpressions[${i}]`;
      if (!isPlain(e)) return void out.push(fieldErrors.typeInvalid(at, e, 'must be an object'));
      if (typeof e.key !== 'string' || e.key === '') out.push(fieldErrors.required(`${at}.key`));
      else for (const m of labelKeyErrors(e.key)) out.push(fieldErrors.invalid(`${at}.key`, e.key, m));
      const values = Array.isArray(e.values) ? e.values : [];
      if (!OPERATORS.includes(e.operator as string)) out.push(fieldErrors.invalid(`${at}.operator`, e.operator, 'not a valid selector operator'));
      else if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
        out.push(fieldErrors.required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      } else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) {
        out.push(fieldErrors.forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
    });
  if (out.length > 0) return out;
  try {
    selectorFromLabelSelector(v as Parameters<typeof selectorFromLabelSelector>[0]);
  } catch (error) {
    if (error instanceof SelectorParseError) return [fieldErrors.invalid('', v, error.message)];
    throw error;
  }
  return [];
};

/**
 * A workload's selector (apps/v1): a valid label selector and, as ValidateReplicaSetSpec /
 * ValidateDeploymentSpec require, not empty (it would select every pod).
 */
export const workloadSelector = (kind: string): Check => (v, parent) => {
  const out = labelSelector(v, parent);
  if (out.length > 0 || !isPlain(v)) return out;
  const expressions = Array.isArray(v.matchExpressions) ? v.matchExpressions : [];
  if (Object.keys((v.matchLabels as object) ?? {}).length + expressions.length === 0) return [{ reason: 'FieldValueInvalid', field: '', message: `Invalid value: ${goLabelSelector(v)}: empty selector is invalid for ${kind}` }];
  return [];
};

/** How field.Error prints an empty *metav1.LabelSelector (Go's %#v of the struct): nil and empty members differ. */
function goLabelSelector(v: Record<string, unknown>): string {
  const labels = v.matchLabels === undefined || v.matchLabels === null ? 'map[string]string(nil)' : 'map[string]string{}';
  const expressions = v.matchExpressions === undefined || v.matchExpressions === null ? '[]v1.LabelSelectorRequirement(nil)' : '[]v1.LabelSelectorRequirement{}';
  return `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${expressions}}`;
}

/**
 * A workload's selector must be there (a Go pointer: only its absence is "Required value"; `{}` is
 * a selector, refused as empty by workloadSelector).
 */
export const selectorRequired: Check = (v) => (v === undefined || v === null ? [fieldErrors.required('')] : []);

/** ValidatePodTemplateSpecForReplicaSet: the template's labels must be selected, or the controller would create pods forever. */
export const templateSelected: Check = (template, spec) => {
  if (!isPlain(template) || !isPlain(spec) || workloadSelector('')(spec.selector, spec).length > 0) return [];
  const labels = (isPlain(template.metadata) ? template.metadata.labels : undefined) ?? {};
  if (!isPlain(labels) || labelMap(labels, template).length > 0) return [];
  return selectorFromLabelSelector(spec.selector as Parameters<typeof selectorFromLabelSelector>[0]).matches(labels as Record<string, string>)
    ? []
    : [fieldErrors.invalid('.metadata.labels', labels, '`selector` does not match template `labels`')];
};

export class ReplicaSetSpecDto {
  @Rule(nonNegative) replicas?: number;
  @Rule(nonNegative) minReadySeconds?: number;
  // kube-apiserver's ReplicaSet validation speaks of a deployment here (ValidateReplicaSetSpec's words).
  @Rule(all(selectorRequired, workloadSelector('deployment')), { always: true }) @Allow() selector?: unknown;
  @Rule(required(), { always: true })
  @Rule(all(isObject, templateSelected, noActiveDeadline('ReplicaSet')))
  @Nested(() => PodTemplateSpecDto)
  template?: PodTemplateSpecDto;
}

export const ReplicaSetMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class ReplicaSetDto {
  @Rule(oneOf(['apps/v1'])) apiVersion!: string;
  @Rule(oneOf(['ReplicaSet'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => ReplicaSetMetaDto) metadata!: InstanceType<typeof ReplicaSetMetaDto>;
  @Rule(required(), { always: true }) @Nested(() => ReplicaSetSpecDto) spec!: ReplicaSetSpecDto;
  @Allow() status?: unknown;
}
