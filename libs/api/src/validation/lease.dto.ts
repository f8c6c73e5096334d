import { dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors } from '../api.errors';
import { metaDtoFor } from './meta.dto';
import { all, intInRange, isAbsent, isString, Nested, oneOf, required, Rule, type Check } from './rules';

/** The strategies of coordinated leader election kube-apiserver knows (coordination.k8s.io/v1 CoordinatedLeaseStrategy). */
export const LEASE_STRATEGIES = ['OldestEmulationVersion'] as const;

/** A MicroTime as Kubernetes decodes it: an RFC 3339 time, fraction optional. */
const MICRO_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const isMicroTime: Check = (v) =>
  typeof v === 'string' && MICRO_TIME_PATTERN.test(v) && !Number.isNaN(Date.parse(v)) ? [] : [fieldErrors.typeInvalid('', v, 'must be an RFC 3339 time, e.g. 2006-01-02T15:04:05.000000Z')];

/** An int32 above 0, worded as Kubernetes' lease validation words it. */
const positive: Check = (v) => {
  if (typeof v !== 'number' || !Number.isInteger(v)) return [fieldErrors.typeInvalid('', v, 'must be an integer')];
  return v > 0 ? [] : [fieldErrors.invalid('', v, 'must be greater than 0')];
};

/**
 * What Kubernetes checks of a LeaseSpec: a duration above 0 and transitions not below 0 when set,
 * a known strategy, and a preferred holder only with a strategy.
 */
export class LeaseSpecDto {
  @Rule(isString) holderIdentity?: string;
  @Rule(positive) leaseDurationSeconds?: number;
  @Rule(isMicroTime) acquireTime?: string;
  @Rule(isMicroTime) renewTime?: string;
  @Rule(intInRange(0)) leaseTransitions?: number;
  @Rule(all(isString, (v: string) => (v === '' ? [] : oneOf(LEASE_STRATEGIES)(v, null)))) strategy?: string;
  @Rule(
    all(isString, (v: string, spec: LeaseSpecDto) =>
      v !== '' && (isAbsent(spec.strategy) || spec.strategy === '') ? [fieldErrors.forbidden('', 'may only be specified if `strategy` is defined')] : [],
    ),
  )
  preferredHolder?: string;
}

const LeaseMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

/** A Lease: a DNS-1123 subdomain name in a namespace, and its spec. */
export class LeaseDto {
  @Rule(oneOf(['coordination.k8s.io/v1'])) apiVersion!: string;
  @Rule(oneOf(['Lease'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => LeaseMetaDto) metadata!: InstanceType<typeof LeaseMetaDto>;
  @Nested(() => LeaseSpecDto) spec?: LeaseSpecDto;
}
