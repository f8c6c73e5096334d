/** The names and shape of Bosun's streams. Tests give each run its own prefix. */
export interface LogTopology {
  readonly eventsTopic: string;
  readonly commandsTopic: string;
  /** Partitions of bosun.commands (and bosun.replies): the unit of actor-host scale-out. bosun.events always has one. */
  readonly commandPartitions: number;
  /** Answers to commands whose sender is in another process, keyed by the sender. */
  readonly repliesTopic: string;
  /** Never written: its consumer groups elect one active instance per controller. */
  readonly electionsTopic: string;
}

export function topology(prefix = 'bosun', commandPartitions = 8): LogTopology {
  return {
    eventsTopic: `${prefix}.events`,
    commandsTopic: `${prefix}.commands`,
    commandPartitions,
    repliesTopic: `${prefix}.replies`,
    electionsTopic: `${prefix}.elections`,
  };
}
