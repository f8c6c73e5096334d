import { dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { metaDtoFor } from './meta.dto';
import { pathSegmentNameErrors } from './names';
import { labelSelector } from './replica-set.dto';
import { isString, Nested, oneOf, required, Rule, under, type Check } from './rules';
import { stringList } from './cluster.dto';

/*
 * rbac.authorization.k8s.io/v1, as kube-apiserver's rbac validation checks it: names are any URL
 * path segment; a rule needs verbs and either resources of API groups or non-resource URLs (the
 * latter on ClusterRoles only); a binding's roleRef names a Role or ClusterRole of the group
 * (a ClusterRoleBinding's only a ClusterRole) and cannot change; subjects are ServiceAccounts
 * (apiGroup "", a namespace in a ClusterRoleBinding), Users or Groups (apiGroup of the group).
 */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC_V1 = `${RBAC_GROUP}/v1`;

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const count = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
/** A list of strings, any strings (verbs, groups, resources, names and URLs are free-form). */
const strings = stringList(() => []);

/** validatePolicyRule: one rule, in a namespace (Role) or not (ClusterRole). */
function policyRuleErrors(rule: Anything, namespaced: boolean): FieldCause[] {
  const out: FieldCause[] = [];
  if (count(rule.verbs) === 0) out.push(fieldErrors.required('.verbs', 'verbs must contain at least one value'));
  if (count(rule.nonResourceURLs) > 0) {
    if (namespaced) out.push(fieldErrors.invalid('.nonResourceURLs', rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
    if (count(rule.apiGroups) + count(rule.resources) + count(rule.resourceNames) > 0) {
      out.push(fieldErrors.invalid('.nonResourceURLs', rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return out;
  }
  if (count(rule.apiGroups) === 0) out.push(fieldErrors.required('.apiGroups', 'resource rules must supply at least one api group'));
  if (count(rule.resources) === 0) out.push(fieldErrors.required('.resources', 'resource rules must supply at least one resource'));
  if (count(rule.resourceNames) > 0 && count(rule.resources) > 1) out.push(fieldErrors.required('.resourceNames', 'resource names cannot apply to multiple resources'));
  return out;
}

const policyRules = (namespaced: boolean): Check => (v) =>
  Array.isArray(v) ? v.flatMap((rule, i) => (typeof rule === 'object' && rule !== null ? under(`[${i}]`, policyRuleErrors(rule, namespaced)) : [])) : [];

export class PolicyRuleDto {
  @Rule(strings) verbs!: string[];
  @Rule(strings) apiGroups?: string[];
  @Rule(strings) resources?: string[];
  @Rule(strings) resourceNames?: string[];
  @Rule(strings) nonResourceURLs?: string[];
}

/** The roleRef of a binding: the group's, of one of `kinds`, naming a path segment. */
const roleRef = (kinds: readonly string[]): Check => (ref: Anything) => {
  if (typeof ref !== 'object' || ref === null) return [];
  const out: FieldCause[] = [];
  if (ref.apiGroup !== RBAC_GROUP) out.push(fieldErrors.notSupported('.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  if (!kinds.includes(ref.kind)) out.push(fieldErrors.notSupported('.kind', ref.kind ?? '', kinds));
  if (typeof ref.name !== 'string' || ref.name === '') out.push(fieldErrors.required('.name'));
  else out.push(...pathSegmentNameErrors(ref.name).map((m) => fieldErrors.invalid('.name', ref.name, m)));
  return out;
};

export class RoleRefDto {
  @Rule(isString) apiGroup!: string;
  @Rule(isString) kind!: string;
  @Rule(isString) name!: string;
}

/** validateRoleBindingSubject: a ServiceAccount, User or Group, each with its apiGroup. */
function subjectErrors(s: Anything, namespaced: boolean): FieldCause[] {
  const out: FieldCause[] = [];
  const name = typeof s.name === 'string' ? s.name : '';
  if (name === '') out.push(fieldErrors.required('.name'));
  switch (s.kind) {
    case 'ServiceAccount':
      // ValidateServiceAccountName: a ServiceAccount's own name rule.
      if (name !== '') out.push(...dns1123SubdomainErrors(name).map((m) => fieldErrors.invalid('.name', name, m)));
      if (typeof s.apiGroup === 'string' && s.apiGroup !== '') out.push(fieldErrors.notSupported('.apiGroup', s.apiGroup, ['']));
      if (!namespaced && (typeof s.namespace !== 'string' || s.namespace === '')) out.push(fieldErrors.required('.namespace'));
      break;
    case 'User':
    case 'Group':
      if (name === '') out.push(fieldErrors.invalid('.name', name, `${s.kind.toLowerCase()} name cannot be empty`));
      if (s.apiGroup !== RBAC_GROUP) out.push(fieldErrors.notSupported('.apiGroup', s.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      out.push(fieldErrors.notSupported('.kind', s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return out;
}

const subjects = (namespaced: boolean): Check => (v) =>
  Array.isArray(v) ? v.flatMap((s, i) => (typeof s === 'object' && s !== null ? under(`[${i}]`, subjectErrors(s, namespaced)) : [])) : [];

export class SubjectDto {
  @Rule(isString) kind!: string;
  @Rule(isString) apiGroup?: string;
  @Rule(isString) name!: string;
  @Rule(isString) namespace?: string;
}

/** An aggregationRule: at least one selector, each a valid label selector. */
const aggregationRule: Check = (v: Anything) => {
  if (typeof v !== 'object' || v === null) return [];
  const selectors = v.clusterRoleSelectors;
  if (count(selectors) === 0) return [fieldErrors.required('.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil')];
  return (selectors as unknown[]).flatMap((s, i) => under(`.clusterRoleSelectors[${i}]`, labelSelector(s, v)));
};

export class AggregationRuleDto {
  @Rule((v) => (Array.isArray(v) ? [] : [fieldErrors.typeInvalid('', v, 'must be an array')])) clusterRoleSelectors?: unknown[];
}

const RoleMetaDto = metaDtoFor(pathSegmentNameErrors, true);
const ClusterRoleMetaDto = metaDtoFor(pathSegmentNameErrors, false);

export class RoleDto {
  @Rule(oneOf([RBAC_V1])) apiVersion!: string;
  @Rule(oneOf(['Role'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => RoleMetaDto) metadata!: InstanceType<typeof RoleMetaDto>;
  @Rule(policyRules(true)) @Nested(() => PolicyRuleDto, { each: true }) rules?: PolicyRuleDto[];
}

export class ClusterRoleDto {
  @Rule(oneOf([RBAC_V1])) apiVersion!: string;
  @Rule(oneOf(['ClusterRole'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => ClusterRoleMetaDto) metadata!: InstanceType<typeof ClusterRoleMetaDto>;
  @Rule(policyRules(false)) @Nested(() => PolicyRuleDto, { each: true }) rules?: PolicyRuleDto[];
  @Rule(aggregationRule) @Nested(() => AggregationRuleDto) aggregationRule?: AggregationRuleDto;
}

export class RoleBindingDto {
  @Rule(oneOf([RBAC_V1])) apiVersion!: string;
  @Rule(oneOf(['RoleBinding'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => RoleMetaDto) metadata!: InstanceType<typeof RoleMetaDto>;
  @Rule(subjects(true)) @Nested(() => SubjectDto, { each: true }) subjects?: SubjectDto[];
  @Rule(roleRef(['Role', 'ClusterRole']), { always: true }) @Nested(() => RoleRefDto) roleRef!: RoleRefDto;
}

export class ClusterRoleBindingDto {
  @Rule(oneOf([RBAC_V1])) apiVersion!: string;
  @Rule(oneOf(['ClusterRoleBinding'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => ClusterRoleMetaDto) metadata!: InstanceType<typeof ClusterRoleMetaDto>;
  @Rule(subjects(false)) @Nested(() => SubjectDto, { each: true }) subjects?: SubjectDto[];
  @Rule(roleRef(['ClusterRole']), { always: true }) @Nested(() => RoleRefDto) roleRef!: RoleRefDto;
}
