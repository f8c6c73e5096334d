import type { Kind, KubeObject } from '@bosun/api';
import type { LogRecord } from '@bosun/event-log';
import { evolve, initialState, materialize, type ObjectState } from '@bosun/objects';
import { keyOf, PARTITION_CLAIMED, recordToEvent, type Fence } from './envelope';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change of one object, as a watch reports it. */
export interface ObjectChange {
  readonly type: WatchType;
  readonly key: string;
  readonly object: KubeObject;
  readonly offset: number;
}

/**
 * The projection every service uses (the informer cache): the cluster folded from bosun.events,
 * indexed by kind and, for pods, by node. Fencing is applied here, so every reader agrees: after a
 * `PartitionClaimed` marker with a higher epoch, events stamped with an older claim of that command
 * partition are ignored. The cache is read-only for its users: objects handed out must not be mutated.
 */
export class ClusterState {
  private readonly objects = new Map<string, ObjectState>();
  private readonly byKind = new Map<Kind, Set<string>>();
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly claims = new Map<number, Fence>();
  private readonly listeners = new Set<(change: ObjectChange) => void>();
  private readonly offsetWaiters: { offset: number; resolve: () => void }[] = [];
  /** Offset of the last record applied; -1 when empty. */
  offset = -1;

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

  get(key: string): ObjectState | undefined {
    return this.objects.get(key);
  }

  getObject(key: string): KubeObject | null {
    const state = this.objects.get(key);
    return state === undefined ? null : materialize(state);
  }

  /** Live objects of a kind, optionally in one namespace. */
  list(kind: Kind, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const key of this.byKind.get(kind) ?? []) {
      const object = this.getObject(key);
      if (object !== null && (namespace === undefined || object.metadata.namespace === namespace)) out.push(object);
    }
    return out;
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
    const key = keyOf(recorded.identity);
    const before = this.objects.get(key) ?? initialState(recorded.identity);
    const beforeObject = materialize(before);
    const after = evolve(before, recorded.event, record.offset);
    this.objects.set(key, after);
    const afterObject = materialize(after);
    this.index(key, recorded.identity.kind, beforeObject, afterObject);
    const change: ObjectChange | undefined =
      afterObject !== null
        ? { type: beforeObject === null ? 'ADDED' : 'MODIFIED', key, object: afterObject, offset: record.offset }
        : beforeObject !== null
          ? { type: 'DELETED', key, object: { ...beforeObject, metadata: { ...beforeObject.metadata, resourceVersion: String(record.offset) } } as KubeObject, offset: record.offset }
          : undefined;
    if (change) for (const listener of this.listeners) listener(change);
  }

  private index(key: string, kind: Kind, before: KubeObject | null, after: KubeObject | null): void {
    let keys = this.byKind.get(kind);
    if (!keys) this.byKind.set(kind, (keys = new Set()));
    if (after === null) keys.delete(key);
    else keys.add(key);
    if (kind !== 'Pod') return;
    const nodeOf = (o: KubeObject | null): string | undefined => (o as { spec?: { nodeName?: string } } | null)?.spec?.nodeName;
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
