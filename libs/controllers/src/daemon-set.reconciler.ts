import {
  controllerOf,
  CONTROLLER_REVISION_HASH,
  DAEMON_SET_TEMPLATE_GENERATION,
  isPodReady,
  nodeMatcherOf,
  objectKey,
  podSelectorOf,
  POD_TEMPLATE_GENERATION,
  sameJson,
  scaledValue,
  statefulSetRevisionData,
  type KubeObject,
  type AdmittedAccount,
} from '@bosun/api';
import type { AddressedCommand, CommandMetadata } from '@bosun/objects';
import type { ClusterState, ObjectChange } from '@bosun/runtime';
import { randomUUID } from 'node:crypto';
import { keyOfObject, type Plan, type Reconciler } from './controller';
import { podTemplateHash } from './deployment.rollout';
import { tolerates, type Taint, type Toleration } from './node-info';
import { admitPod, availableAt, claimPods, ownerRef, podFromTemplate, templateAccount } from './replication.reconciler';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A DaemonSet's `controller-revision-hash`, as kube's daemonset controller computes it when it
 * records a revision (snapshot): controller.ComputeHash of the pod template and the collision count —
 * the same function as a Deployment's pod-template-hash (so Bosun's FNV-1a of the canonical JSON) —,
 * not history.HashControllerRevision of the recorded data, which StatefulSets use. The revision is
 * named `<ds>-<hash>` and labelled with it; its pods take the hash from that label.
 */
export function daemonSetRevisionHash(ds: Anything): string {
  return podTemplateHash(ds.spec?.template, ds.status?.collisionCount);
}

/**
 * The tolerations every daemon pod gets (AddOrUpdateDaemonPodTolerations): it stays on a node not
 * ready or unreachable, and goes to one under pressure or cordoned; with hostNetwork also to one whose
 * network is not ready.
 */
export function daemonPodTolerations(spec: Anything): Toleration[] {
  const keys: [string, string][] = [
    ['node.kubernetes.io/not-ready', 'NoExecute'],
    ['node.kubernetes.io/unreachable', 'NoExecute'],
    ['node.kubernetes.io/disk-pressure', 'NoSchedule'],
    ['node.kubernetes.io/memory-pressure', 'NoSchedule'],
    ['node.kubernetes.io/pid-pressure', 'NoSchedule'],
    ['node.kubernetes.io/unschedulable', 'NoSchedule'],
    ...(spec?.hostNetwork === true ? ([['node.kubernetes.io/network-unavailable', 'NoSchedule']] as [string, string][]) : []),
  ];
  // AddOrUpdateTolerationInPodSpec: one the template has with the same key, operator, value and effect is replaced (its seconds go).
  const daemon: Toleration[] = keys.map(([key, effect]) => ({ key, operator: 'Exists', effect }));
  const same = (a: Toleration, b: Toleration): boolean => a.key === b.key && a.operator === b.operator && (a.value ?? '') === (b.value ?? '') && a.effect === b.effect;
  const given: Toleration[] = Array.isArray(spec?.tolerations) ? spec.tolerations : [];
  return [...given.map((g) => daemon.find((d) => same(d, g)) ?? g), ...daemon.filter((d) => !given.some((g) => same(d, g)))];
}

/**
 * NodeShouldRunDaemonPod: whether a daemon pod should run on the node (its nodeName, nodeSelector and
 * required node affinity match, and it tolerates the node's NoSchedule and NoExecute taints) and
 * whether one already there may stay (only the NoExecute taints count then).
 */
export function nodeShouldRunDaemonPod(node: Anything, ds: Anything): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec = ds.spec?.template?.spec ?? {};
  const name: string = node.metadata.name;
  const matches = nodeMatcherOf(spec);
  if ((spec.nodeName && spec.nodeName !== name) || (matches !== undefined && !matches({ name, labels: node.metadata.labels }))) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = daemonPodTolerations(spec);
  const taints: Taint[] = Array.isArray(node.spec?.taints) ? node.spec.taints : [];
  const untolerated = (effects: string[]): boolean => taints.some((t) => effects.includes(t.effect) && !tolerates(tolerations, t));
  if (untolerated(['NoSchedule', 'NoExecute'])) return { shouldRun: false, shouldContinueRunning: !untolerated(['NoExecute']) };
  return { shouldRun: true, shouldContinueRunning: true };
}

/** The node a daemon pod is for (GetTargetNodeName): its nodeName, or the node its required affinity names by metadata.name. */
export function targetNodeOf(pod: Anything): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of (pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) as Anything[]) {
    for (const r of (term?.matchFields ?? []) as Anything[]) if (r?.key === 'metadata.name' && r.operator === 'In' && r.values?.length === 1) return r.values[0];
  }
  return undefined;
}

/** podByCreationTimestampAndPhase: scheduled first, then oldest, then by name. */
const oldestFirst = (a: Anything, b: Anything): number =>
  Number(!a.spec?.nodeName) - Number(!b.spec?.nodeName) ||
  String(a.metadata.creationTimestamp ?? '').localeCompare(String(b.metadata.creationTimestamp ?? '')) ||
  String(a.metadata.name).localeCompare(String(b.metadata.name));

/** IsPodUpdated: the pod carries the current hash, or the current template generation. */
const isUpdated = (pod: Anything, hash: string, generation: string | undefined): boolean =>
  pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash || (generation !== undefined && pod.metadata.labels?.[POD_TEMPLATE_GENERATION] === generation);

/** A daemon pod for a node (NewPod, then CreatePods): the template's, labelled with its hash and generation, tolerating what daemons tolerate, its required affinity naming the node. */
function daemonPod(ds: Anything, nodeName: string, hash: string, generation: string | undefined, account: AdmittedAccount | null): KubeObject {
  const template = ds.spec?.template ?? {};
  const spec = { ...(template.spec ?? {}), tolerations: daemonPodTolerations(template.spec) };
  // ReplaceDaemonSetPodNodeNameNodeAffinity: the node's name replaces whatever terms the template had (the node matched them).
  const nodeAffinity = { ...(spec.affinity?.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } };
  spec.affinity = { ...(spec.affinity ?? {}), nodeAffinity };
  const labels = { ...(template.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH]: hash, ...(generation === undefined ? {} : { [POD_TEMPLATE_GENERATION]: generation }) };
  return podFromTemplate({ ...ds, spec: { ...ds.spec, template: { ...template, metadata: { ...(template.metadata ?? {}), labels }, spec } } }, { account });
}

/**
 * kube's daemonset controller (pkg/controller/daemon), for apps/v1 DaemonSets: one pod of the
 * template on each node that should run it (nodeShouldRunDaemonPod), created for that node by its
 * required node affinity (matchFields metadata.name) and bound by the scheduler; the pods of nodes
 * that should not run it (and do not tolerate their NoExecute taints), failed or succeeded pods, and
 * all but the oldest of a node's pods are deleted; so are its pods whose node is gone (kube's pod
 * garbage collector's part). Its pods are those it controls and selects, and the orphans it selects
 * (adopted; a pod of it no longer selected is released); status counts nodes, as storeDaemonSetStatus does.
 */
export function daemonSetReconciler(): Reconciler {
  const backoff = new FailedPodsBackoff();
  return {
    name: 'daemonset',

    initialKeys: (state) => state.list('DaemonSet').map(keyOfObject),

    keysFor(change: ObjectChange, state: ClusterState): string[] {
      const o = change.object as Anything;
      if (o.kind === 'DaemonSet') return [change.key];
      // A quota or limit range that changed may let a pod it refused be created now.
      if (o.kind === 'ResourceQuota' || o.kind === 'LimitRange') return state.list('DaemonSet', o.metadata?.namespace).map(keyOfObject);
      // A node came, went or changed its labels or taints: every DaemonSet may want it.
      if (o.kind === 'Node') return state.list('DaemonSet').map(keyOfObject);
      if (o.kind !== 'Pod' && o.kind !== 'ControllerRevision') return [];
      const owner = controllerOf(o);
      if (owner !== undefined) return owner.kind === 'DaemonSet' ? [`daemonsets/${o.metadata.namespace}/${owner.name}`] : [];
      // An orphan (pod or revision) may be adopted by any DaemonSet of its namespace that selects it.
      return (state.list('DaemonSet', o.metadata.namespace) as Anything[]).filter((ds) => podSelectorOf(ds).matches(o.metadata?.labels)).map((ds) => keyOfObject(ds as KubeObject));
    },

    // A ready pod becomes available minReadySeconds after it became ready, a failed pod's back-off ends: look again then.
    requeueAfterMs(key: string, state: ClusterState): number | undefined {
      const ds = state.getObject(key) as Anything | null;
      const minReady = ds?.spec?.minReadySeconds ?? 0;
      if (ds === null) return undefined;
      const now = Date.now();
      const due = [...ownedPods(state, ds).map((p) => availableAt(p, minReady)), ...backoff.endsOf(key)].filter((t) => t > now && t !== Infinity);
      return due.length === 0 ? undefined : Math.max(200, Math.min(...due) - now + 100);
    },

    plan(key: string, state: ClusterState, meta: () => CommandMetadata): Plan {
      const ds = state.getObject(key) as Anything | null;
      if (ds === null || ds.metadata.deletionTimestamp) return [];
      const ns: string = ds.metadata.namespace;
      const now = Date.parse(meta().time);
      const generation: string | undefined = ds.metadata.annotations?.[DAEMON_SET_TEMPLATE_GENERATION];
      const minReady: number = ds.spec?.minReadySeconds ?? 0;
      const available = (p: Anything): boolean => availableAt(p, minReady) <= now;
      const nodes = state.list('Node') as Anything[];
      const nodeNames = new Set(nodes.map((n) => n.metadata.name as string));

      // getNodesToDaemonPods: its pods by the node they are for (a deleted pod that has finished is gone for this).
      const byNode = new Map<string, Anything[]>();
      const orphaned: Anything[] = [];
      // Its pods: those it controls and selects, and the orphans it selects, adopted (getDaemonPods' ClaimPods).
      const claimed = claimPods(ds, state.list('Pod', ns) as Anything[], (p) => !p.metadata.deletionTimestamp, meta);
      const revisions = claimPods(ds, state.list('ControllerRevision', ns) as Anything[], () => true, meta);
      const history = constructHistory(ds, revisions.mine, claimed.mine, state, meta);
      if (history.hash === undefined) return history.commands;
      const hash = history.hash;
      for (const p of claimed.mine) {
        if (p.metadata.deletionTimestamp && finished(p)) continue;
        const node = targetNodeOf(p);
        if (node === undefined) continue;
        if (!nodeNames.has(node)) orphaned.push(p);
        else byNode.set(node, [...(byNode.get(node) ?? []), p]);
      }

      const create: string[] = [];
      const remove: Anything[] = orphaned.filter((p) => !p.metadata.deletionTimestamp);
      const should = new Map<string, boolean>();
      for (const node of [...nodes].sort((a, b) => String(a.metadata.name).localeCompare(b.metadata.name))) {
        const name: string = node.metadata.name;
        const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
        should.set(name, shouldRun);
        const pods = byNode.get(name);
        if (shouldRun && pods === undefined) create.push(name);
        else if (shouldContinueRunning && pods !== undefined) {
          const live = pods.filter((p) => !p.metadata.deletionTimestamp);
          // A succeeded pod is replaced (deleted now, created at the next look once it is gone); a failed
          // one too, unless the node's last failure is too recent (kube's failedPodsBackoff, per node).
          remove.push(...live.filter((p) => p.status?.phase === 'Succeeded'));
          for (const p of live.filter((p) => p.status?.phase === 'Failed')) if (backoff.allow(`${key}/${name}`, now)) remove.push(p);
          remove.push(...excessPods(live.filter((p) => !finished(p)), ds, hash, available));
        } else if (!shouldContinueRunning && pods !== undefined) remove.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
      }

      // rollingUpdate, once the core loop has nothing to do (kube: once its expectations are met).
      if (create.length === 0 && remove.length === 0 && ds.spec?.updateStrategy?.type === 'RollingUpdate') {
        const rolled = rollingUpdate(ds, nodes, byNode, should, (p) => isUpdated(p, hash, generation), available);
        create.push(...rolled.create);
        remove.push(...rolled.remove);
      }

      const commands: AddressedCommand[] = [...claimed.commands, ...revisions.commands, ...history.commands];
      const planned: KubeObject[] = [];
      for (const name of create) {
        // Through LimitRanger and the namespace's quotas, as a pod created through the API; a refused one is not made.
        const pod = admitPod(daemonPod(ds, name, hash, generation, templateAccount(state, ds)), state, planned);
        if (typeof pod === 'string') continue;
        planned.push(pod);
        commands.push({ kind: 'Pod', namespace: ns, name: pod.metadata.name!, command: { type: 'Create', data: { object: pod }, metadata: meta() } });
      }
      for (const p of remove) commands.push({ kind: 'Pod', namespace: ns, name: p.metadata.name, command: { type: 'Delete', data: {}, metadata: meta() } });
      commands.push(...cleanupHistory(ds, history.old, claimed.mine, meta));

      // storeDaemonSetStatus: per node that should run it, the oldest of its pods counts.
      let desired = 0;
      let current = 0;
      let misscheduled = 0;
      let ready = 0;
      let availableCount = 0;
      let updated = 0;
      for (const node of nodes) {
        const name: string = node.metadata.name;
        const pods = byNode.get(name) ?? [];
        if (!should.get(name)) {
          if (pods.length > 0) misscheduled++;
          continue;
        }
        desired++;
        if (pods.length === 0) continue;
        current++;
        const pod = [...pods].sort(oldestFirst)[0]!;
        if (isPodReady(pod)) {
          ready++;
          if (available(pod)) availableCount++;
        }
        if (isUpdated(pod, hash, generation)) updated++;
      }
      // As Go writes DaemonSetStatus: the four counts always, the others omitempty.
      const omitZero = (counts: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
      const status: Anything = {
        currentNumberScheduled: current,
        numberMisscheduled: misscheduled,
        desiredNumberScheduled: desired,
        numberReady: ready,
        ...omitZero({ observedGeneration: ds.metadata.generation ?? 1, updatedNumberScheduled: updated, numberAvailable: availableCount, numberUnavailable: desired - availableCount }),
        ...(ds.status?.collisionCount === undefined ? {} : { collisionCount: ds.status.collisionCount }),
        ...(ds.status?.conditions === undefined ? {} : { conditions: ds.status.conditions }),
      };
      if (!sameJson(status, ds.status ?? {})) {
        commands.push({ kind: 'DaemonSet', namespace: ns, name: ds.metadata.name, command: { type: 'UpdateStatus', data: { status }, metadata: meta() } });
      }
      return commands;
    },
  };
}

const revisionHashOf = (o: Anything): string | undefined => o.metadata?.labels?.[CONTROLLER_REVISION_HASH];
const byRevision = (a: Anything, b: Anything): number => (a.revision ?? 0) - (b.revision ?? 0);

/**
 * constructHistory: the DaemonSet's revisions split into the current one (whose data, getPatch of
 * the template, is the template's now) and the old ones. With none current, one is recorded
 * (snapshot): `<ds>-<hash>`, labelled with the template's labels and the hash, annotated as the
 * DaemonSet is, numbered one past the old ones — unless another template holds that name, when
 * the collision count goes up (which changes the hash) and nothing else is done. Of several current
 * ones the newest is kept, the pods relabelled to its hash and the others deleted; one coming back
 * (a rollback) is renumbered past the old ones. A revision without the hash label gets its name as
 * one. The hash the pods carry is the current revision's label.
 */
function constructHistory(ds: Anything, revisions: readonly Anything[], pods: readonly Anything[], state: ClusterState, meta: () => CommandMetadata): { hash?: string; old: Anything[]; commands: AddressedCommand[] } {
  const ns: string = ds.metadata.namespace;
  const commands: AddressedCommand[] = [];
  const send = (kind: 'Pod' | 'ControllerRevision' | 'DaemonSet', name: string, command: Omit<AddressedCommand['command'], 'metadata'>): void =>
    void commands.push({ kind, namespace: ns, name, command: { ...command, metadata: meta() } as AddressedCommand['command'] });
  const labelled = revisions.map((r): Anything => {
    if (revisionHashOf(r) !== undefined) return r;
    const object = { ...r, metadata: { ...r.metadata, labels: { ...(r.metadata.labels ?? {}), [CONTROLLER_REVISION_HASH]: r.metadata.name } } };
    send('ControllerRevision', r.metadata.name, { type: 'Replace', data: { object: object as KubeObject } });
    return object;
  });
  const data = statefulSetRevisionData(ds.spec?.template);
  const current = labelled.filter((r) => sameJson(r.data, data));
  const old = labelled.filter((r) => !sameJson(r.data, data));
  const next = Math.max(0, ...old.map((r) => r.revision ?? 0)) + 1;
  if (current.length === 0) {
    const hash = daemonSetRevisionHash(ds);
    const name = `${ds.metadata.name}-${hash}`;
    const taken = state.getObject(objectKey('ControllerRevision', ns, name)) as Anything | null;
    if (taken !== null && !sameJson(taken.data, data)) {
      send('DaemonSet', ds.metadata.name, { type: 'UpdateStatus', data: { status: { ...(ds.status ?? {}), collisionCount: (ds.status?.collisionCount ?? 0) + 1 } } });
      return { old, commands };
    }
    if (taken === null) {
      const annotations = ds.metadata.annotations;
      const object = {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: { name, namespace: ns, uid: randomUUID(), labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH]: hash }, ...(annotations ? { annotations } : {}), ownerReferences: [ownerRef(ds)] },
        data,
        revision: next,
      };
      send('ControllerRevision', name, { type: 'Create', data: { object: object as KubeObject } });
    }
    return { hash, old, commands };
  }
  // dedupCurHistories: the highest revision stays (the last of equals).
  const keep = current.reduce((a, r) => ((r.revision ?? 0) >= (a.revision ?? 0) ? r : a));
  const hash = revisionHashOf(keep)!;
  if (current.length > 1) {
    for (const p of pods) {
      if (revisionHashOf(p) !== hash) send('Pod', p.metadata.name, { type: 'Replace', data: { object: { ...p, metadata: { ...p.metadata, labels: { ...(p.metadata.labels ?? {}), [CONTROLLER_REVISION_HASH]: hash } } } as KubeObject } });
    }
    for (const r of current) if (r !== keep) send('ControllerRevision', r.metadata.name, { type: 'Delete', data: {} });
  }
  if ((keep.revision ?? 0) < next) send('ControllerRevision', keep.metadata.name, { type: 'Replace', data: { object: { ...keep, revision: next } as KubeObject } });
  return { hash, old, commands };
}

/** cleanupHistory: old revisions beyond revisionHistoryLimit, oldest first, skipping those a pod (a finished deleted one too) still carries the hash of. */
function cleanupHistory(ds: Anything, old: readonly Anything[], pods: readonly Anything[], meta: () => CommandMetadata): AddressedCommand[] {
  let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  const live = new Set(pods.map(revisionHashOf));
  const commands: AddressedCommand[] = [];
  for (const r of [...old].sort(byRevision)) {
    if (toKill <= 0) break;
    if (revisionHashOf(r) !== undefined && live.has(revisionHashOf(r))) continue;
    commands.push({ kind: 'ControllerRevision', namespace: ds.metadata.namespace, name: r.metadata.name, command: { type: 'Delete', data: {}, metadata: meta() } });
    toKill--;
  }
  return commands;
}

/**
 * The failed-pods back-off of kube's daemonset controller (flowcontrol.Backoff, 1 s doubling to
 * 15 min, per DaemonSet and node): a failed pod is deleted only when the node's back-off has passed
 * since the last such deletion; forgotten after twice the maximum without one.
 */
class FailedPodsBackoff {
  private readonly entries = new Map<string, { delay: number; updated: number }>();

  /** Whether a failed pod may be deleted now; if so, the back-off grows. */
  allow(id: string, now: number): boolean {
    const entry = this.entries.get(id);
    if (entry !== undefined && now - entry.updated < entry.delay) return false;
    const fresh = entry === undefined || now - entry.updated > 2 * MAX_FAILED_BACKOFF_MS;
    this.entries.set(id, { delay: fresh ? INITIAL_FAILED_BACKOFF_MS : Math.min(entry.delay * 2, MAX_FAILED_BACKOFF_MS), updated: now });
    return true;
  }

  /** When the back-offs of a DaemonSet's nodes end, in ms since the epoch. */
  endsOf(key: string): number[] {
    return [...this.entries].filter(([id]) => id.startsWith(`${key}/`)).map(([, e]) => e.updated + e.delay);
  }
}
const INITIAL_FAILED_BACKOFF_MS = 1_000;
const MAX_FAILED_BACKOFF_MS = 15 * 60_000;

/** The DaemonSet's maxSurge and maxUnavailable over its desired nodes, both rounded up; never both 0 (then one may be unavailable). */
function rollingCounts(ds: Anything, desired: number): { maxSurge: number; maxUnavailable: number } {
  const ru = ds.spec?.updateStrategy?.type === 'RollingUpdate' ? (ds.spec.updateStrategy.rollingUpdate ?? {}) : undefined;
  const maxSurge = ru === undefined ? 0 : (scaledValue(ru.maxSurge ?? 0, desired, true) ?? 0);
  let maxUnavailable = ru === undefined ? 0 : (scaledValue(ru.maxUnavailable ?? 1, desired, true) ?? 0);
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/**
 * The running pods of one node to delete (podsShouldBeOnNode): all but the oldest; with surge, the
 * oldest of the current template and the oldest older one may both stay while the new one is not
 * yet available and the old one is ready.
 */
function excessPods(running: Anything[], ds: Anything, hash: string, available: (p: Anything) => boolean): Anything[] {
  const sorted = [...running].sort(oldestFirst);
  if (rollingCounts(ds, 1).maxSurge === 0) return sorted.slice(1);
  let newest: Anything | undefined;
  let oldest: Anything | undefined;
  const out: Anything[] = [];
  for (const p of sorted) {
    const current = p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash;
    if (current && newest === undefined) newest = p;
    else if (!current && oldest === undefined) oldest = p;
    else out.push(p);
  }
  if (newest !== undefined && oldest !== undefined && (!isPodReady(oldest) || available(newest))) out.push(oldest);
  return out;
}

/**
 * rollingUpdate: which old pods to delete (and, with surge, for which nodes to create new ones), as
 * kube's daemonset controller paces an update. Without surge, an old pod goes while fewer than
 * maxUnavailable nodes lack an available pod (an unavailable old one goes at once); the core loop
 * then creates its replacement. With surge, a new pod is created beside an available old one on up to
 * maxSurge nodes at once, and the old one goes once the new one is available.
 */
function rollingUpdate(ds: Anything, nodes: readonly Anything[], byNode: ReadonlyMap<string, Anything[]>, should: ReadonlyMap<string, boolean>, updated: (p: Anything) => boolean, available: (p: Anything) => boolean): { create: string[]; remove: Anything[] } {
  const desired = [...should.values()].filter(Boolean).length;
  const { maxSurge, maxUnavailable } = rollingCounts(ds, desired);
  // Every node that has pods, and every node that should run one (updatedDesiredNodeCounts), in name order.
  const names = [...new Set([...byNode.keys(), ...nodes.map((n) => n.metadata.name as string).filter((n) => should.get(n))])].sort();
  /** findUpdatedPodsOnNode: at most one live pod of each kind, else undefined (the core loop prunes the node). */
  const split = (pods: Anything[]): { newPod?: Anything; oldPod?: Anything } | undefined => {
    const live = pods.filter((p) => !p.metadata.deletionTimestamp);
    const fresh = live.filter(updated);
    const stale = live.filter((p) => !updated(p));
    return fresh.length > 1 || stale.length > 1 ? undefined : { newPod: fresh[0], oldPod: stale[0] };
  };
  if (maxSurge === 0) {
    let unavailable = 0;
    const replace: Anything[] = [];
    const candidates: Anything[] = [];
    for (const name of names) {
      const found = split(byNode.get(name) ?? []);
      if (found === undefined || (found.newPod === undefined) === (found.oldPod === undefined)) unavailable++;
      else if (found.newPod !== undefined) unavailable += available(found.newPod) ? 0 : 1;
      else if (!available(found.oldPod!)) {
        replace.push(found.oldPod!);
        unavailable++;
      } else if (unavailable < maxUnavailable) candidates.push(found.oldPod!);
    }
    const room = Math.min(candidates.length, Math.max(0, maxUnavailable - unavailable));
    return { create: [], remove: [...replace, ...candidates.slice(0, room)] };
  }
  let surging = 0;
  let availableCount = 0;
  const remove: Anything[] = [];
  const sunset: Anything[] = [];
  const allowed: string[] = [];
  const candidates: string[] = [];
  for (const name of names) {
    const found = split(byNode.get(name) ?? []);
    if (found === undefined) {
      surging++;
      continue;
    }
    const { newPod, oldPod } = found;
    if ((oldPod ?? newPod) !== undefined && available((oldPod ?? newPod)!)) availableCount++;
    if (oldPod === undefined) continue;
    if (newPod === undefined) {
      if (!available(oldPod)) {
        if (should.get(name)) allowed.push(name);
        else remove.push(oldPod);
      } else if (!should.get(name)) sunset.push(oldPod);
      else if (surging < maxSurge) candidates.push(name);
    } else if (!available(newPod)) surging++;
    else remove.push(oldPod);
  }
  // With surge the owner expects every node served: a node leaving the set loses its pod only once another's is available.
  remove.push(...sunset.slice(0, Math.max(0, availableCount - desired)));
  return { create: [...allowed, ...candidates.slice(0, Math.max(0, Math.min(candidates.length, maxSurge - surging)))], remove };
}

const finished = (p: Anything): boolean => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';
const ownedPods = (state: ClusterState, ds: Anything): Anything[] => (state.list('Pod', ds.metadata.namespace) as Anything[]).filter((p) => controllerOf(p)?.uid === ds.metadata.uid);
