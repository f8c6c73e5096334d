import { applyDefaults } from './defaults/defaults';
import type { KubeObject, StatefulSet } from './types';
import { canonicalJson, controllerRevisionHash, controllerRevisionName, statefulSetRevisionData, templateOfRevision } from './controller-revision';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };

describe('ControllerRevisions, as kube-controller-manager\'s controller history makes them', () => {
  it('records a StatefulSet\'s template as a patch that replaces it, written as Go writes it (keys sorted, creationTimestamp null)', () => {
    expect(canonicalJson(statefulSetRevisionData(template))).toBe(
      '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"image":"busybox","name":"c"}]}}}}',
    );
  });

  it('keeps the data\'s members in Go\'s order, so JSON.stringify writes the bytes kubectl compares with its own patch', () => {
    expect(JSON.stringify(statefulSetRevisionData({ spec: { containers: [{ name: 'c', image: 'busybox' }] }, metadata: { labels: { app: 'web' } } }))).toBe(
      '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"image":"busybox","name":"c"}]}}}}',
    );
  });

  it('hashes the data with FNV-1 and the collision count, spelled as SafeEncodeString (the value Go\'s hash/fnv gives for these bytes)', () => {
    expect(controllerRevisionHash(statefulSetRevisionData(template), 0)).toBe('65d468f5c');
    expect(controllerRevisionHash(statefulSetRevisionData(template), 1)).not.toBe('65d468f5c');
    expect(controllerRevisionName('web', '65d468f5c')).toBe('web-65d468f5c');
  });

  it('gives back the template a revision restores', () => {
    expect(templateOfRevision({ data: statefulSetRevisionData(template) })).toEqual(template);
  });

  it('names the revision of kube\'s StatefulSet example as kube-controller-manager 1.31 does (web-7f9699d864: Go\'s encoding/json of k8s.io/api\'s types, hash/fnv)', () => {
    const container = { name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.24', ports: [{ containerPort: 80, name: 'web' }] };
    const sts = applyDefaults({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'nginx' } }, template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [container] } } } } as unknown as KubeObject) as StatefulSet;
    expect(controllerRevisionName('web', controllerRevisionHash(statefulSetRevisionData(sts.spec!.template), 0))).toBe('web-7f9699d864');
  });
});
