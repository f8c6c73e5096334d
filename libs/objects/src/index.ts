export * from './object.command';
export * from './object.event';
export * from './object.decider';
export { machineFor, type KindMachine } from './object.kinds';
export { EVENT_VERBS, type MachineEvent, type MachineEventType } from './machines/object.machine-events';
export { podMachine, POD_MACHINE_VERSION } from './machines/pod.machine';
export { objectMachine, OBJECT_MACHINE_VERSION } from './machines/object.machine';
