import { admitPodLimitRanges, admitPodPriority, admitQuotas, ApiError, admitDefaultTolerations, admitServiceAccount, type AdmittedAccount, apiVersionOf, applyDefaults, controllerOf, isPodReady as isReady, objectKey, podQosClass, podSelectorOf, randomNameSuffix, resourceByKind, type Kind, type KubeObject, type LimitRange, type Pod, type PriorityClass, type ResourceQuota } from '@bosun/api';
import { selectorFromMap } from '@bosun/labels';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import { keyOfObject, type Plan, type Reconciler } from './controller';
import { isDeepStrictEqual } from 'node:util';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const isActive = (pod: Anything): boolean =>
  pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed' && !pod.metadata?.deletionTimestamp;

/**
 * Kubernetes' order for deleting excess pods (controller.ActivePods): unscheduled before scheduled,
 * Pending before Unknown before Running, not ready before ready, more restarts before fewer, newer
 * before older.
 */
export function deletionOrder(a: Anything, b: Anything): number {
  const scheduled = (p: Anything): number => (p.spec?.nodeName ? 1 : 0);
  const phase = (p: Anything): number => ({ Pending: 0, Unknown: 1, Running: 2 })[p.status?.phase as string] ?? 0;
  const restarts = (p: Anything): number => ((p.status?.containerStatuses ?? []) as Anything[]).reduce((n, c) => n + (c.restartCount ?? 0), 0);
  return (
    scheduled(a) - scheduled(b) ||
    phase(a) - phase(b) ||
    Number(isReady(a)) - Number(isReady(b)) ||
    restarts(b) - restarts(a) ||
    String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? ''))
  );
}

/**
 * The kinds that keep a number of pods: a ReplicationController (core/v1, a label-map selector) and a
 * ReplicaSet (apps/v1, a LabelSelector). kube-controller-manager runs one controller for both
 * (replicaset.NewBaseController); so does Bosun.
 */
export const REPLICATING_KINDS: readonly Kind[] = ['ReplicationController', 'ReplicaSet'];
const replicating = (kind: unknown): kind is Kind => (REPLICATING_KINDS as readonly unknown[]).includes(kind);

/**
 * The replication controller, for ReplicationControllers and ReplicaSets alike: keeps `spec.replicas` active pods matching the selector, creating
 * them from the template (generateName, controller ownerReference), adopting matching orphans,
 * releasing owned pods whose labels stopped matching, deleting the excess in Kubernetes' order,
 * and keeping status (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas,
 * observedGeneration) true.
 */
export const replicationReconciler: Reconciler = {
  name: 'replication',

  initialKeys: (state) => REPLICATING_KINDS.flatMap((kind) => state.list(kind).map(keyOfObject)),

  keysFor(change: ObjectChange, state: ClusterState): string[] {
    const o = change.object as Anything;
    if (replicating(o.kind)) return [change.key];
    // A quota or limit range that changed may let a create that was refused go through now.
    if (o.kind === 'ResourceQuota' || o.kind === 'LimitRange') {
      return REPLICATING_KINDS.flatMap((kind) => state.list(kind, o.metadata?.namespace) as Anything[]).filter((rc) => replicaFailure(rc) !== undefined).map((rc) => keyOfObject(rc as KubeObject));
    }
    if (o.kind !== 'Pod') return [];
    const keys = new Set<string>();
    const owner = controllerOf(o);
    if (replicating(owner?.kind)) keys.add(objectKey(owner.kind, o.metadata.namespace, owner.name));
    // An orphan (or a relabelled pod) may concern any RC or ReplicaSet of its namespace whose selector matches.
    for (const kind of REPLICATING_KINDS) {
      for (const rc of state.list(kind, o.metadata.namespace) as Anything[]) {
        if (podSelectorOf(rc).matches(o.metadata?.labels)) keys.add(keyOfObject(rc as KubeObject));
      }
    }
    return [...keys];
  },

  // A ready pod becomes available minReadySeconds after it became ready: look again then.
  requeueAfterMs(key: string, state: ClusterState): number | undefined {
    const rc = state.getObject(key) as Anything | null;
    const minReady = rc?.spec?.minReadySeconds ?? 0;
    if (rc === null || minReady <= 0) return undefined;
    const now = Date.now();
    const due = (state.list('Pod', rc.metadata.namespace) as Anything[])
      .filter((p) => controllerOf(p)?.uid === rc.metadata.uid && isActive(p))
      .map((p) => availableAt(p, minReady))
      .filter((t) => t > now && t !== Infinity);
    return due.length === 0 ? undefined : Math.max(200, Math.min(...due) - now + 100);
  },

  plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
    const rc = state.getObject(key) as Anything | null;
    if (rc === null || rc.metadata.deletionTimestamp) return [];
    const ns: string = rc.metadata.namespace;
    const pod = (name: string, command: AddressedCommand['command']): AddressedCommand => ({ kind: 'Pod', namespace: ns, name, command });
    const { mine, commands } = claimPods(rc, state.list('Pod', ns) as Anything[], isActive, meta);
    const active = mine.filter(isActive);
    const want: number = rc.spec?.replicas ?? 1;
    let failure: string | undefined;
    if (active.length < want) {
      const planned: KubeObject[] = [];
      for (let i = active.length; i < want; i++) {
        const admitted = admitPod(podFromTemplate(rc, { account: templateAccount(state, rc) }), state, planned);
        if (typeof admitted === 'string') {
          failure = admitted;
          break;
        }
        planned.push(admitted);
        commands.push(pod(admitted.metadata!.name!, { type: 'Create', data: { object: admitted }, metadata: meta() }));
      }
    } else if (active.length > want) {
      for (const p of [...active].sort(deletionOrder).slice(0, active.length - want)) {
        commands.push(pod(p.metadata.name, { type: 'Delete', data: {}, metadata: meta() }));
      }
    }
    const templateLabels = selectorFromMap(rc.spec?.template?.metadata?.labels);
    // As Go writes ReplicationControllerStatus and ReplicaSetStatus: the counts other than replicas are omitempty, so a
    // zero is absent (kubectl get -o jsonpath='{.status.readyReplicas}' prints nothing, not 0).
    const { fullyLabeledReplicas: _full, readyReplicas: _ready, availableReplicas: _available, ...kept } = (rc.status ?? {}) as Anything;
    const now = Date.parse(meta().time);
    const counts: Anything = {
      fullyLabeledReplicas: active.filter((p) => templateLabels.matches(p.metadata?.labels)).length,
      readyReplicas: active.filter(isReady).length,
      availableReplicas: active.filter((p) => availableAt(p, rc.spec?.minReadySeconds ?? 0) <= now).length,
    };
    const status = {
      ...withReplicaFailure(kept, failure, meta().time),
      replicas: active.length,
      ...Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)),
      observedGeneration: rc.metadata.generation ?? 1,
    };
    if (!isDeepStrictEqual(status, rc.status ?? {})) {
      commands.push({ kind: rc.kind, namespace: ns, name: rc.metadata.name, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } });
    }
    return commands;
  },
};

/** The ReplicaFailure condition a replication controller's status carries while its creates are refused. */
function replicaFailure(rc: Anything): Anything | undefined {
  return ((rc.status?.conditions ?? []) as Anything[]).find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
}

/**
 * The status with ReplicaFailure (reason FailedCreate, the refusal's words) while a create is
 * refused, and without it once creates go through, as kube's replicaset controller keeps it.
 */
function withReplicaFailure(status: Anything, failure: string | undefined, time: string): Anything {
  const others = ((status.conditions ?? []) as Anything[]).filter((c) => c.type !== 'ReplicaFailure');
  const { conditions: _, ...rest } = status;
  if (failure === undefined) return others.length > 0 ? { ...rest, conditions: others } : rest;
  const current = replicaFailure({ status });
  // The same refusal for another new pod keeps the condition as it is: its message names the first pod refused.
  const why = (m: unknown): string => String(m ?? '').replace(/^[^"]*"[^"]*" /, '');
  const condition = current !== undefined && why(current.message) === why(failure) ? current : { type: 'ReplicaFailure', status: 'True', lastTransitionTime: current?.lastTransitionTime ?? time, reason: 'FailedCreate', message: failure };
  return { ...rest, conditions: [...others, condition] };
}

/**
 * A controller's new pod through the admission a pod created through the API meets, as
 * kube-apiserver admits it: Priority (its priority, and the default class's priorityClassName, which a
 * PriorityClass-scoped quota matches; its refusal, in the mutating phase, comes before LimitRanger's
 * bounds), LimitRanger's defaults and bounds, then the namespace's quotas last, counting the pods
 * this sync already plans. The refusal's message (kube's words,
 * `pods "x" is forbidden: …`) when refused. A pod Priority refuses (an unknown class) is returned
 * as it is: the runner's Priority admission (`admitted`) refuses it again and fails the sync in its
 * words, retried with back-off, so a class created later lets it be made.
 */
export function admitPod(pod: KubeObject, state: ClusterState, planned: readonly KubeObject[] = []): KubeObject | string {
  const ns = pod.metadata.namespace;
  const name = pod.metadata.name ?? '';
  let prioritized: KubeObject;
  try {
    prioritized = { ...pod, spec: admitPodPriority(pod as Pod, name, state.list('PriorityClass') as PriorityClass[]) } as KubeObject;
  } catch (error) {
    if (error instanceof ApiError) return pod;
    throw error;
  }
  try {
    const admitted = admitPodLimitRanges(prioritized, state.list('LimitRange', ns) as LimitRange[], name);
    const quotas = state.list('ResourceQuota', ns) as ResourceQuota[];
    if (quotas.length > 0) admitQuotas(admitted, quotas, (kind) => (kind === 'Pod' ? [...state.list(kind, ns), ...planned] : state.list(kind, ns)), 'pods', name);
    return admitted;
  } catch (error) {
    if (error instanceof ApiError) return error.message;
    throw error;
  }
}

/**
 * When a pod counts as available (podutil.IsPodAvailable): once Ready for minReadySeconds, from its
 * Ready condition's lastTransitionTime; never while not Ready.
 */
export function availableAt(pod: Anything, minReadySeconds: number): number {
  if (!isReady(pod)) return Infinity;
  if (minReadySeconds <= 0) return -Infinity;
  const ready = ((pod.status?.conditions ?? []) as Anything[]).find((c) => c.type === 'Ready');
  const since = Date.parse(ready?.lastTransitionTime ?? '');
  return Number.isNaN(since) ? Infinity : since + minReadySeconds * 1000;
}

/**
 * ClaimPods (PodControllerRefManager): of a namespace's pods, those the owner controls and its
 * selector still matches, and the orphans it matches that `adoptable` admits — adopted (a controller
 * ownerReference added) —, while its pods that no longer match are released (theirs removed: they
 * keep running, as orphans). The pods it then controls, and the commands that adopt and release.
 * The same claim serves ControllerRevisions (ClaimControllerRevisions): the command goes to each object's kind.
 */
export function claimPods(owner: Anything, pods: readonly Anything[], adoptable: (pod: Anything) => boolean, meta: () => CommandMetadata): { mine: Anything[]; commands: AddressedCommand[] } {
  const selector = podSelectorOf(owner);
  const mine: Anything[] = [];
  const commands: AddressedCommand[] = [];
  const replace = (p: Anything, change: (refs: Anything[]) => Anything[]): void =>
    void commands.push({ kind: p.kind ?? 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, command: { type: 'Replace', data: { object: withOwners(p, change) }, metadata: meta() } });
  for (const p of pods) {
    const controller = controllerOf(p);
    const matches = !selector.isEmpty() && selector.matches(p.metadata?.labels);
    if (controller?.uid === owner.metadata.uid) {
      if (matches) mine.push(p);
      else replace(p, (refs) => refs.filter((r) => r.uid !== owner.metadata.uid));
    } else if (controller === undefined && matches && adoptable(p)) {
      mine.push(p);
      replace(p, (refs) => [...refs, ownerRef(owner)]);
    }
  }
  return { mine, commands };
}

/** A controller reference to `rc`, as metav1.NewControllerRef makes it (controller, blockOwnerDeletion). */
export function ownerRef(rc: Anything): Anything {
  return { apiVersion: apiVersionOf(resourceByKind(rc.kind)!), kind: rc.kind, name: rc.metadata.name, uid: rc.metadata.uid, controller: true, blockOwnerDeletion: true };
}

export function withOwners(pod: Anything, change: (refs: Anything[]) => Anything[]): KubeObject {
  const refs = change((pod.metadata.ownerReferences ?? []) as Anything[]);
  const metadata = { ...pod.metadata };
  if (refs.length > 0) metadata.ownerReferences = refs;
  else delete metadata.ownerReferences;
  return { ...pod, metadata } as KubeObject;
}

/**
 * The ServiceAccount a pod made from `template` in `owner`'s namespace will run as (null: not
 * there), whose automountServiceAccountToken the ServiceAccount admission reads.
 */
export function templateAccount(state: ClusterState, owner: Anything, template: Anything = owner.spec?.template ?? {}): AdmittedAccount | null {
  const name = admitServiceAccount(template.spec ?? {}, null, () => '').serviceAccountName;
  return state.getObject(objectKey('ServiceAccount', owner.metadata.namespace, name)) as AdmittedAccount | null;
}

/**
 * A new pod from a controller's template: named `<owner>-<suffix>` (or the name given, as a
 * StatefulSet names its pods), owned by it (controller), admitted and defaulted as through the API.
 */
export function podFromTemplate(rc: Anything, given: { name?: string; template?: Anything; account?: AdmittedAccount | null } = {}): KubeObject {
  const template = given.template ?? rc.spec?.template ?? {};
  const pod = applyDefaults({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(template.metadata ?? {}),
      ...(given.name === undefined ? { name: `${rc.metadata.name}-${randomNameSuffix()}`, generateName: `${rc.metadata.name}-` } : { name: given.name }),
      namespace: rc.metadata.namespace,
      uid: randomUUID(),
      ownerReferences: [ownerRef(rc)],
    },
    // As the API server's ServiceAccount and DefaultTolerationSeconds admission plugins admit a pod created through the API.
    spec: admitDefaultTolerations(admitServiceAccount(template.spec ?? {}, given.account)),
  } as KubeObject);
  // As the API server's PrepareForCreate: a new pod starts Pending, with its QoS class.
  return { ...pod, status: { phase: 'Pending', qosClass: podQosClass(pod) } } as KubeObject;
}
