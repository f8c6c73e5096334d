import { ExpiredError, type Kind, type KubeObject } from '@bosun/api';
import type { LogRecord } from '@bosun/event-log';
import { evolve, initialState, materialize, type ObjectIdentity, type ObjectState } from '@bosun/objects';
import { keyOf, PARTITION_CLAIMED, recordToEvent, type Fence } from './envelope';
import { deriveKubeEvents, KubeEventChange, type SavedKubeEvent } from './kube-events';
import { Ring } from './ring';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A serialisable image of the projection at one offset (see ClusterState.toSnapshot). */
export interface ClusterSnapshot {
  readonly version: 1;
  readonly offset: number;
  readonly claims: readonly Fence[];
  readonly objects: ReadonlyArray<{
    readonly identity: ObjectIdentity;
    readonly value: unknown;
    readonly context: unknown;
    readonly offset: number;
  }>;
  /**
   * The derived Kubernetes Events the state holds (the last `historyLimit`), oldest first, so a
   * state restored from a snapshot lists the same Events as one folded from the start. Absent in
   * snapshots written before they were kept.
   */
  readonly derived?: readonly SavedKubeEvent[];
  /** The ids of the latest commands applied, oldest first (ClusterState.applied). */
  readonly commands?: readonly string[];
}

/**
 * What a state folded from one shard of a log's keys (ReadOptions.shard) hands over to the state
 * that adopts it (ClusterState.toShard, adoptShards): plain data, to cross from a worker thread.
 */
export interface ShardImage {
  /** The last record folded (-1: none). */
  readonly offset: number;
  /** The last event folded without its change being published (-1: none). */
  readonly historyFloor: number;
  readonly claims: readonly Fence[];
  readonly objects: ClusterSnapshot['objects'];
  /** Its derived Kubernetes Events (the last `derivedLimit`), oldest first. */
  readonly derived: readonly SavedKubeEvent[];
  /** The command ids it remembers (applied), oldest first, and the offset of each one's record. */
  readonly commands: { readonly ids: readonly string[]; readonly offsets: readonly number[] };
  /**
   * Whether an event's record key was not its object's key: an object's events may then lie in
   * several shards, and the shards' states are not the log's.
   */
  readonly keyedOtherwise: boolean;
}

/** Changes (and derived Events) a ClusterState keeps unless told otherwise. */
export const DEFAULT_HISTORY_LIMIT = 10_000;

/**
 * How many of the latest applied command ids a state keeps, to recognise a redelivered command:
 * a batch is redelivered when its host dies before committing it, so the commands that can come
 * again are among the last few batches of each partition — far fewer than this. Kept for the whole
 * cluster, not per object: ids are long (UUIDs), and sixteen per object (as was) cost more memory
 * than most objects themselves.
 */
export const RECENT_COMMAND_IDS = 65_536;

/** One change of one object, as a watch reports it. */
export interface ObjectChange {
  readonly type: WatchType;
  readonly key: string;
  /** The object after the change (before it, for DELETED), with resourceVersion = offset. */
  readonly object: KubeObject;
  readonly offset: number;
  /**
   * The id (`ce_id`) of the log event behind the change — what a controller names as the cause of
   * the commands it sends in answer; absent for derived Kubernetes Events.
   */
  readonly id?: string;
}

/** A change that materialises its object on first read: replays pay nothing for unread history. */
class RecordedChange implements ObjectChange {
  private materialised: KubeObject | undefined;
  constructor(
    readonly type: WatchType,
    readonly key: string,
    private readonly raw: KubeObject,
    readonly offset: number,
    readonly id: string | undefined,
    /** The object before the change (null: it did not exist) and the offset of that version. */
    private readonly rawBefore: KubeObject | null,
    private readonly beforeOffset: number,
  ) {}

  get object(): KubeObject {
    this.materialised ??= { ...this.raw, metadata: { ...this.raw.metadata, resourceVersion: String(this.offset) } } as KubeObject;
    return this.materialised;
  }

  get kind(): Kind {
    return this.raw.kind as Kind;
  }

  get namespace(): string | undefined {
    return this.raw.metadata.namespace;
  }

  /** The object as it was just before this change, with that version's resourceVersion. */
  before(): KubeObject | null {
    const b = this.rawBefore;
    return b === null ? null : ({ ...b, metadata: { ...b.metadata, resourceVersion: String(this.beforeOffset) } } as KubeObject);
  }
}

/**
 * The projection every service uses (the informer cache): the cluster folded from bosun.events,
 * indexed by kind and, for pods, by node. Fencing is applied here, so every reader agrees: after a
 * `PartitionClaimed` marker with a higher epoch, events stamped with an older claim of that command
 * partition are ignored. The cache is read-only for its users: objects handed out must not be mutated.
 */
export class ClusterState {
  /**
   * Each object's state in a holder that stays in the map while the object changes: an event then
   * costs one map lookup, not a lookup and a store.
   */
  // Not readonly: adoptShards takes them over from the state of this thread's shard.
  private objects = new Map<string, { readonly key: string; state: ObjectState }>();
  private byKind = new Map<Kind, Set<string>>();
  private podsByNode = new Map<string, Set<string>>();
  private readonly claims = new Map<number, Fence>();
  /** Kubernetes Events derived from the log (kube-events.ts), oldest first, bounded like the API server's 1 h TTL. */
  private readonly derived: Ring<KubeEventChange>;
  /**
   * `derived` by key, built at the first read that needs it and kept up to date from then on: a
   * replay derives an Event for most pods and evicts nearly all of them before anyone reads one.
   */
  private derivedByKey: Map<string, KubeEventChange> | undefined;
  private readonly listeners = new Set<(change: ObjectChange) => void>();
  private readonly offsetWaiters: { offset: number; resolve: () => void }[] = [];
  /** Recent changes, oldest first, for watches that resume from a resourceVersion (the watch cache). */
  private readonly history: Ring<ObjectChange>;
  /** Changes at or before this offset are no longer in `history`: a watch from there is Expired. */
  private historyFloor = -1;
  /** Records before this offset are folded without publishing their changes (see catchUp). */
  private publishFrom = 0;
  /** The latest applied command ids, and the same as a set (see applied). */
  private readonly commandIds: Ring<string>;
  /** The offset of the record each of commandIds came with (-1: restored from a snapshot). */
  private readonly commandOffsets: Ring<number>;
  private readonly knownCommands = new Set<string>();
  /** Command ids of records before this offset are not remembered (see catchUp). */
  private commandsFrom = 0;
  /** An event was keyed otherwise than its object (ShardImage.keyedOtherwise). */
  private misKeyed = false;
  /** Offset of the last record applied; -1 when empty. */
  offset = -1;

  /**
   * `historyLimit`: changes kept for watches that resume from a resourceVersion (the watch cache);
   * `derivedLimit`: derived Kubernetes Events kept; `commandLimit`: ids of the latest commands kept
   * (applied).
   */
  constructor(historyLimit = DEFAULT_HISTORY_LIMIT, derivedLimit = historyLimit, commandLimit = RECENT_COMMAND_IDS) {
    this.history = new Ring(historyLimit);
    this.derived = new Ring(derivedLimit);
    this.commandIds = new Ring(commandLimit);
    this.commandOffsets = new Ring(commandLimit);
  }

  /** Folds one record of bosun.events into the state. Records must arrive in offset order. */
  apply(record: LogRecord): void {
    this.offset = record.offset;
    if (record.type === PARTITION_CLAIMED) {
      const claim = record.payload as unknown as Fence;
      const current = this.claims.get(claim.partition);
      if (current === undefined || claim.epoch > current.epoch) this.claims.set(claim.partition, claim);
    } else {
      this.applyEvent(record);
    }
    this.releaseWaiters();
  }

  applyAll(records: readonly LogRecord[]): void {
    for (const record of records) this.apply(record);
  }

  /**
   * Says that the log already holds the records before `endOffset` (a server starting, a replay):
   * of those, only the last `historyLimit` publish their changes to the watch cache and to
   * listeners; the older ones only build the state, and a watch from before them is Expired, as
   * kube-apiserver's watch cache starts at its initial list. Publishing every change of a long log
   * only for the ring to drop it kept each object's old versions alive long enough to be promoted
   * to the old generation: half the garbage collection of a replay (bench:actors).
   * Derived Kubernetes Events are derived from every record, so `kubectl get events` is the same
   * after a catch-up as from a snapshot.
   */
  catchUp(endOffset: number): void {
    this.publishFrom = Math.max(this.publishFrom, endOffset - this.history.capacity);
    // Likewise, only the last records' command ids can still be remembered at the end.
    this.commandsFrom = Math.max(this.commandsFrom, endOffset - this.commandIds.capacity);
  }

  /** Whether an event folded was keyed otherwise than its object (ShardImage.keyedOtherwise). */
  get keyedOtherwise(): boolean {
    return this.misKeyed;
  }

  /** Changes kept for watches (the watch cache), and derived Events kept. */
  get historyLimit(): number {
    return this.history.capacity;
  }

  get derivedLimit(): number {
    return this.derived.capacity;
  }

  get commandLimit(): number {
    return this.commandIds.capacity;
  }

  /**
   * The offset before which records only build the state (catchUp) — their changes are not
   * published — but for the command ids of the latest of them. Disjoint shards of those records
   * can be folded apart and adopted (adoptShards) into the same state as one fold.
   */
  get silentBefore(): number {
    return this.publishFrom;
  }

  /**
   * Whether a command with this id was applied (its events are folded) among the latest
   * `commandLimit`: the actor host answers such a redelivered command without applying it again.
   */
  applied(commandId: string): boolean {
    return this.knownCommands.has(commandId);
  }

  private remember(commandId: string, offset: number): void {
    if (this.knownCommands.has(commandId)) return;
    this.knownCommands.add(commandId);
    this.commandOffsets.push(offset);
    const evicted = this.commandIds.push(commandId);
    if (evicted !== undefined) this.knownCommands.delete(evicted);
  }

  get(key: string): ObjectState | undefined {
    return this.objects.get(key)?.state;
  }

  getObject(key: string): KubeObject | null {
    const entry = this.objects.get(key);
    return entry === undefined ? (this.derivedIndex().get(key)?.object ?? null) : materialize(entry.state);
  }

  /** Live objects of a kind, optionally in one namespace. */
  list(kind: Kind, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    if (kind === 'Event') {
      for (const e of this.derived) if (namespace === undefined || e.namespace === namespace) out.push(e.object);
    }
    for (const key of this.byKind.get(kind) ?? []) {
      const object = this.getObject(key);
      if (object !== null && (namespace === undefined || object.metadata.namespace === namespace)) out.push(object);
    }
    return out;
  }

  /**
   * Live objects of a kind as they were at `offset` (a list's resourceVersion): the current ones
   * with the changes after `offset` undone, newest first — what etcd serves for a list at an older
   * revision, so the pages of one list are one snapshot. ExpiredError (410) when the watch cache no
   * longer holds every change since `offset`. Derived Events are there from their offset on.
   */
  listAt(kind: Kind, namespace: string | undefined, offset: number): KubeObject[] {
    if (offset >= this.offset) return this.list(kind, namespace);
    const changes = this.changesSince(offset);
    const byKey = new Map<string, KubeObject>();
    if (kind === 'Event') {
      for (const e of this.derived) if (namespace === undefined || e.namespace === namespace) byKey.set(e.key, e.object);
    }
    for (const key of this.byKind.get(kind) ?? []) {
      const object = this.getObject(key);
      if (object !== null && (namespace === undefined || object.metadata.namespace === namespace)) byKey.set(key, object);
    }
    for (let i = changes.length - 1; i >= 0; i--) {
      const change = changes[i];
      if (change instanceof RecordedChange) {
        if (change.kind !== kind || (namespace !== undefined && change.namespace !== namespace)) continue;
        const before = change.before();
        if (before === null) byKey.delete(change.key);
        else byKey.set(change.key, before);
      } else if (kind === 'Event') {
        byKey.delete(change.key); // a derived Event only ever appears
      }
    }
    return [...byKey.values()];
  }

  /** Pods bound to a node (the `spec.nodeName` field index). */
  podsOnNode(nodeName: string): KubeObject[] {
    return [...(this.podsByNode.get(nodeName) ?? [])].map((k) => this.getObject(k)).filter((o): o is KubeObject => o !== null);
  }

  claimOf(partition: number): Fence | undefined {
    return this.claims.get(partition);
  }

  onChange(listener: (change: ObjectChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the state has applied the record at `offset` (or a later one). */
  reached(offset: number): Promise<void> {
    if (this.offset >= offset) return Promise.resolve();
    return new Promise((resolve) => this.offsetWaiters.push({ offset, resolve }));
  }

  private applyEvent(record: LogRecord): void {
    const recorded = recordToEvent(record);
    if (recorded === undefined) return;
    if (recorded.fence !== undefined) {
      const claim = this.claims.get(recorded.fence.partition);
      // Written by a host whose claim was superseded (or never recorded): not part of history.
      if (claim === undefined || claim.epoch !== recorded.fence.epoch || claim.owner !== recorded.fence.owner) return;
    }
    if (record.offset >= this.commandsFrom) this.remember(recorded.event.metadata.commandId, record.offset);
    // An event's record key is its object's key (docs/events.md): trying it first spares building and
    // hashing the key again for every event; keyOf decides for a new object or a record keyed otherwise.
    // The holder keeps the one key string the indexes and changes use: each record's key is a
    // string of its own, and one kept per event would stay alive in the indexes (45 bytes a pod).
    let entry = this.objects.get(record.key);
    if (entry === undefined || !sameObject(entry.state.identity, recorded.identity)) {
      const built = keyOf(recorded.identity);
      // The record's flat string rather than the one just concatenated, when they are equal.
      const key = built === record.key ? record.key : built;
      if (key !== record.key) this.misKeyed = true;
      entry = this.objects.get(key);
      if (entry === undefined) this.objects.set(key, (entry = { key, state: initialState(recorded.identity) }));
    }
    const key = entry.key;
    const before = entry.state;
    const after = evolve(before, recorded.event, record.offset);
    entry.state = after;
    // The machine's objects are immutable (every transition builds new ones), so changes keep
    // references and add the resourceVersion only when someone reads them.
    const beforeObject = before.context.object;
    const afterObject = after.context.object;
    this.index(key, recorded.identity.kind, beforeObject, afterObject);
    const published = record.offset >= this.publishFrom;
    if (!published) this.historyFloor = record.offset;
    else if (afterObject !== null) {
      this.publish(new RecordedChange(beforeObject === null ? 'ADDED' : 'MODIFIED', key, afterObject, record.offset, record.headers.ce_id, beforeObject, before.offset));
    } else if (beforeObject !== null) {
      this.publish(new RecordedChange('DELETED', key, beforeObject, record.offset, record.headers.ce_id, beforeObject, before.offset));
    }
    for (const kubeEvent of deriveKubeEvents(recorded.identity, recorded.event, beforeObject, afterObject, record.offset)) {
      const evicted = this.derived.push(kubeEvent);
      if (this.derivedByKey !== undefined) {
        if (evicted !== undefined) this.derivedByKey.delete(evicted.key);
        this.derivedByKey.set(kubeEvent.key, kubeEvent);
      }
      if (published) this.publish(kubeEvent);
    }
  }

  private publish(change: ObjectChange): void {
    const evicted = this.history.push(change);
    if (evicted !== undefined) this.historyFloor = evicted.offset;
    for (const listener of this.listeners) {
      // A failing watcher must not stop the projection that every other reader depends on.
      try {
        listener(change);
      } catch (error) {
        this.listeners.delete(listener);
        process.emitWarning(`a ClusterState listener failed and was removed: ${(error as Error).message}`);
      }
    }
  }

  /**
   * Whether the watch cache still holds every change after `offset`: a watch from there can be
   * served, and so can a list continued from a page read there (the analogue of etcd not having
   * compacted that revision yet).
   */
  holdsChangesSince(offset: number): boolean {
    return offset >= this.historyFloor;
  }

  /**
   * The changes after `offset` that the watch cache still holds, oldest first. Throws ExpiredError
   * (410) when changes after `offset` have already been dropped, as the API server does for a
   * resourceVersion that is too old.
   */
  changesSince(offset: number): ObjectChange[] {
    if (!this.holdsChangesSince(offset)) {
      throw new ExpiredError(`too old resource version: ${offset} (${this.historyFloor + 1})`);
    }
    let i = this.history.size;
    while (i > 0 && this.history.at(i - 1).offset > offset) i--;
    return this.history.slice(i);
  }

  /** Everything needed to rebuild this state without reading the log before `offset`. */
  toSnapshot(): ClusterSnapshot {
    return {
      version: 1,
      offset: this.offset,
      claims: [...this.claims.values()],
      objects: this.objectImages(),
      derived: [...this.derived].map((e) => e.saved()),
      commands: [...this.commandIds],
    };
  }

  /** This state, folded from one shard of the log's silent records, for adoptShards. */
  toShard(): ShardImage {
    return {
      offset: this.offset,
      historyFloor: this.historyFloor,
      claims: [...this.claims.values()],
      objects: this.objectImages(),
      derived: [...this.derived].map((e) => e.saved()),
      commands: { ids: [...this.commandIds], offsets: [...this.commandOffsets] },
      keyedOtherwise: this.misKeyed,
    };
  }

  private objectImages(): ClusterSnapshot['objects'] {
    return [...this.objects.values()].map(({ state: s }) => ({
      identity: s.identity,
      value: s.value as unknown,
      context: s.context as unknown,
      offset: s.offset,
    }));
  }

  /** A state rebuilt from a snapshot; apply the log after `snapshot.offset` to bring it up to date. */
  static fromSnapshot(snapshot: ClusterSnapshot, historyLimit?: number, derivedLimit?: number): ClusterState {
    const state = new ClusterState(historyLimit, derivedLimit);
    state.offset = snapshot.offset;
    state.historyFloor = snapshot.offset;
    for (const claim of snapshot.claims) state.claims.set(claim.partition, claim);
    state.restoreObjects([snapshot.objects]);
    for (const e of snapshot.derived ?? []) state.derived.push(KubeEventChange.restore(e));
    for (const id of snapshot.commands ?? []) state.remember(id, -1);
    return state;
  }

  /**
   * Makes this new state the fold of the records before the shards' end, from the states folded
   * from each shard of them (ReadOptions.shard, with the partition claims in every shard): `local`,
   * folded in this thread, whose objects and indexes it takes over (`local` is then spent), and
   * the images of the others. The objects are disjoint, the claims the same, and the derived Events
   * and the command ids remembered merge in offset order. Only silent records (silentBefore) may
   * be folded so: no change of theirs is published.
   */
  adoptShards(local: ClusterState, others: readonly ShardImage[]): void {
    if (this.offset !== -1 || this.objects.size > 0) throw new Error('only a new state adopts shards');
    if (local.misKeyed || others.some((s) => s.keyedOtherwise)) throw new Error('an event is keyed otherwise than its object: its shards are not the log');
    const offset = Math.max(local.offset, ...others.map((s) => s.offset));
    if (offset >= this.silentBefore) throw new Error(`the shards reach offset ${offset}, past the silent records (before ${this.silentBefore})`);
    this.offset = offset;
    this.historyFloor = Math.max(local.historyFloor, ...others.map((s) => s.historyFloor));
    for (const claim of [...local.claims.values(), ...others.flatMap((s) => s.claims)]) {
      const current = this.claims.get(claim.partition);
      if (current === undefined || claim.epoch > current.epoch) this.claims.set(claim.partition, claim);
    }
    [this.objects, this.byKind, this.podsByNode] = [local.objects, local.byKind, local.podsByNode];
    [local.objects, local.byKind, local.podsByNode] = [new Map(), new Map(), new Map()];
    this.restoreObjects(others.map((s) => s.objects));
    // Sorting is stable: one record's derived Events, all in one shard, keep their order.
    const derived = [...local.derived, ...others.flatMap((s) => s.derived.map((e) => KubeEventChange.restore(e)))].sort((a, b) => a.offset - b.offset);
    for (const e of derived.slice(-this.derived.capacity)) this.derived.push(e);
    const commands: { id: string; offset: number }[] = [];
    const take = (ids: readonly string[], offsets: readonly number[]) => ids.forEach((id, i) => commands.push({ id, offset: offsets[i] }));
    take([...local.commandIds], [...local.commandOffsets]);
    for (const s of others) take(s.commands.ids, s.commands.offsets);
    for (const c of commands.sort((a, b) => a.offset - b.offset)) this.remember(c.id, c.offset);
    this.releaseWaiters();
  }

  /**
   * Adds objects restored from snapshots or shards. The indexes are built once at the end, each
   * Set from an array (in the order indexing object by object gave): for 100,000s of objects, a
   * Set.add per object and index cost more.
   */
  private restoreObjects(lists: readonly ClusterSnapshot['objects'][]): void {
    const byKind = new Map<Kind, string[]>();
    const byNode = new Map<string, string[]>();
    for (const objects of lists) {
      for (const o of objects) {
        const objectState: ObjectState = {
          identity: o.identity,
          value: o.value as ObjectState['value'],
          context: o.context as ObjectState['context'],
          offset: o.offset,
        };
        const key = keyOf(o.identity);
        this.objects.set(key, { key, state: objectState });
        // The indexes need only whether the object lives and its node: the machine's object tells both,
        // without the copy materialize makes to add a resourceVersion.
        const object = objectState.context.object;
        if (object === null) continue;
        const kind = o.identity.kind;
        let keys = byKind.get(kind);
        if (keys === undefined) byKind.set(kind, (keys = []));
        keys.push(key);
        const node = kind === 'Pod' ? nodeOf(object) : undefined;
        if (node === undefined) continue;
        let pods = byNode.get(node);
        if (pods === undefined) byNode.set(node, (pods = []));
        pods.push(key);
      }
    }
    for (const [kind, keys] of byKind) addAll(this.byKind, kind, keys);
    for (const [node, pods] of byNode) addAll(this.podsByNode, node, pods);
  }

  private derivedIndex(): Map<string, KubeEventChange> {
    if (this.derivedByKey === undefined) {
      this.derivedByKey = new Map();
      for (const e of this.derived) this.derivedByKey.set(e.key, e);
    }
    return this.derivedByKey;
  }

  private index(key: string, kind: Kind, before: KubeObject | null, after: KubeObject | null): void {
    // Only a change of liveness moves the key: most events modify an object that stays.
    if ((before === null) !== (after === null)) {
      let keys = this.byKind.get(kind);
      if (!keys) this.byKind.set(kind, (keys = new Set()));
      if (after === null) keys.delete(key);
      else keys.add(key);
    }
    if (kind !== 'Pod') return;
    const was = nodeOf(before);
    const is = nodeOf(after);
    if (was === is) return;
    if (was !== undefined) this.podsByNode.get(was)?.delete(key);
    if (is !== undefined) {
      let pods = this.podsByNode.get(is);
      if (!pods) this.podsByNode.set(is, (pods = new Set()));
      pods.add(key);
    }
  }

  private releaseWaiters(): void {
    for (let i = this.offsetWaiters.length - 1; i >= 0; i--) {
      if (this.offsetWaiters[i].offset <= this.offset) {
        this.offsetWaiters[i].resolve();
        this.offsetWaiters.splice(i, 1);
      }
    }
  }
}

function addAll<K>(index: Map<K, Set<string>>, at: K, keys: string[]): void {
  const set = index.get(at);
  if (set === undefined) index.set(at, new Set(keys));
  else for (const key of keys) set.add(key);
}

function nodeOf(pod: KubeObject | null): string | undefined {
  return (pod as { spec?: { nodeName?: string } } | null)?.spec?.nodeName;
}

function sameObject(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;
}
