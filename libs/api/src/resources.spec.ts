import { objectKey, RESOURCES, resourceByKind, resourceByName } from './resources';
import { KINDS } from './types';

describe('resource table', () => {
  it('has every kind once', () => {
    expect(RESOURCES.map((r) => r.kind).sort()).toEqual([...KINDS].sort());
  });

  it.each([
    ['pods', 'Pod'],
    ['pod', 'Pod'],
    ['po', 'Pod'],
    ['no', 'Node'],
    ['rc', 'ReplicationController'],
    ['replicationcontroller', 'ReplicationController'],
    ['svc', 'Service'],
    ['ep', 'Endpoints'],
    ['endpoints', 'Endpoints'],
    ['ns', 'Namespace'],
    ['ev', 'Event'],
    ['Pods', 'Pod'],
  ])('resourceByName(%s) is %s', (name, kind) => {
    expect(resourceByName(name)?.kind).toBe(kind);
  });

  it('knows scope and categories', () => {
    expect(resourceByKind('Node')).toMatchObject({ resource: 'nodes', namespaced: false, shortNames: ['no'] });
    expect(resourceByKind('Namespace')?.namespaced).toBe(false);
    expect(resourceByKind('Pod')).toMatchObject({ namespaced: true, categories: ['all'] });
    expect(resourceByKind('Service')?.categories).toEqual(['all']);
    expect(resourceByKind('ReplicationController')?.categories).toEqual(['all']);
    expect(resourceByKind('Event')?.categories).toEqual([]);
    expect(resourceByName('runtimeclasses')).toBeUndefined();
    expect(resourceByName('pc')).toMatchObject({ kind: 'PriorityClass', group: 'scheduling.k8s.io', namespaced: false });
    expect(resourceByName('deploy')).toMatchObject({ kind: 'Deployment', group: 'apps', categories: ['all'], scale: true });
    expect(resourceByName('rs')).toMatchObject({ kind: 'ReplicaSet', group: 'apps', categories: ['all'], scale: true });
    expect(resourceByName('sts')).toMatchObject({ kind: 'StatefulSet', group: 'apps', categories: ['all'], scale: true });
    expect(resourceByName('controllerrevisions')).toMatchObject({ kind: 'ControllerRevision', group: 'apps', categories: [], shortNames: [] });
  });

  it('builds the event-log key', () => {
    expect(objectKey('Pod', 'default', 'web-1')).toBe('pods/default/web-1');
    expect(objectKey('ReplicationController', 'prod', 'web')).toBe('replicationcontrollers/prod/web');
    expect(objectKey('Node', undefined, 'n1')).toBe('nodes/n1');
    expect(objectKey('Namespace', 'ignored', 'kube-system')).toBe('namespaces/kube-system');
    expect(() => objectKey('Pod', '', 'x')).toThrow(/namespaced/);
  });
});

describe('create on update', () => {
  it('lets a PUT create only the kinds whose registries allow it (AllowCreateOnUpdate): Services, Endpoints, Events', () => {
    expect(RESOURCES.filter((r) => r.createOnUpdate).map((r) => r.kind)).toEqual(['Service', 'Endpoints', 'Event']);
  });
});
