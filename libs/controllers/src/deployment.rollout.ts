import { canonicalJson as canonical, safeEncodeString, scaledValue } from '@bosun/api';
import { isDeepStrictEqual } from 'node:util';

/**
 * The arithmetic of a Deployment's rollout, as kube-controller-manager's deployment controller
 * does it (pkg/controller/deployment: rolling.go, util/deployment_util.go), on plain objects:
 * how far the new ReplicaSet may grow, how far the old ones may shrink, and the status.
 */

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** The revisions a ReplicaSet had before its template became current again, oldest first: `1,3`. */
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
/** Annotations of the Deployment not copied to its ReplicaSets (copyDeploymentAnnotationsToReplicaSet's skip list). */
const NOT_COPIED = new Set([REVISION, DESIRED_REPLICAS, MAX_REPLICAS, REVISION_HISTORY, 'kubectl.kubernetes.io/last-applied-configuration']);

/**
 * The `pod-template-hash` of a template, as controller.ComputeHash shapes it: FNV-1a (32 bits) of
 * the template — and of the collision count, when there is one, as 8 little-endian bytes (a uint32
 * written into an 8-byte buffer) —, its decimal digits spelled with
 * rand.SafeEncodeString's alphabet (no vowels, so no words). Bosun hashes the template's canonical
 * JSON, not Go's spew dump: the same shape, other values than Kubernetes'.
 */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  let hash = 0x811c9dc5;
  const feed = (bytes: Uint8Array): void => {
    for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  };
  feed(Buffer.from(canonical(template), 'utf8'));
  if (collisionCount !== undefined && collisionCount !== null) {
    const count = Buffer.alloc(8);
    count.writeUInt32LE(collisionCount >>> 0);
    feed(count);
  }
  return safeEncodeString(String(hash >>> 0));
}

/**
 * What Go reads alike: a null or an empty list is the field left out (apiequality.Semantic treats
 * nil and empty slices as equal). kubectl rollout undo writes back a ReplicaSet's template as Go
 * encodes it — `metadata.creationTimestamp: null` included — which must still be that ReplicaSet's.
 */
function asGoReadsIt(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asGoReadsIt);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Anything)
      .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, asGoReadsIt(v)]),
  );
}

/** EqualIgnoreHash: two pod templates are the same but for the pod-template-hash label. */
export function sameTemplate(a: Anything | undefined, b: Anything | undefined): boolean {
  const strip = (t: Anything | undefined): Anything => {
    const labels = { ...(t?.metadata?.labels ?? {}) };
    delete labels[POD_TEMPLATE_HASH];
    const metadata = { ...(t?.metadata ?? {}), labels };
    if (Object.keys(labels).length === 0) delete metadata.labels;
    return asGoReadsIt({ ...(t ?? {}), metadata }) as Anything;
  };
  return isDeepStrictEqual(JSON.parse(canonical(strip(a))), JSON.parse(canonical(strip(b))));
}

export const revisionOf = (rs: Anything): number => Number(rs.metadata?.annotations?.[REVISION] ?? 0) || 0;
export const specReplicas = (o: Anything): number => o.spec?.replicas ?? 1;
const sum = (list: readonly Anything[], count: (rs: Anything) => number): number => list.reduce((n, rs) => n + count(rs), 0);

/** ResolveFenceposts: maxSurge rounded up, maxUnavailable down, and never both 0 (then one may be unavailable). */
export function fenceposts(d: Anything): { maxSurge: number; maxUnavailable: number } {
  if (d.spec?.strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: 0 };
  const replicas = specReplicas(d);
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const maxSurge = scaledValue(ru.maxSurge ?? '25%', replicas, true) ?? 0;
  let maxUnavailable = scaledValue(ru.maxUnavailable ?? '25%', replicas, false) ?? 0;
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

/** NewRSNewReplicas for a rolling update: grow the new ReplicaSet as far as maxSurge lets the total go. */
export function newReplicaSetReplicas(d: Anything, all: readonly Anything[], newRS: Anything | undefined): number {
  const current = newRS === undefined ? 0 : specReplicas(newRS);
  const want = specReplicas(d);
  if (current >= want) return want;
  const { maxSurge } = fenceposts(d);
  const total = sum(all, specReplicas);
  const room = want + maxSurge - total;
  if (room <= 0) return current;
  return current + Math.min(room, want - current);
}

/**
 * reconcileOldReplicaSets: how far the old ReplicaSets may shrink while at least
 * replicas − maxUnavailable pods stay available: first their unavailable pods
 * (cleanupUnhealthyReplicas), then available ones, oldest ReplicaSet first. The new spec.replicas of
 * each old ReplicaSet that changes.
 */
export function oldReplicaSetScaleDowns(d: Anything, olds: readonly Anything[], newRS: Anything | undefined): Map<Anything, number> {
  const out = new Map<Anything, number>();
  const oldTotal = sum(olds, specReplicas);
  if (oldTotal === 0) return out;
  const all = newRS === undefined ? [...olds] : [...olds, newRS];
  const { maxUnavailable } = fenceposts(d);
  const minAvailable = specReplicas(d) - maxUnavailable;
  const newUnavailable = newRS === undefined ? 0 : specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = sum(all, specReplicas) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return out;
  const byAge = [...olds].sort((a, b) => String(a.metadata?.creationTimestamp ?? '').localeCompare(String(b.metadata?.creationTimestamp ?? '')) || String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
  const replicas = new Map(byAge.map((rs) => [rs, specReplicas(rs)]));
  let cleaned = 0;
  for (const rs of byAge) {
    if (cleaned >= maxScaledDown) break;
    const unhealthy = replicas.get(rs)! - (rs.status?.availableReplicas ?? 0);
    if (unhealthy <= 0) continue;
    const down = Math.min(maxScaledDown - cleaned, unhealthy);
    replicas.set(rs, replicas.get(rs)! - down);
    cleaned += down;
  }
  // Then available pods (scaleDownOldReplicaSetsForRollingUpdate), as long as minAvailable stay available.
  let budget = sum(all, (rs) => rs.status?.availableReplicas ?? 0) - minAvailable;
  for (const rs of byAge) {
    if (budget <= 0) break;
    const now = replicas.get(rs)!;
    if (now === 0) continue;
    const down = Math.min(now, budget);
    replicas.set(rs, now - down);
    budget -= down;
  }
  for (const rs of byAge) if (replicas.get(rs) !== specReplicas(rs)) out.set(rs, replicas.get(rs)!);
  return out;
}

const created = (rs: Anything): string => String(rs.metadata?.creationTimestamp ?? '');
const annotatedCount = (rs: Anything, name: string): number | undefined => {
  const value = rs.metadata?.annotations?.[name];
  return value === undefined || !/^[0-9]+$/.test(value) ? undefined : Number(value);
};

/**
 * isScalingEvent: spec.replicas changed since the active ReplicaSets were last sized (their
 * desired-replicas annotation says for which size). Then the Deployment is scaled, not rolled.
 */
export function isScalingEvent(d: Anything, owned: readonly Anything[]): boolean {
  return owned.some((rs) => specReplicas(rs) > 0 && annotatedCount(rs, DESIRED_REPLICAS) !== undefined && annotatedCount(rs, DESIRED_REPLICAS) !== specReplicas(d));
}

/**
 * The deployment controller's scale(): the one active ReplicaSet (or the newest, when none is)
 * takes spec.replicas; a saturated new one leaves the old ones at 0; otherwise, in a rolling update,
 * the difference to replicas + maxSurge is shared among the active ReplicaSets in proportion to
 * their size (getReplicaSetFraction, by the max-replicas they were sized for), the leftover to the
 * largest. The new spec.replicas of each ReplicaSet that changes.
 */
export function scaleReplicaSets(d: Anything, newRS: Anything | undefined, olds: readonly Anything[]): Map<Anything, number> {
  const out = new Map<Anything, number>();
  const want = specReplicas(d);
  // As scaleReplicaSet: written when its size or the size it was sized for changes (else a scaling
  // event whose sizes stay would be one for ever).
  const set = (rs: Anything, n: number): void => void ((n !== specReplicas(rs) || annotatedCount(rs, DESIRED_REPLICAS) !== want) && out.set(rs, n));
  const all = newRS === undefined ? [...olds] : [...olds, newRS];
  if (all.length === 0) return out;
  const active = all.filter((rs) => specReplicas(rs) > 0);
  if (active.length <= 1) {
    const newestOld = [...olds].sort((a, b) => created(b).localeCompare(created(a)))[0];
    set(active[0] ?? newRS ?? newestOld, want);
    return out;
  }
  const saturated = newRS !== undefined && specReplicas(newRS) === want && annotatedCount(newRS, DESIRED_REPLICAS) === want && (newRS.status?.availableReplicas ?? 0) === want;
  if (saturated) {
    for (const rs of active) if (rs !== newRS) set(rs, 0);
    return out;
  }
  if (d.spec?.strategy?.type === 'Recreate') return out;
  const allowed = want > 0 ? want + fenceposts(d).maxSurge : 0;
  const toAdd = allowed - sum(active, specReplicas);
  // Larger first; among equals the newer first when growing, the older first when shrinking.
  const ordered = [...active].sort((a, b) => specReplicas(b) - specReplicas(a) || (toAdd > 0 ? created(b).localeCompare(created(a)) : created(a).localeCompare(created(b))));
  const sizes = new Map(ordered.map((rs) => [rs, specReplicas(rs)]));
  let added = 0;
  if (toAdd !== 0) {
    for (const rs of ordered) {
      if (added === toAdd) break;
      let fraction: number;
      if (want === 0) fraction = -specReplicas(rs);
      else {
        const before = annotatedCount(rs, MAX_REPLICAS) || (d.status?.replicas ?? 0);
        fraction = before === 0 ? want - specReplicas(rs) : Math.round((specReplicas(rs) * (want + fenceposts(d).maxSurge)) / before) - specReplicas(rs);
      }
      const proportion = toAdd > 0 ? Math.min(fraction, toAdd - added) : Math.max(fraction, toAdd - added);
      sizes.set(rs, specReplicas(rs) + proportion);
      added += proportion;
    }
    const largest = ordered[0]!;
    sizes.set(largest, Math.max(0, sizes.get(largest)! + toAdd - added));
  }
  for (const [rs, n] of sizes) set(rs, n);
  return out;
}

/** The Deployment's annotations a new ReplicaSet carries (the kubectl and deployment ones left out). */
export function copiedAnnotations(d: Anything): Record<string, string> {
  return Object.fromEntries(Object.entries((d.metadata?.annotations ?? {}) as Record<string, string>).filter(([k]) => !NOT_COPIED.has(k)));
}

interface Condition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** SetDeploymentCondition: unchanged if the same status and reason; a changed one goes last, keeping its transition time if only the reason changed. */
function setCondition(conditions: Condition[], next: Condition): Condition[] {
  const current = conditions.find((c) => c.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason) return conditions;
  const kept = current && current.status === next.status ? { ...next, lastTransitionTime: current.lastTransitionTime } : next;
  return [...conditions.filter((c) => c.type !== next.type), kept];
}

/** Progressing reasons after which no progress is estimated (the rollout is over, or stopped). */
const SETTLED = new Set(['NewReplicaSetAvailable', 'ProgressDeadlineExceeded', 'DeploymentPaused']);

/**
 * When a rollout in progress runs out of its progress deadline (DeploymentTimedOut): its
 * Progressing condition's lastUpdateTime + progressDeadlineSeconds, in ms; undefined when none is due.
 */
export function progressDeadline(d: Anything): number | undefined {
  const seconds = d.spec?.progressDeadlineSeconds;
  const progressing = ((d.status?.conditions ?? []) as Condition[]).find((c) => c.type === 'Progressing');
  if (typeof seconds !== 'number' || progressing === undefined || SETTLED.has(progressing.reason ?? '') || d.spec?.paused === true) return undefined;
  const from = Date.parse(progressing.lastUpdateTime ?? '');
  return Number.isNaN(from) ? undefined : from + seconds * 1000;
}

/**
 * calculateStatus, checkPausedConditions and syncRolloutStatus: the counts summed over the
 * Deployment's ReplicaSets (the new one's for updatedReplicas), Available by maxUnavailable,
 * Progressing by kube's reasons: NewReplicaSetCreated, ReplicaSetUpdated while counts move,
 * NewReplicaSetAvailable when complete, ProgressDeadlineExceeded when nothing moved for
 * progressDeadlineSeconds, DeploymentPaused / DeploymentResumed (Unknown). Counts of 0 are left
 * out, as Go's omitempty writes them.
 */
export function deploymentStatus(d: Anything, all: readonly Anything[], newRS: Anything | undefined, time: string, created: boolean): Anything {
  const was: Anything = d.status ?? {};
  const replicas = specReplicas(d);
  const available = sum(all, (rs) => rs.status?.availableReplicas ?? 0);
  const counts = {
    replicas: sum(all, (rs) => rs.status?.replicas ?? 0),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(all, (rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(sum(all, specReplicas) - available, 0),
  };
  const make = (type: string, status: string, reason: string, message: string): Condition => ({ type, status, lastUpdateTime: time, lastTransitionTime: time, reason, message });
  let conditions: Condition[] = [...((was.conditions ?? []) as Condition[])];
  const paused = d.spec?.paused === true;
  const pausedBefore = conditions.find((c) => c.type === 'Progressing')?.reason === 'DeploymentPaused';
  if (paused && !pausedBefore) conditions = setCondition(conditions, make('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused'));
  if (!paused && pausedBefore) conditions = setCondition(conditions, make('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed'));
  conditions =
    available >= replicas - fenceposts(d).maxUnavailable
      ? setCondition(conditions, make('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'))
      : setCondition(conditions, make('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'));
  const name = newRS?.metadata?.name;
  if (created && name) conditions = setCondition(conditions, make('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${name}"`));
  const progressing = conditions.find((c) => c.type === 'Progressing');
  const complete = counts.replicas === counts.updatedReplicas && progressing?.reason === 'NewReplicaSetAvailable';
  const observed = d.metadata?.generation ?? 1;
  const what = name ? `ReplicaSet "${name}"` : `Deployment "${d.metadata?.name}"`;
  if (!created && !complete && !paused && typeof d.spec?.progressDeadlineSeconds === 'number') {
    const done = counts.updatedReplicas === replicas && counts.replicas === replicas && available === replicas && observed >= (d.metadata?.generation ?? 1);
    const old = (s: Anything): number => (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
    const moved = counts.updatedReplicas > (was.updatedReplicas ?? 0) || old(counts) < old(was) || counts.readyReplicas > (was.readyReplicas ?? 0) || available > (was.availableReplicas ?? 0);
    const due = progressing === undefined || progressing.reason === 'NewReplicaSetAvailable' ? undefined : progressing.reason === 'ProgressDeadlineExceeded' ? -Infinity : Date.parse(progressing.lastUpdateTime ?? '') + d.spec.progressDeadlineSeconds * 1000;
    if (done) {
      conditions = setCondition(conditions, make('Progressing', 'True', 'NewReplicaSetAvailable', `${what} has successfully progressed.`));
    } else if (moved) {
      const next = make('Progressing', 'True', 'ReplicaSetUpdated', `${what} is progressing.`);
      if (progressing?.status === 'True') next.lastTransitionTime = progressing.lastTransitionTime;
      conditions = [...conditions.filter((c) => c.type !== 'Progressing'), next];
    } else if (due !== undefined && due < Date.parse(time)) {
      conditions = setCondition(conditions, make('Progressing', 'False', 'ProgressDeadlineExceeded', `${what} has timed out progressing.`));
    }
  }
  // getReplicaFailures: a ReplicaSet's ReplicaFailure (the new one's first) moves onto the Deployment, and goes with it.
  const failed = [...(newRS === undefined ? [] : [newRS]), ...all]
    .map((rs) => ((rs.status?.conditions ?? []) as Condition[]).find((c) => c.type === 'ReplicaFailure' && c.status === 'True'))
    .find((c) => c !== undefined);
  if (failed !== undefined) {
    const at = failed.lastTransitionTime ?? time;
    conditions = setCondition(conditions, { type: 'ReplicaFailure', status: 'True', lastUpdateTime: at, lastTransitionTime: at, reason: failed.reason ?? '', message: failed.message ?? '' });
  } else {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  return {
    observedGeneration: observed,
    ...Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)),
    conditions,
    ...(was.collisionCount === undefined ? {} : { collisionCount: was.collisionCount }),
  };
}
