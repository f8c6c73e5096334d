import { CORE, kind, list, listKind, object, oneOfStrings, quantities, ref, str, strings, atomic, $ref, type Schema } from './schema.builders';

const SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];

/** ResourceQuota and LimitRange (core/v1): what a namespace may use, and the defaults and bounds of its pods. */
export const QUOTA_SCHEMAS: Record<string, Schema> = {
  [`${CORE}ResourceQuota`]: kind(
    'ResourceQuota',
    'A ResourceQuota caps what the objects of its namespace may use together: counts (pods, services, configmaps, secrets, persistentvolumeclaims, replicationcontrollers, resourcequotas, services.nodeports, services.loadbalancers, count/<resource>[.<group>]) and the pods\' compute resources (requests.cpu, requests.memory, limits.cpu, limits.memory, and cpu/memory for requests) and claims\' storage (requests.storage). A create that would go over it is refused (403 Forbidden, "exceeded quota"); a pod that names no request or limit for a resource the quota caps is refused too ("must specify"). The quota controller keeps status.used.',
    {
      spec: ref(`${CORE}ResourceQuotaSpec`, 'The caps.'),
      status: ref(`${CORE}ResourceQuotaStatus`, 'The caps enforced and what is used, written by the quota controller.'),
    },
  ),
  [`${CORE}ResourceQuotaList`]: listKind('ResourceQuota', 'A list of ResourceQuotas.'),
  [`${CORE}ResourceQuotaSpec`]: object('The caps of a ResourceQuota.', {
    hard: quantities('The most of each named resource the namespace may use.'),
    scopes: list(oneOfStrings('A scope.', SCOPES), 'Only objects in every scope are counted: Terminating / NotTerminating (pods with / without activeDeadlineSeconds), BestEffort / NotBestEffort (pods of that QoS class). Empty: all.', atomic),
    scopeSelector: ref(`${CORE}ScopeSelector`, 'Scopes as expressions, ANDed with scopes.'),
  }),
  [`${CORE}ScopeSelector`]: object('Scopes as expressions.', {
    matchExpressions: list($ref(`${CORE}ScopedResourceSelectorRequirement`), 'Each scope requirement; all must hold.', atomic),
  }),
  [`${CORE}ScopedResourceSelectorRequirement`]: object(
    'A scope, and the values an object must (not) have for it.',
    {
      scopeName: oneOfStrings('The scope.', SCOPES),
      operator: oneOfStrings('In, NotIn, Exists or DoesNotExist.', ['DoesNotExist', 'Exists', 'In', 'NotIn']),
      values: strings('The values for In and NotIn.'),
    },
    { required: ['operator', 'scopeName'] },
  ),
  [`${CORE}ResourceQuotaStatus`]: object('What a ResourceQuota enforces and what its namespace uses.', {
    hard: quantities('The caps enforced: spec.hard as the controller last saw it.'),
    used: quantities('What the namespace\'s objects use of each capped resource.'),
  }),
  [`${CORE}LimitRange`]: kind(
    'LimitRange',
    'A LimitRange gives the pods and claims created in its namespace defaults and bounds: a container that names no request or limit for a resource gets defaultRequest / default (LimitRanger admission, noted in the annotation kubernetes.io/limit-ranger), and a new pod or claim outside min, max or maxLimitRequestRatio is refused (403 Forbidden).',
    { spec: ref(`${CORE}LimitRangeSpec`, 'The limits.') },
  ),
  [`${CORE}LimitRangeList`]: listKind('LimitRange', 'A list of LimitRanges.'),
  [`${CORE}LimitRangeSpec`]: object('The limits of a LimitRange.', { limits: list($ref(`${CORE}LimitRangeItem`), 'The limits, each for one type of object.', atomic) }, { required: ['limits'] }),
  [`${CORE}LimitRangeItem`]: object(
    'Defaults and bounds for one type of object.',
    {
      type: str('Container (each container of a pod), Pod (the sum of its containers) or PersistentVolumeClaim (its storage request).'),
      max: quantities('The most each resource may be (a container\'s or pod\'s limit, a claim\'s request).'),
      min: quantities('The least each resource may be (a request).'),
      default: quantities('The limit a container gets when it names none.'),
      defaultRequest: quantities('The request a container gets when it names none (else its limit, else default).'),
      maxLimitRequestRatio: quantities('The most a limit may be as a multiple of its request.'),
    },
    { required: ['type'] },
  ),
};
