// Test objects for the reconciler specs.
import type { KubeObject } from '@bosun/api';

export const rc = (replicas: number, extra: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'web', namespace: 'default', uid: 'rc-uid', generation: 2 },
    spec: { replicas, selector: { app: 'web' }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'python:3' }] } } },
    ...extra,
  }) as unknown as KubeObject;

export const pod = (name: string, o: { owned?: boolean; labels?: Record<string, string>; node?: string; phase?: string; ready?: boolean; created?: string; selector?: Record<string, string>; cpu?: string } = {}): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: o.labels ?? { app: 'web' },
      creationTimestamp: o.created ?? '2026-11-28T09:00:00Z',
      ...(o.owned === false ? {} : { ownerReferences: [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: 'rc-uid', controller: true }] }),
    },
    spec: {
      containers: [{ name: 'web', image: 'python:3', ...(o.cpu ? { resources: { requests: { cpu: o.cpu } } } : {}) }],
      ...(o.node ? { nodeName: o.node } : {}),
      ...(o.selector ? { nodeSelector: o.selector } : {}),
    },
    status: { phase: o.phase ?? 'Pending', conditions: o.ready ? [{ type: 'Ready', status: 'True' }] : [] },
  }) as unknown as KubeObject;

export const node = (name: string, o: { ready?: boolean; unschedulable?: boolean; labels?: Record<string, string>; cpu?: string } = {}): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: o.labels ?? {} },
    spec: o.unschedulable ? { unschedulable: true } : {},
    status: {
      allocatable: { cpu: o.cpu ?? '4', memory: '8Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  }) as unknown as KubeObject;
