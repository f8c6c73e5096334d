import { canonicalJson, controllerRevisionHash, controllerRevisionName, statefulSetRevisionData, templateOfRevision } from './controller-revision';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };

describe('ControllerRevisions, as kube-controller-manager\'s controller history makes them', () => {
  it('records a StatefulSet\'s template as a patch that replaces it, written as Go writes it (keys sorted, creationTimestamp null)', () => {
    expect(canonicalJson(statefulSetRevisionData(template))).toBe(
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
});
