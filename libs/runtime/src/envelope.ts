import { objectKey, type Kind } from '@bosun/api';
import type { LogRecord, NewRecord } from '@bosun/event-log';
import type { AddressedCommand, DomainEvent, ObjectCommand, ObjectIdentity } from '@bosun/objects';

/**
 * How commands and events sit in log records (docs/events.md): CloudEvents attributes as `ce_*`
 * headers, Bosun's own as `bosun_*`. The payload of an event is its data; of a command, the command
 * with its target.
 */
export const PARTITION_CLAIMED = 'PartitionClaimed';

/** The fencing stamp on every event a host writes: which command partition, which claim. */
export interface Fence {
  readonly partition: number;
  readonly epoch: number;
  readonly owner: string;
}

export function keyOf(identity: ObjectIdentity): string {
  return objectKey(identity.kind, identity.namespace, identity.name);
}

/**
 * An event's record. With `command` (the actor host always passes it) the record also names the
 * command's type and the command's own cause, so the events topic alone explains itself: commands
 * are kept only a week and are not exported.
 */
export function eventToRecord(identity: ObjectIdentity, event: DomainEvent, index: number, fence: Fence, command?: ObjectCommand): NewRecord {
  const key = keyOf(identity);
  const m = event.metadata;
  // Members assigned one after the other, not conditional spreads: a spread allocates and copies an
  // object per optional member, on every event the actor host writes. The order is the documented one.
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: `${m.commandId}/${index}`,
    ce_source: m.source,
    ce_time: m.time,
    ce_subject: key,
    ce_schemaversion: String(m.machineVersion),
    ce_causationid: m.commandId,
  };
  if (m.correlationId !== undefined) headers.ce_correlationid = m.correlationId;
  if (m.actor !== undefined) headers.bosun_actor = m.actor;
  headers.bosun_kind = identity.kind;
  if (identity.namespace !== undefined) headers.bosun_namespace = identity.namespace;
  headers.bosun_name = identity.name;
  headers.bosun_partition = String(fence.partition);
  headers.bosun_epoch = String(fence.epoch);
  headers.bosun_owner = fence.owner;
  if (command !== undefined) headers.bosun_command = command.type;
  if (command?.metadata.causationId !== undefined) headers.bosun_cause = command.metadata.causationId;
  return { key, type: event.type, payload: event.data as NewRecord['payload'], headers };
}

export interface RecordedEvent {
  readonly identity: ObjectIdentity;
  readonly event: DomainEvent;
  readonly fence: Fence | undefined;
}

/** Reads an event record back; undefined for records that are not object events (claims). */
export function recordToEvent(record: LogRecord): RecordedEvent | undefined {
  const h = record.headers;
  if (record.type === PARTITION_CLAIMED || h.bosun_kind === undefined || h.bosun_name === undefined) return undefined;
  // No conditional spreads (slow, and this runs once per replayed event). The identity is one whole
  // literal: states keep it, and a field added afterwards would sit out of line in every one.
  const kind = h.bosun_kind as Kind;
  const identity: ObjectIdentity =
    h.bosun_namespace === undefined ? { kind, name: h.bosun_name } : { kind, name: h.bosun_name, namespace: h.bosun_namespace };
  const metadata: Mutable<DomainEvent['metadata']> = {
    machineVersion: Number(h.ce_schemaversion ?? 1),
    commandId: h.ce_causationid ?? h.ce_id ?? '',
    time: h.ce_time ?? new Date(record.timestamp).toISOString(),
    source: h.ce_source ?? '',
  };
  if (h.bosun_actor !== undefined) metadata.actor = h.bosun_actor;
  if (h.ce_correlationid !== undefined) metadata.correlationId = h.ce_correlationid;
  const event: DomainEvent = { type: record.type, data: (record.payload ?? {}) as Record<string, unknown>, metadata };
  const fence =
    h.bosun_partition === undefined
      ? undefined
      : { partition: Number(h.bosun_partition), epoch: Number(h.bosun_epoch), owner: h.bosun_owner ?? '' };
  return { identity, event, fence };
}

/** When an event was decided (its `ce_time`, kept across export and import), else when the log took it. */
export function eventTime(record: LogRecord): number {
  const ce = record.headers.ce_time;
  const parsed = ce === undefined ? NaN : Date.parse(ce);
  return Number.isNaN(parsed) ? record.timestamp : parsed;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The key of every partition claim starts with this (the claimed partition follows). */
export const CLAIM_KEY_PREFIX = 'bosun/command-partitions/';

export function claimRecord(fence: Fence, time: string): NewRecord {
  return {
    key: `${CLAIM_KEY_PREFIX}${fence.partition}`,
    type: PARTITION_CLAIMED,
    payload: { partition: fence.partition, epoch: fence.epoch, owner: fence.owner },
    headers: { ce_specversion: '1.0', ce_id: `claim/${fence.partition}/${fence.epoch}/${fence.owner}`, ce_source: '/bosun/actor-host', ce_time: time },
  };
}

export function commandToRecord(target: AddressedCommand, replyTo: string): NewRecord {
  const m = target.command.metadata;
  const headers: Record<string, string> = { ce_specversion: '1.0', ce_id: m.commandId, ce_source: m.source, ce_time: m.time };
  if (m.correlationId !== undefined) headers.ce_correlationid = m.correlationId;
  if (m.causationId !== undefined) headers.ce_causationid = m.causationId;
  if (m.actor !== undefined) headers.bosun_actor = m.actor;
  headers.bosun_replyto = replyTo;
  return {
    key: objectKey(target.kind, target.namespace, target.name),
    type: target.command.type,
    payload: { kind: target.kind, namespace: target.namespace ?? null, name: target.name, data: target.command.data } as NewRecord['payload'],
    headers,
  };
}

export function recordToCommand(record: LogRecord): { target: AddressedCommand; replyTo: string } {
  const p = record.payload as { kind: Kind; namespace: string | null; name: string; data: unknown };
  const h = record.headers;
  const metadata: Mutable<ObjectCommand['metadata']> = {
    commandId: h.ce_id ?? '',
    time: h.ce_time ?? new Date(record.timestamp).toISOString(),
    source: h.ce_source ?? '',
  };
  if (h.bosun_actor !== undefined) metadata.actor = h.bosun_actor;
  if (h.ce_correlationid !== undefined) metadata.correlationId = h.ce_correlationid;
  if (h.ce_causationid !== undefined) metadata.causationId = h.ce_causationid;
  const command = { type: record.type, data: p.data, metadata } as ObjectCommand;
  const target: AddressedCommand = p.namespace === null ? { kind: p.kind, name: p.name, command } : { kind: p.kind, name: p.name, namespace: p.namespace, command };
  return { target, replyTo: h.bosun_replyto ?? '' };
}
