/** The names and shape of Bosun's two streams. Tests give each run its own prefix. */
export interface LogTopology {
  readonly eventsTopic: string;
  readonly commandsTopic: string;
  /** Partitions of bosun.commands: the unit of actor-host scale-out. bosun.events always has one. */
  readonly commandPartitions: number;
}

export function topology(prefix = 'bosun', commandPartitions = 8): LogTopology {
  return { eventsTopic: `${prefix}.events`, commandsTopic: `${prefix}.commands`, commandPartitions };
}
