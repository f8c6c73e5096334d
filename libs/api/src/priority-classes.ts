import { ForbiddenError } from './api.errors';
import type { Pod } from './types/pod.types';
import type { PriorityClass } from './types/priority-class.types';

/*
 * Pod priority as kube-apiserver keeps it: the system PriorityClasses it creates at start, the
 * rules a class's name and value obey, and the Priority admission plugin
 * (plugin/pkg/admission/priority) that turns a new pod's priorityClassName into spec.priority and
 * spec.preemptionPolicy and keeps a second globalDefault class out.
 */

/** HighestUserDefinablePriority: user classes go up to a billion; above is the system's. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** SystemCriticalPriority: the base of the system classes. */
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
export const SYSTEM_PRIORITY_CLASS_PREFIX = 'system-';
export const SYSTEM_CLUSTER_CRITICAL = 'system-cluster-critical';
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';
/** A pod's priority when no class is the globalDefault (DefaultPriorityWhenNoDefaultClassExists). */
export const DEFAULT_PRIORITY = 0;

/** The classes kube-apiserver makes at start (SystemPriorityClasses), as they are stored. */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = Object.freeze([
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: SYSTEM_NODE_CRITICAL },
    value: SYSTEM_CRITICAL_PRIORITY + 1000,
    description: 'Used for system critical pods that must not be moved from their current node.',
    preemptionPolicy: 'PreemptLowerPriority',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: SYSTEM_CLUSTER_CRITICAL },
    value: SYSTEM_CRITICAL_PRIORITY,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    preemptionPolicy: 'PreemptLowerPriority',
  },
] satisfies PriorityClass[]);

export function isSystemPriorityClass(name: string): boolean {
  return SYSTEM_PRIORITY_CLASSES.some((c) => c.metadata.name === name);
}

/**
 * IsKnownSystemPriorityClass's error for a class named "system-…": undefined when it is one of
 * the system classes with their value and globalDefault.
 */
export function systemPriorityClassError(name: string, value: unknown, globalDefault: boolean): string | undefined {
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.metadata.name === name);
  if (known === undefined) return `${name} is not a known system priority class`;
  if (known.value !== value) return `value of ${name} PriorityClass must be ${known.value}`;
  if ((known.globalDefault ?? false) !== globalDefault) return `globalDefault of ${name} PriorityClass must be ${String(known.globalDefault ?? false)}`;
  return undefined;
}

/** getDefaultPriorityClass: of the classes marked globalDefault, the one with the lowest value. */
export function defaultPriorityClass(classes: readonly PriorityClass[]): PriorityClass | undefined {
  let found: PriorityClass | undefined;
  for (const c of classes) if (c.globalDefault === true && (found === undefined || c.value < found.value)) found = c;
  return found;
}

/**
 * The Priority admission of a new pod (admitPod on create): the class it names — none: the
 * globalDefault's, else priority 0 and PreemptLowerPriority — gives spec.priority,
 * spec.preemptionPolicy and, from the default, spec.priorityClassName. An unknown class, or a
 * priority or preemption policy the pod sets that is not its class's, is refused (403) in the
 * plugin's words. Returns the pod's new spec.
 */
export function admitPodPriority(pod: Pick<Pod, 'spec'>, name: string, classes: readonly PriorityClass[]): Pod['spec'] {
  const spec = { ...pod.spec };
  let priority: number;
  let policy: string | undefined;
  const className = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  if (className === '') {
    const dpc = defaultPriorityClass(classes);
    priority = dpc?.value ?? DEFAULT_PRIORITY;
    policy = dpc === undefined ? 'PreemptLowerPriority' : dpc.preemptionPolicy;
    if (dpc !== undefined) spec.priorityClassName = dpc.metadata.name;
  } else {
    const pc = classes.find((c) => c.metadata.name === className);
    if (pc === undefined) throw new ForbiddenError('pods', name, `no PriorityClass with name ${className} was found`);
    priority = pc.value;
    policy = pc.preemptionPolicy;
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    throw new ForbiddenError('pods', name, `the integer value of priority (${String(spec.priority)}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  spec.priority = priority;
  if (policy !== undefined) {
    if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null && spec.preemptionPolicy !== policy) {
      throw new ForbiddenError('pods', name, `the string value of PreemptionPolicy (${String(spec.preemptionPolicy)}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
    }
    spec.preemptionPolicy = policy;
  }
  return spec;
}

/**
 * The Priority admission of a PriorityClass create or update (validatePriorityClass): a class
 * marked globalDefault is refused while another is (403).
 */
export function admitPriorityClass(pc: PriorityClass, operation: 'create' | 'update', classes: readonly PriorityClass[]): void {
  if (pc.globalDefault !== true) return;
  const dpc = defaultPriorityClass(classes);
  if (dpc === undefined) return;
  if (operation === 'create' || dpc.metadata.name !== pc.metadata.name) {
    throw new ForbiddenError('priorityclasses', pc.metadata.name ?? '', `PriorityClass ${dpc.metadata.name ?? ''} is already marked as default. Only one default can exist`, 'scheduling.k8s.io');
  }
}

/** The PriorityClass storage's Delete: the system classes cannot be deleted (403). */
export function checkPriorityClassDeletion(name: string): void {
  if (isSystemPriorityClass(name)) throw new ForbiddenError('priorityclasses', name, 'this is a system priority class and cannot be deleted', 'scheduling.k8s.io');
}

/** A pod's priority as the scheduler reads it (podutil.GetPodPriority): spec.priority, else 0. */
export function podPriority(pod: { spec?: { priority?: number | null } }): number {
  const p = pod.spec?.priority;
  return typeof p === 'number' ? p : DEFAULT_PRIORITY;
}
