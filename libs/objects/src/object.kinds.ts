import { DAEMON_SET_TEMPLATE_GENERATION, type Kind, type KubeObject } from '@bosun/api';
import { isDeepStrictEqual } from 'node:util';
import { initialTransition, type StateValue } from 'xstate';
import type { ObjectContext } from './machines/object.machine-events';
import { objectMachine, OBJECT_MACHINE_VERSION } from './machines/object.machine';
import { podMachine, POD_MACHINE_VERSION } from './machines/pod.machine';
import { TransitionTable } from './machines/transition-table';

/** The machine that governs each kind, and its version. */
export type ObjectMachine = typeof podMachine | typeof objectMachine;

export interface KindMachine {
  readonly machine: ObjectMachine;
  readonly version: number;
  readonly table: TransitionTable;
  readonly initial: { readonly value: StateValue; readonly context: ObjectContext };
}

function kindMachine(machine: ObjectMachine, version: number): KindMachine {
  const [snapshot] = initialTransition(machine);
  return { machine, version, table: new TransitionTable(machine), initial: { value: snapshot.value, context: snapshot.context } };
}

const POD = kindMachine(podMachine, POD_MACHINE_VERSION);
const OBJECT = kindMachine(objectMachine, OBJECT_MACHINE_VERSION);

export function machineFor(kind: Kind): KindMachine {
  return kind === 'Pod' ? POD : OBJECT;
}

/** The kinds whose deletion waits for contents to be removed (Namespace) before the object is gone. */
export const TERMINATING_KINDS: ReadonlySet<Kind> = new Set<Kind>(['Namespace']);

/**
 * The kinds whose metadata.generation counts spec changes, as in Kubernetes: a ReplicationController, a ReplicaSet, a Deployment, a Job, a CronJob, a DaemonSet, a StatefulSet,
 * a PodDisruptionBudget, a HorizontalPodAutoscaler, an Ingress, an IngressClass, a NetworkPolicy, and a Pod (Kubernetes sets it on pods since 1.33). Namespaces, Nodes, Services, Endpoints,
 * ConfigMaps, Secrets, Events and RBAC's kinds have none.
 */
export const GENERATION_KINDS: ReadonlySet<Kind> = new Set<Kind>(['Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'Job', 'CronJob', 'DaemonSet', 'StatefulSet', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Ingress', 'IngressClass', 'NetworkPolicy']);

/**
 * The kinds whose generation also counts changes of annotations, as kube-apiserver's Deployment
 * strategy does (they are copied to the ReplicaSets) — but not of the `deployment.kubernetes.io/`
 * ones, which kube-controller-manager writes through the status subresource (bumping nothing) and
 * Bosun's deployment controller writes as a replace.
 */
export const ANNOTATION_GENERATION_KINDS: ReadonlySet<Kind> = new Set<Kind>(['Deployment']);
export const CONTROLLER_ANNOTATION_PREFIX = 'deployment.kubernetes.io/';

/**
 * The annotations an update may not set, as kube-apiserver's strategies keep them: a DaemonSet's
 * template generation (daemonSetStrategy.PrepareForUpdate) stays what it was, one more when the
 * template changed. Other kinds' annotations are the writer's.
 */
export function serverAnnotations(current: KubeObject, next: KubeObject): Record<string, string> | undefined {
  if (current.kind !== 'DaemonSet') return next.metadata.annotations;
  const was = Number(current.metadata.annotations?.[DAEMON_SET_TEMPLATE_GENERATION] ?? 1) || 1;
  const template = (o: KubeObject): unknown => (o as { spec?: { template?: unknown } }).spec?.template;
  const generation = isDeepStrictEqual(template(current), template(next)) ? was : was + 1;
  return { ...(next.metadata.annotations ?? {}), [DAEMON_SET_TEMPLATE_GENERATION]: String(generation) };
}
