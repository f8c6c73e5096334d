import type { Kind } from '@bosun/api';
import { objectMachine, OBJECT_MACHINE_VERSION } from './machines/object.machine';
import { podMachine, POD_MACHINE_VERSION } from './machines/pod.machine';

/** The machine that governs each kind, and its version. */
export type ObjectMachine = typeof podMachine | typeof objectMachine;

export interface KindMachine {
  readonly machine: ObjectMachine;
  readonly version: number;
}

const POD: KindMachine = { machine: podMachine, version: POD_MACHINE_VERSION };
const OBJECT: KindMachine = { machine: objectMachine, version: OBJECT_MACHINE_VERSION };

export function machineFor(kind: Kind): KindMachine {
  return kind === 'Pod' ? POD : OBJECT;
}

/** The kinds whose deletion waits for contents to be removed (Namespace) before the object is gone. */
export const TERMINATING_KINDS: ReadonlySet<Kind> = new Set<Kind>(['Namespace']);
