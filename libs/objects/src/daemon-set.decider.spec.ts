import type { KubeObject } from '@bosun/api';
import type { DomainEvent } from './object.event';
import { given, meta } from './testing/decider.given';

// A DaemonSet keeps its template generation in an annotation that only the server writes (daemonSetStrategy.PrepareForUpdate).
const GENERATION = 'deprecated.daemonset.template.generation';
const id = { kind: 'DaemonSet' as const, namespace: 'default', name: 'agent' };
const daemonSet = (image: string, minReadySeconds: number, annotations?: Record<string, string>): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default', uid: 'uid-ds', ...(annotations ? { annotations } : {}) },
    spec: { minReadySeconds, selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image }] } } },
  }) as unknown as KubeObject;
const created: DomainEvent = {
  type: 'DaemonSetCreated',
  data: { object: { ...daemonSet('busybox:1', 0), metadata: { ...daemonSet('busybox:1', 0, { [GENERATION]: '1' }).metadata, creationTimestamp: '2026-11-29T09:00:00Z', generation: 1 } } },
  metadata: { machineVersion: 1, commandId: 'e-1', time: '2026-11-29T09:00:00Z', source: '/bosun/test' },
};
const replace = (object: KubeObject) => given(id, [created]).when({ type: 'Replace', data: { object }, metadata: meta() }).thenState().object?.metadata;

describe('DaemonSet decider', () => {
  it('counts a template change in the template generation and the generation', () => {
    expect(replace(daemonSet('busybox:2', 0, { [GENERATION]: '1' }))).toMatchObject({ generation: 2, annotations: { [GENERATION]: '2' } });
  });

  it('counts another spec change in the generation only', () => {
    expect(replace(daemonSet('busybox:1', 5, { [GENERATION]: '1' }))).toMatchObject({ generation: 2, annotations: { [GENERATION]: '1' } });
  });

  it('keeps the template generation an update leaves out or sets', () => {
    expect(replace(daemonSet('busybox:1', 0, { [GENERATION]: '7', team: 'a' }))).toMatchObject({ generation: 1, annotations: { [GENERATION]: '1', team: 'a' } });
    expect(replace(daemonSet('busybox:2', 0))?.annotations).toEqual({ [GENERATION]: '2' });
  });
});
