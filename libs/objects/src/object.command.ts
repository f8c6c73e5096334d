import type { KubeObject } from '@bosun/api';

/**
 * Who asked, when, and why. Time and ids arrive here so that deciding stays pure and a replay
 * makes the same decisions.
 */
export interface CommandMetadata {
  /** Unique per command; a redelivered command with a known id is not applied twice. */
  readonly commandId: string;
  /** RFC 3339 time of the request, used for creationTimestamp, deletionTimestamp, conditions. */
  readonly time: string;
  /** The writer: `/bosun/gateway`, `/bosun/scheduler`, `/bosun/nodes/<name>`, … */
  readonly source: string;
  /** The user or controller on whose behalf (e.g. `user:admin`, `controller:replication`). */
  readonly actor?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
}

export interface Preconditions {
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/** Commands every kind accepts, plus the Pod's own; routed by the object's key. */
export type ObjectCommand =
  | { readonly type: 'Create'; readonly data: { readonly object: KubeObject }; readonly metadata: CommandMetadata }
  /** Full replacement of labels, annotations and spec (status is kept); PATCH arrives here too. */
  | { readonly type: 'Replace'; readonly data: { readonly object: KubeObject }; readonly metadata: CommandMetadata }
  | {
      readonly type: 'UpdateStatus';
      /**
       * `manager`: the field manager of a status write through the API, which kube-apiserver records
       * in managedFields (subresource "status") — Bosun's own components' status writes name none;
       * `managedFields`: the object's as an apply to the status decided them (libs/api
       * serverSideApply), at the `resourceVersion` it read.
       */
      readonly data: {
        readonly status: Record<string, unknown>;
        readonly resourceVersion?: string;
        readonly manager?: { readonly name: string; readonly apiVersion: string };
        readonly managedFields?: readonly unknown[];
      };
      readonly metadata: CommandMetadata;
    }
  /** A Binding's annotations are added to the pod; its uid and resourceVersion, as preconditions, must be the pod's. */
  | {
      readonly type: 'Bind';
      readonly data: { readonly nodeName: string; readonly annotations?: Readonly<Record<string, string>>; readonly preconditions?: Preconditions };
      readonly metadata: CommandMetadata;
    }
  | {
      readonly type: 'Delete';
      readonly data: { readonly gracePeriodSeconds?: number; readonly preconditions?: Preconditions };
      readonly metadata: CommandMetadata;
    }
  /** The node (or a controller, when nothing runs the object) confirms that a terminating object is gone. */
  | { readonly type: 'ConfirmDeletion'; readonly data: Record<string, never>; readonly metadata: CommandMetadata };

export type ObjectCommandType = ObjectCommand['type'];

/** A command addressed to one object: the command plus the object's identity (the routing key). */
export interface AddressedCommand {
  readonly kind: KubeObject['kind'];
  readonly namespace?: string;
  readonly name: string;
  readonly command: ObjectCommand;
}
