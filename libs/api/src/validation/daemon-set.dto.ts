import { Allow } from 'class-validator';
import { dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { atMost100Percent, intOrPercent, isZero } from './deployment.dto';
import { metaDtoFor } from './meta.dto';
import { selectorRequired, templateSelected, workloadSelector } from './replica-set.dto';
import { noActiveDeadline, PodTemplateSpecDto } from './replication-controller.dto';
import { all, isObject, Nested, nonNegative, oneOf, required, Rule, type Check } from './rules';

export const DAEMON_SET_STRATEGIES = ['RollingUpdate', 'OnDelete'] as const;

/** ValidateRollingUpdateDaemonSet: exactly one of maxUnavailable and maxSurge is not zero. */
const oneOfUnavailableOrSurge: Check = (v: RollingUpdateDaemonSetDto) => {
  const unavailable = !isZero(v.maxUnavailable ?? 0);
  const surge = !isZero(v.maxSurge ?? 0);
  if (unavailable && surge) return [fieldErrors.invalid('.maxSurge', v.maxSurge, 'may not be set when maxUnavailable is non-zero')];
  if (!unavailable && !surge) return [fieldErrors.required('.maxUnavailable', 'cannot be 0 when maxSurge is 0')];
  return [];
};

export class RollingUpdateDaemonSetDto {
  @Rule(all(intOrPercent, atMost100Percent)) maxUnavailable?: number | string;
  @Rule(all(intOrPercent, atMost100Percent)) maxSurge?: number | string;
}

/** ValidateDaemonSetUpdateStrategy: a known type; a RollingUpdate needs its parameters (the defaults give them). */
const updateStrategy: Check = (v) => {
  const s = v as { type?: unknown; rollingUpdate?: unknown };
  if (s.type === 'OnDelete') return [];
  if (s.type !== 'RollingUpdate') return [fieldErrors.notSupported('', v, DAEMON_SET_STRATEGIES)];
  if (s.rollingUpdate === undefined || s.rollingUpdate === null) return [fieldErrors.required('.rollingUpdate', '')];
  return typeof s.rollingUpdate === 'object' ? oneOfUnavailableOrSurge(s.rollingUpdate, s).map((c: FieldCause) => ({ ...c, field: `.rollingUpdate${c.field}` })) : [];
};

export class DaemonSetUpdateStrategyDto {
  @Allow() type?: string;
  @Nested(() => RollingUpdateDaemonSetDto) rollingUpdate?: RollingUpdateDaemonSetDto;
}

export class DaemonSetSpecDto {
  @Rule(all(selectorRequired, workloadSelector('daemonset')), { always: true }) @Allow() selector?: unknown;
  @Rule(required(), { always: true })
  @Rule(all(isObject, templateSelected, noActiveDeadline('DaemonSet')))
  @Nested(() => PodTemplateSpecDto)
  template?: PodTemplateSpecDto;
  @Rule(all(isObject, updateStrategy)) @Nested(() => DaemonSetUpdateStrategyDto) updateStrategy?: DaemonSetUpdateStrategyDto;
  @Rule(nonNegative) minReadySeconds?: number;
  @Rule(nonNegative) revisionHistoryLimit?: number;
}

export const DaemonSetMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

export class DaemonSetDto {
  @Rule(oneOf(['apps/v1'])) apiVersion!: string;
  @Rule(oneOf(['DaemonSet'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => DaemonSetMetaDto) metadata!: InstanceType<typeof DaemonSetMetaDto>;
  @Rule(required(), { always: true }) @Nested(() => DaemonSetSpecDto) spec!: DaemonSetSpecDto;
  @Allow() status?: unknown;
}
