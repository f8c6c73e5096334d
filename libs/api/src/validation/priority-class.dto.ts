import { dns1123SubdomainErrors } from '@bosun/labels';
import { fieldErrors } from '../api.errors';
import { HIGHEST_USER_DEFINABLE_PRIORITY, SYSTEM_PRIORITY_CLASS_PREFIX, systemPriorityClassError } from '../priority-classes';
import { metaDtoFor } from './meta.dto';
import { isBoolean, isString, Nested, oneOf, required, Rule, type Check } from './rules';

/*
 * scheduling.k8s.io/v1, as ValidatePriorityClass checks it: a DNS-subdomain name, of which those
 * starting "system-" are the known system classes alone (with their value and globalDefault); a
 * user class's value at most HighestUserDefinablePriority; preemptionPolicy PreemptLowerPriority
 * or Never. (At most one globalDefault is the Priority admission's rule: priority-admission.ts.)
 */
type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The metadata's check that needs the whole class: a "system-" name is reserved. */
const systemName: Check = (meta: Anything, pc: Anything) => {
  const name = typeof meta?.name === 'string' ? meta.name : '';
  if (!name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) return [];
  const error = systemPriorityClassError(name, pc?.value, pc?.globalDefault === true);
  return error === undefined
    ? []
    : [fieldErrors.forbidden('.name', `priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${error}`)];
};

/** value: an int32; above the user ceiling only for the system classes. */
const value: Check = (v: unknown, pc: Anything) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) return [fieldErrors.typeInvalid('', v, 'must be an integer')];
  const name = typeof pc?.metadata?.name === 'string' ? pc.metadata.name : '';
  if (!name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX) && v > HIGHEST_USER_DEFINABLE_PRIORITY) return [fieldErrors.forbidden('', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`)];
  return [];
};

/** ValidatePreemptionPolicy: "" is a missing value, anything else one of the two. */
export const preemptionPolicy: Check = (v: unknown) => (v === '' ? [fieldErrors.required('', '')] : oneOf(['PreemptLowerPriority', 'Never'])(v, undefined));

const PriorityClassMetaDto = metaDtoFor(dns1123SubdomainErrors, false);

export class PriorityClassDto {
  @Rule(oneOf(['scheduling.k8s.io/v1'])) apiVersion!: string;
  @Rule(oneOf(['PriorityClass'])) kind!: string;
  @Rule(systemName) @Rule(required(), { always: true }) @Nested(() => PriorityClassMetaDto) metadata!: InstanceType<typeof PriorityClassMetaDto>;
  // A missing value is Go's zero: 0.
  @Rule(value) value?: number;
  @Rule(isBoolean) globalDefault?: boolean;
  @Rule(isString) description?: string;
  @Rule(preemptionPolicy) preemptionPolicy?: string;
}
