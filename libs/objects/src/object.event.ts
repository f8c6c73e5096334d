/** What the actor host records with each event, besides its data (docs/events.md). */
export interface EventMetadata {
  /** Version of the machine that accepted the transition, so an old log stays readable. */
  readonly machineVersion: number;
  /** The command that caused the event (its CloudEvents causation id). */
  readonly commandId: string;
  readonly time: string;
  readonly source: string;
  readonly actor?: string;
  readonly correlationId?: string;
}

/** A domain event: `<Kind><Verb>` (PodCreated, PodScheduled, NodeStatusUpdated, …). */
export interface DomainEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: EventMetadata;
}
