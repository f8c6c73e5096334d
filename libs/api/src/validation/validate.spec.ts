import type { ConfigMap, Endpoints, Event, KubeObject, Pod, ReplicationController, Secret, Service } from '../types';
import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import { checkObject, unknownFields, validateObject } from './validate';
import { namespace, nginxPod, nginxRc, node, nodePortService, redisPod } from '../testing/manifests.fixtures';

type Mutable = any; // tests poke at arbitrary JSON

/** Validate `base` after `edit`, expecting exactly the causes whose fields are listed. */
function causesAfter<T extends KubeObject>(base: T, edit: (o: Mutable) => void): FieldCause[] {
  const o = structuredClone(base) as Mutable;
  edit(o);
  return validateObject(o);
}

function expectCause(causes: FieldCause[], field: string, reason: FieldCause['reason'], message?: string | RegExp) {
  const hit = causes.find((c) => c.field === field && c.reason === reason);
  if (!hit) throw new Error(`no ${reason} at ${field}; got ${JSON.stringify(causes, null, 1)}`);
  if (message !== undefined) expect(hit.message).toMatch(message);
}

describe('validateObject accepts realistic manifests', () => {
  it.each([
    ['nginx pod', nginxPod()],
    ['redis pod', redisPod()],
    ['rc', nginxRc()],
    ['NodePort service', nodePortService()],
    ['node', node()],
    ['namespace', namespace()],
  ] as [string, KubeObject][])('%s', (_n, obj) => {
    expect(validateObject(obj)).toEqual([]);
    expect(validateObject(obj, { strict: true })).toEqual([]);
  });

  it('accepts an ExternalName service and a headless service without ports', () => {
    const ext: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } };
    expect(validateObject(ext)).toEqual([]);
    const headless: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'h' }, spec: { clusterIP: 'None', selector: { app: 'x' } } };
    expect(validateObject(headless)).toEqual([]);
  });

  it('accepts endpoints and events', () => {
    const ep: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'my-service', namespace: 'default' },
      subsets: [{ addresses: [{ ip: '10.244.1.5', nodeName: 'n1', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'default' } }], ports: [{ port: 80 }] }],
    };
    expect(validateObject(ep)).toEqual([]);
    const ev: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-1.17a', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-1 to n1',
      type: 'Normal',
      count: 1,
      source: { component: 'default-scheduler' },
    };
    expect(validateObject(ev)).toEqual([]);
  });

  it('accepts what kubectl --dry-run=client -o json produces', () => {
    const run = JSON.parse(
      '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"nginx","creationTimestamp":null,"labels":{"run":"nginx"}},' +
        '"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst"},"status":{}}',
    );
    const svc = JSON.parse(
      '{"kind":"Service","apiVersion":"v1","metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},' +
        '"spec":{"ports":[{"name":"80-80","protocol":"TCP","port":80,"targetPort":80}],"selector":{"app":"web"},"type":"NodePort"},"status":{"loadBalancer":{}}}',
    );
    for (const o of [run, svc]) {
      expect(validateObject(o, { strict: true })).toEqual([]);
      expect(validateObject(applyDefaults(o), { strict: true })).toEqual([]);
    }
  });

  it('refuses an image that is no string (YAML reads an unquoted `y` as true) instead of failing to default it', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: true }] } } as unknown as Pod;
    expect(validateObject(pod)).toEqual([expect.objectContaining({ reason: 'FieldValueTypeInvalid', field: 'spec.containers[0].image' })]);
  });

  it('does not mutate its input', () => {
    const pod = nginxPod();
    const copy = structuredClone(pod);
    validateObject(pod, { strict: true });
    expect(pod).toEqual(copy);
  });

  it('treats null as unset, as Go JSON decoding does', () => {
    expect(causesAfter(redisPod(), (p) => {
      p.spec.containers[0].livenessProbe = null;
      p.spec.containers[0].ports[0].hostPort = null;
      p.spec.activeDeadlineSeconds = null;
      p.metadata.ownerReferences = null;
    })).toEqual([]);
  });

  it('takes a generateName instead of a name', () => {
    expect(causesAfter(nginxPod(), (p) => { delete p.metadata.name; p.metadata.generateName = 'web-'; })).toEqual([]);
  });
});

describe('metadata rules', () => {
  it('requires a name', () => {
    const c = causesAfter(nginxPod(), (p) => delete p.metadata.name);
    expect(c).toEqual([{ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' }]);
  });
  it('checks the name format per kind', () => {
    expectCause(causesAfter(nginxPod(), (p) => (p.metadata.name = 'Web_1')), 'metadata.name', 'FieldValueInvalid', /^Invalid value: "Web_1": .*RFC 1123 subdomain/);
    // Service names are RFC 1035 labels: no leading digit, no dots.
    expectCause(causesAfter(nodePortService(), (s) => (s.metadata.name = '1svc')), 'metadata.name', 'FieldValueInvalid', /DNS-1035/);
    expectCause(causesAfter(nodePortService(), (s) => (s.metadata.name = 'a.b')), 'metadata.name', 'FieldValueInvalid');
    expectCause(causesAfter(namespace(), (n) => (n.metadata.name = 'Prod')), 'metadata.name', 'FieldValueInvalid', /RFC 1123 label/);
    expectCause(causesAfter(namespace(), (n) => (n.metadata.name = 'a.b')), 'metadata.name', 'FieldValueInvalid', 'Invalid value: "a.b": must not contain dots');
    expect(causesAfter(node(), (n) => (n.metadata.name = 'a.b.c'))).toEqual([]);
  });
  it('checks generateName as a prefix', () => {
    expectCause(causesAfter(nginxPod(), (p) => { delete p.metadata.name; p.metadata.generateName = 'Web-'; }), 'metadata.generateName', 'FieldValueInvalid');
  });
  it('checks the namespace', () => {
    expectCause(causesAfter(nginxPod(), (p) => (p.metadata.namespace = 'Bad_NS')), 'metadata.namespace', 'FieldValueInvalid');
    expectCause(causesAfter(node(), (n) => (n.metadata.namespace = 'default')), 'metadata.namespace', 'FieldValueForbidden', 'Forbidden: not allowed on this type');
  });
  it('checks label keys and values at metadata.labels', () => {
    expectCause(causesAfter(nginxPod(), (p) => (p.metadata.labels = { 'bad key': 'x' })), 'metadata.labels', 'FieldValueInvalid', /^Invalid value: "bad key": /);
    expectCause(causesAfter(nginxPod(), (p) => (p.metadata.labels = { app: '-x-' })), 'metadata.labels', 'FieldValueInvalid', /^Invalid value: "-x-": /);
    expectCause(causesAfter(nginxPod(), (p) => (p.metadata.labels = { app: 3 })), 'metadata.labels', 'FieldValueTypeInvalid');
  });
  it('checks annotation keys and total size', () => {
    expectCause(causesAfter(nginxPod(), (p) => (p.metadata.annotations = { '/x': 'y' })), 'metadata.annotations', 'FieldValueInvalid');
    expectCause(causesAfter(nginxPod(), (p) => (p.metadata.annotations = { big: 'x'.repeat(256 * 1024) })), 'metadata.annotations', 'FieldValueTooLong');
  });
  it('requires the fields of owner references', () => {
    expectCause(causesAfter(nginxPod(), (p) => (p.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'web' }])), 'metadata.ownerReferences[0].uid', 'FieldValueRequired');
  });
});

describe('pod rules', () => {
  it('requires containers', () => {
    expect(causesAfter(nginxPod(), (p) => (p.spec.containers = []))).toEqual([{ field: 'spec.containers', reason: 'FieldValueRequired', message: 'Required value' }]);
    expectCause(causesAfter(nginxPod(), (p) => delete p.spec.containers), 'spec.containers', 'FieldValueRequired');
    expectCause(causesAfter(nginxPod(), (p) => delete p.spec), 'spec', 'FieldValueRequired');
  });
  it('requires a container name and image', () => {
    expect(causesAfter(nginxPod(), (p) => delete p.spec.containers[0].name)).toEqual([
      { field: 'spec.containers[0].name', reason: 'FieldValueRequired', message: 'Required value' },
    ]);
    expect(causesAfter(nginxPod(), (p) => delete p.spec.containers[0].image)).toEqual([
      { field: 'spec.containers[0].image', reason: 'FieldValueRequired', message: 'Required value' },
    ]);
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].image = ' nginx')), 'spec.containers[0].image', 'FieldValueInvalid', /leading or trailing whitespace/);
  });
  it('wants container names to be DNS labels, unique across init containers too', () => {
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].name = 'Web')), 'spec.containers[0].name', 'FieldValueInvalid', /^Invalid value: "Web": .*RFC 1123 label/);
    expect(causesAfter(nginxPod(), (p) => p.spec.containers.push({ name: 'nginx', image: 'x' }))).toEqual([
      { field: 'spec.containers[1].name', reason: 'FieldValueDuplicate', message: 'Duplicate value: "nginx"' },
    ]);
    expectCause(causesAfter(redisPod(), (p) => (p.spec.initContainers[0].name = 'redis')), 'spec.containers[0].name', 'FieldValueDuplicate');
  });
  it('checks container ports', () => {
    expect(causesAfter(nginxPod(), (p) => (p.spec.containers[0].ports = [{ containerPort: 80 }, { containerPort: 70000 }]))).toEqual([
      { field: 'spec.containers[0].ports[1].containerPort', reason: 'FieldValueInvalid', message: 'Invalid value: 70000: must be between 1 and 65535, inclusive' },
    ]);
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].ports = [{ name: 'http' }])), 'spec.containers[0].ports[0].containerPort', 'FieldValueRequired');
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].ports[0].containerPort = '80')), 'spec.containers[0].ports[0].containerPort', 'FieldValueTypeInvalid');
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].ports[0].hostPort = 65536)), 'spec.containers[0].ports[0].hostPort', 'FieldValueInvalid');
    expect(causesAfter(nginxPod(), (p) => (p.spec.containers[0].ports[0].protocol = 'FOO'))).toEqual([
      { field: 'spec.containers[0].ports[0].protocol', reason: 'FieldValueNotSupported', message: 'Unsupported value: "FOO": supported values: "SCTP", "TCP", "UDP"' },
    ]);
  });
  it('checks port names (IANA_SVC_NAME) and their uniqueness', () => {
    expect(causesAfter(nginxPod(), (p) => (p.spec.containers[0].ports[0].name = 'http-web-server-1'))).toEqual([
      { field: 'spec.containers[0].ports[0].name', reason: 'FieldValueInvalid', message: 'Invalid value: "http-web-server-1": must be no more than 15 characters' },
    ]);
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].ports[0].name = '8080')), 'spec.containers[0].ports[0].name', 'FieldValueInvalid', /at least one letter/);
    expectCause(
      causesAfter(nginxPod(), (p) => (p.spec.containers[0].ports = [{ name: 'web', containerPort: 80 }, { name: 'web', containerPort: 81 }])),
      'spec.containers[0].ports[1].name',
      'FieldValueDuplicate',
      'Duplicate value: "web"',
    );
    expectCause(
      causesAfter(nginxPod(), (p) => (p.spec.containers[0].ports = [{ containerPort: 80 }, { containerPort: 80 }])),
      'spec.containers[0].ports[1].containerPort',
      'FieldValueDuplicate',
    );
    expect(causesAfter(nginxPod(), (p) => (p.spec.containers[0].ports = [{ containerPort: 53 }, { containerPort: 53, protocol: 'UDP' }]))).toEqual([]);
  });
  it('checks restartPolicy, dnsPolicy, imagePullPolicy', () => {
    expect(causesAfter(nginxPod(), (p) => (p.spec.restartPolicy = 'Sometimes'))).toEqual([
      { field: 'spec.restartPolicy', reason: 'FieldValueNotSupported', message: 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"' },
    ]);
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.dnsPolicy = 'Google')), 'spec.dnsPolicy', 'FieldValueNotSupported');
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].imagePullPolicy = 'Maybe')), 'spec.containers[0].imagePullPolicy', 'FieldValueNotSupported');
  });
  it('checks durations', () => {
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.terminationGracePeriodSeconds = -1)), 'spec.terminationGracePeriodSeconds', 'FieldValueInvalid', 'must be greater than or equal to 0');
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.activeDeadlineSeconds = 0)), 'spec.activeDeadlineSeconds', 'FieldValueInvalid', 'Invalid value: 0: must be between 1 and 2147483647, inclusive');
  });
  it('checks resource quantities and requests ≤ limits', () => {
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].resources = { requests: { cpu: '1.2.3' } })), 'spec.containers[0].resources.requests[cpu]', 'FieldValueInvalid', /quantities must match/);
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].resources = { limits: { memory: '-1Gi' } })), 'spec.containers[0].resources.limits[memory]', 'FieldValueInvalid', /greater than or equal to 0/);
    expectCause(
      causesAfter(nginxPod(), (p) => (p.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '1' } })),
      'spec.containers[0].resources.requests[cpu]',
      'FieldValueInvalid',
      'Invalid value: "2": must be less than or equal to cpu limit of 1',
    );
    expect(causesAfter(nginxPod(), (p) => (p.spec.containers[0].resources = { requests: { cpu: 2, memory: '1Gi' }, limits: { cpu: '2000m' } }))).toEqual([]);
    // A request given as a number or in other units reads as Quantity.String() prints it: a quoted canonical string.
    expectCause(
      causesAfter(nginxPod(), (p) => (p.spec.containers[0].resources = { requests: { cpu: 2, memory: '1024Mi' }, limits: { cpu: '1000m', memory: '0.5Gi' } })),
      'spec.containers[0].resources.requests[cpu]',
      'FieldValueInvalid',
      'Invalid value: "2": must be less than or equal to cpu limit of 1',
    );
    expectCause(
      causesAfter(nginxPod(), (p) => (p.spec.containers[0].resources = { requests: { memory: '1024Mi' }, limits: { memory: '0.5Gi' } })),
      'spec.containers[0].resources.requests[memory]',
      'FieldValueInvalid',
      'Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi',
    );
  });
  it('checks probes', () => {
    expect(causesAfter(nginxPod(), (p) => (p.spec.containers[0].livenessProbe = { periodSeconds: 5 }))).toEqual([
      { field: 'spec.containers[0].livenessProbe', reason: 'FieldValueRequired', message: 'Required value: must specify a handler type' },
    ]);
    expectCause(
      causesAfter(nginxPod(), (p) => (p.spec.containers[0].readinessProbe = { exec: { command: ['true'] }, tcpSocket: { port: 80 } })),
      'spec.containers[0].readinessProbe.tcpSocket',
      'FieldValueForbidden',
      'Forbidden: may not specify more than 1 handler type',
    );
    expectCause(
      causesAfter(nginxPod(), (p) => (p.spec.containers[0].livenessProbe = { httpGet: { port: 80 }, successThreshold: 2 })),
      'spec.containers[0].livenessProbe.successThreshold',
      'FieldValueInvalid',
      'Invalid value: 2: must be 1',
    );
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].readinessProbe = { httpGet: { port: 0 } })), 'spec.containers[0].readinessProbe.httpGet.port', 'FieldValueRequired');
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].readinessProbe = { httpGet: { port: 'Not_A_Name' } })), 'spec.containers[0].readinessProbe.httpGet.port', 'FieldValueInvalid');
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].readinessProbe = { tcpSocket: { port: 80 }, initialDelaySeconds: -5 })), 'spec.containers[0].readinessProbe.initialDelaySeconds', 'FieldValueInvalid');
  });
  it('checks env vars', () => {
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].env = [{ name: '1ABC', value: 'x' }])), 'spec.containers[0].env[0].name', 'FieldValueInvalid', /environment variable name/);
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].env = [{ value: 'x' }])), 'spec.containers[0].env[0].name', 'FieldValueRequired');
    expectCause(
      causesAfter(nginxPod(), (p) => (p.spec.containers[0].env = [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }])),
      'spec.containers[0].env[0].valueFrom',
      'FieldValueInvalid',
      /may not be specified when `value` is not empty/,
    );
  });
  it('checks volumes and mounts', () => {
    expectCause(causesAfter(redisPod(), (p) => (p.spec.volumes[0].name = 'other')), 'spec.containers[0].volumeMounts[0].name', 'FieldValueNotFound', 'Not found: "data"');
    expectCause(causesAfter(redisPod(), (p) => p.spec.volumes.push({ name: 'data' })), 'spec.volumes[1].name', 'FieldValueDuplicate');
    expectCause(causesAfter(redisPod(), (p) => delete p.spec.containers[0].volumeMounts[0].mountPath), 'spec.containers[0].volumeMounts[0].mountPath', 'FieldValueRequired');
  });
  it('checks nodeSelector as labels, and node and host names', () => {
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.nodeSelector = { 'bad key': 'x' })), 'spec.nodeSelector', 'FieldValueInvalid');
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.nodeName = 'Node_1')), 'spec.nodeName', 'FieldValueInvalid');
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.hostname = 'a.b')), 'spec.hostname', 'FieldValueInvalid');
  });
  it('reports wrong shapes as type errors, not crashes', () => {
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers = 'nginx')), 'spec.containers', 'FieldValueTypeInvalid');
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers = ['nginx'])), 'spec.containers[0]', 'FieldValueTypeInvalid');
    expectCause(causesAfter(nginxPod(), (p) => (p.spec.containers[0].ports = { containerPort: 80 })), 'spec.containers[0].ports', 'FieldValueTypeInvalid');
  });
  it('reports several causes at once', () => {
    const c = causesAfter(nginxPod(), (p) => {
      p.metadata.name = 'Bad';
      p.spec.containers[0].name = '';
      p.spec.containers[0].ports[0].containerPort = 0;
    });
    expect(c.map((x) => x.field).sort()).toEqual(['metadata.name', 'spec.containers[0].name', 'spec.containers[0].ports[0].containerPort']);
  });
});

describe('replication controller rules', () => {
  const rc = (edit: (o: Mutable) => void) => causesAfter<ReplicationController>(nginxRc(), edit);
  it('requires a selector (after defaulting from template labels)', () => {
    expect(rc((r) => delete r.spec.selector)).toEqual([]);
    expectCause(rc((r) => { delete r.spec.selector; delete r.spec.template.metadata.labels; }), 'spec.selector', 'FieldValueRequired');
  });
  it('requires the template labels to match the selector', () => {
    expect(rc((r) => (r.spec.template.metadata.labels = { app: 'apache' }))).toEqual([
      {
        field: 'spec.template.metadata.labels',
        reason: 'FieldValueInvalid',
        message: 'Invalid value: map[string]string{"app":"apache"}: `selector` does not match template `labels`',
      },
    ]);
    expect(rc((r) => (r.spec.template.metadata.labels = { app: 'nginx', tier: 'web' }))).toEqual([]);
  });
  it('requires a template whose pods restart Always', () => {
    expectCause(rc((r) => delete r.spec.template), 'spec.template', 'FieldValueRequired');
    expect(rc((r) => (r.spec.template.spec.restartPolicy = 'OnFailure'))).toEqual([
      { field: 'spec.template.spec.restartPolicy', reason: 'FieldValueNotSupported', message: 'Unsupported value: "OnFailure": supported values: "Always"' },
    ]);
  });
  it('validates the template as a pod spec', () => {
    expectCause(rc((r) => delete r.spec.template.spec.containers[0].image), 'spec.template.spec.containers[0].image', 'FieldValueRequired');
    expectCause(rc((r) => (r.spec.template.spec.containers[0].ports[0].containerPort = -1)), 'spec.template.spec.containers[0].ports[0].containerPort', 'FieldValueInvalid');
  });
  it('checks replicas and selector labels', () => {
    expectCause(rc((r) => (r.spec.replicas = -1)), 'spec.replicas', 'FieldValueInvalid', 'Invalid value: -1: must be greater than or equal to 0');
    expectCause(rc((r) => (r.spec.minReadySeconds = -1)), 'spec.minReadySeconds', 'FieldValueInvalid');
    expectCause(rc((r) => (r.spec.selector = { 'bad key': 'nginx' })), 'spec.selector', 'FieldValueInvalid');
  });
});

describe('service rules', () => {
  const svc = (edit: (o: Mutable) => void) => causesAfter<Service>(nodePortService(), edit);
  it('requires ports unless ExternalName or headless', () => {
    expectCause(svc((s) => delete s.spec.ports), 'spec.ports', 'FieldValueRequired');
  });
  it('checks port numbers 1–65535', () => {
    expect(svc((s) => (s.spec.ports[0].port = 0))).toEqual([{ field: 'spec.ports[0].port', reason: 'FieldValueRequired', message: 'Required value' }]);
    expectCause(svc((s) => (s.spec.ports[0].port = 65536)), 'spec.ports[0].port', 'FieldValueInvalid', 'Invalid value: 65536: must be between 1 and 65535, inclusive');
  });
  it('checks targetPort as number or IANA_SVC_NAME', () => {
    expectCause(svc((s) => (s.spec.ports[1].targetPort = 70000)), 'spec.ports[1].targetPort', 'FieldValueInvalid');
    expectCause(svc((s) => (s.spec.ports[0].targetPort = 'HTTP_WEB')), 'spec.ports[0].targetPort', 'FieldValueInvalid');
    expectCause(svc((s) => (s.spec.ports[0].targetPort = true)), 'spec.ports[0].targetPort', 'FieldValueTypeInvalid');
  });
  it('checks protocol and type', () => {
    expectCause(svc((s) => (s.spec.ports[0].protocol = 'HTTP')), 'spec.ports[0].protocol', 'FieldValueNotSupported');
    expectCause(svc((s) => (s.spec.type = 'Ingress')), 'spec.type', 'FieldValueNotSupported', /supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"/);
    expectCause(svc((s) => (s.spec.sessionAffinity = 'Sticky')), 'spec.sessionAffinity', 'FieldValueNotSupported');
  });
  it('requires names on multiple ports, unique', () => {
    expectCause(svc((s) => delete s.spec.ports[1].name), 'spec.ports[1].name', 'FieldValueRequired');
    expectCause(svc((s) => (s.spec.ports[1].name = 'http')), 'spec.ports[1].name', 'FieldValueDuplicate', 'Duplicate value: "http"');
    expectCause(svc((s) => (s.spec.ports[1].name = 'Metrics')), 'spec.ports[1].name', 'FieldValueInvalid');
    expectCause(svc((s) => (s.spec.ports[1].port = 80)), 'spec.ports[1]', 'FieldValueDuplicate');
    expect(svc((s) => { s.spec.ports = [{ port: 80 }]; })).toEqual([]);
  });
  it('checks nodePort range and type', () => {
    expectCause(
      svc((s) => (s.spec.ports[0].nodePort = 8080)),
      'spec.ports[0].nodePort',
      'FieldValueInvalid',
      'Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    expectCause(svc((s) => (s.spec.type = 'ClusterIP')), 'spec.ports[0].nodePort', 'FieldValueForbidden', "Forbidden: may not be used when `type` is 'ClusterIP'");
    expectCause(svc((s) => (s.spec.ports[1].nodePort = 30007)), 'spec.ports[1].nodePort', 'FieldValueDuplicate');
  });
  it('accepts no selector, checks one that is given', () => {
    expect(svc((s) => delete s.spec.selector)).toEqual([]);
    expectCause(svc((s) => (s.spec.selector = { app: 'a b' })), 'spec.selector', 'FieldValueInvalid');
  });
  it('checks IPs and policies', () => {
    expectCause(svc((s) => (s.spec.clusterIP = '10.0.0.300')), 'spec.clusterIP', 'FieldValueInvalid');
    expect(svc((s) => (s.spec.clusterIP = '10.96.0.10'))).toEqual([]);
    expectCause(svc((s) => (s.spec.externalIPs = ['not-an-ip'])), 'spec.externalIPs[0]', 'FieldValueInvalid');
    expectCause(svc((s) => { s.spec.type = 'ClusterIP'; s.spec.ports.forEach((p: Mutable) => delete p.nodePort); s.spec.externalTrafficPolicy = 'Local'; }), 'spec.externalTrafficPolicy', 'FieldValueInvalid');
    expectCause(svc((s) => (s.spec.ipFamilies = ['IPv5'])), 'spec.ipFamilies[0]', 'FieldValueNotSupported');
    expectCause(svc((s) => (s.spec.ipFamilyPolicy = 'TripleStack')), 'spec.ipFamilyPolicy', 'FieldValueNotSupported');
    expectCause(svc((s) => (s.spec.internalTrafficPolicy = 'Nearby')), 'spec.internalTrafficPolicy', 'FieldValueNotSupported');
  });
  it('needs a DNS name for ExternalName', () => {
    const ext = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { type: 'ExternalName' } } as Service;
    expectCause(validateObject(ext), 'spec.externalName', 'FieldValueRequired');
    expectCause(causesAfter(ext, (s) => (s.spec.externalName = 'Not A Host')), 'spec.externalName', 'FieldValueInvalid');
  });
});

describe('other kinds', () => {
  it('endpoints: IPs, ports, names', () => {
    const ep = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 's' }, subsets: [{ addresses: [{ ip: 'x' }], ports: [{ port: 0 }, { port: 70000, name: 'a' }] }] } as Endpoints;
    const c = validateObject(ep);
    expectCause(c, 'subsets[0].addresses[0].ip', 'FieldValueInvalid');
    expectCause(c, 'subsets[0].ports[0].port', 'FieldValueRequired');
    expectCause(c, 'subsets[0].ports[0].name', 'FieldValueRequired');
    expectCause(c, 'subsets[0].ports[1].port', 'FieldValueInvalid');
  });
  it('endpoints and external IPs: no unspecified, loopback or link-local address, as ValidateNonSpecialIP', () => {
    const at = (ip: string) => validateObject({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 's' }, subsets: [{ addresses: [{ ip }], ports: [{ port: 80 }] }] } as Endpoints);
    expectCause(at('127.0.0.1'), 'subsets[0].addresses[0].ip', 'FieldValueInvalid', 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)');
    expectCause(at('169.254.169.254'), 'subsets[0].addresses[0].ip', 'FieldValueInvalid', 'Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)');
    expectCause(at('0.0.0.0'), 'subsets[0].addresses[0].ip', 'FieldValueInvalid', 'Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)');
    expectCause(at('224.0.0.5'), 'subsets[0].addresses[0].ip', 'FieldValueInvalid', /link-local multicast range \(224\.0\.0\.0\/24, ff02::\/10\)$/);
    expectCause(at('::1'), 'subsets[0].addresses[0].ip', 'FieldValueInvalid', /loopback/);
    expectCause(at('fe80::1'), 'subsets[0].addresses[0].ip', 'FieldValueInvalid', /link-local range/);
    for (const ip of ['10.0.0.1', '192.0.2.10', '2001:db8::1']) expect(at(ip)).toEqual([]);
    const empty = validateObject({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 's' }, subsets: [{ ports: [{ port: 80 }] }] } as Endpoints);
    expectCause(empty, 'subsets[0]', 'FieldValueRequired', 'Required value: must specify `addresses` or `notReadyAddresses`');
    expectCause(causesAfter<Service>(nodePortService(), (s) => (s.spec.externalIPs = ['127.0.0.1'])), 'spec.externalIPs[0]', 'FieldValueInvalid', /may not be in the loopback range/);
  });
  it('node: taints, CIDR, quantities', () => {
    expectCause(causesAfter(node(), (n) => (n.spec.taints[0].effect = 'Maybe')), 'spec.taints[0].effect', 'FieldValueNotSupported');
    expectCause(causesAfter(node(), (n) => delete n.spec.taints[0].key), 'spec.taints[0].key', 'FieldValueRequired');
    expectCause(causesAfter(node(), (n) => (n.spec.podCIDR = '10.0.0.0/33')), 'spec.podCIDR', 'FieldValueInvalid');
    expectCause(causesAfter(node(), (n) => (n.status.capacity.cpu = 'lots')), 'status.capacity[cpu]', 'FieldValueInvalid');
  });
  it('event: involvedObject namespace must match', () => {
    const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'a' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'b' } } as Event;
    expectCause(validateObject(ev), 'involvedObject.namespace', 'FieldValueInvalid', 'Invalid value: "b": does not match event.namespace');
    expectCause(causesAfter(ev, (e) => delete e.involvedObject), 'involvedObject', 'FieldValueRequired');
    expectCause(causesAfter(ev, (e) => { e.involvedObject.namespace = 'a'; e.type = 'Info'; }), 'type', 'FieldValueNotSupported');
  });
  it('configmap: config keys, no key in both maps, base64 binaryData, 1 MiB in all', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { 'app.mode': 'fast', LEVEL: '3' } } as ConfigMap;
    expect(validateObject(cm)).toEqual([]);
    expectCause(causesAfter(cm, (c) => (c.data['bad key'] = 'x')), 'data[bad key]', 'FieldValueInvalid', /a valid config key must consist of alphanumeric characters/);
    expectCause(causesAfter(cm, (c) => (c.binaryData = { LEVEL: 'AAEC' })), 'data[LEVEL]', 'FieldValueInvalid', 'Invalid value: "LEVEL": duplicate of key present in binaryData');
    expectCause(causesAfter(cm, (c) => (c.binaryData = { blob: 'not base64!' })), 'binaryData[blob]', 'FieldValueInvalid');
    expectCause(causesAfter(cm, (c) => (c.data.big = 'x'.repeat(1024 * 1024))), 'data', 'FieldValueTooLong');
    expectCause(causesAfter(cm, (c) => (c.data.LEVEL = 3)), 'data["LEVEL"]', 'FieldValueTypeInvalid');
  });
  it('secret: stringData merged into data as base64, type Opaque by default; data must be base64', () => {
    const given = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: Buffer.from('1').toString('base64') }, stringData: { password: 'pa ss' } } as Secret;
    const secret = applyDefaults(given);
    expect(secret).toMatchObject({ type: 'Opaque', data: { a: 'MQ==', password: Buffer.from('pa ss').toString('base64') } });
    expect(secret.stringData).toBeUndefined();
    expect(validateObject(secret)).toEqual([]);
    expectCause(causesAfter(secret, (x) => (x.data.a = 'plain text')), 'data[a]', 'FieldValueInvalid', /must be base64-encoded/);
  });
  it('secret: the keys its type needs (tls, ssh-auth, basic-auth, docker configs), from data or stringData', () => {
    const secret = (type: string, extra: Record<string, unknown> = {}) => applyDefaults({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type, ...extra } as Secret);
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    expect(validateObject(secret('kubernetes.io/tls')).map((c) => `${c.field}: ${c.message}`)).toEqual(['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
    expect(validateObject(secret('kubernetes.io/tls', { data: { 'tls.crt': b64('c'), 'tls.key': b64('k') } }))).toEqual([]);
    expect(validateObject(secret('kubernetes.io/ssh-auth', { stringData: { 'ssh-privatekey': 'k' } }))).toEqual([]);
    expect(validateObject(secret('kubernetes.io/basic-auth')).map((c) => `${c.field}: ${c.message}`)).toEqual(['data[username]: Required value', 'data[password]: Required value']);
    expect(validateObject(secret('kubernetes.io/basic-auth', { stringData: { password: 'p' } }))).toEqual([]);
    expectCause(validateObject(secret('kubernetes.io/dockerconfigjson', { data: { '.dockerconfigjson': b64('{nope') } })), 'data[.dockerconfigjson]', 'FieldValueInvalid');
    expect(validateObject(secret('kubernetes.io/dockerconfigjson', { stringData: { '.dockerconfigjson': '{"auths":{}}' } }))).toEqual([]);
    expect(validateObject(secret('example.com/own-type'))).toEqual([]);
    // A service-account-token Secret names its ServiceAccount, as kube-apiserver requires.
    expect(validateObject(secret('kubernetes.io/service-account-token')).map((c) => `${c.field}: ${c.message}`)).toEqual(['metadata.annotations[kubernetes.io/service-account.name]: Required value']);
    expect(validateObject(secret('kubernetes.io/service-account-token', { metadata: { name: 's', annotations: { 'kubernetes.io/service-account.name': 'bot' } } }))).toEqual([]);
  });
  it('rejects unknown kinds', () => {
    expectCause(validateObject({ apiVersion: 'v1', kind: 'RuntimeClass', metadata: {} } as unknown as Pod), 'kind', 'FieldValueNotSupported');
  });
});

describe('unknownFields', () => {
  it('finds misspelt fields at their paths, without descending into maps', () => {
    const pod = nginxPod() as Mutable;
    pod.spec.containers[0].imagee = 'nginx';
    pod.spec.containers[0].ports[0].containerport = 80;
    pod.metadata.labels['any-key'] = 'ok';
    pod.metadata.annotations = { 'whatever/else': 'ok' };
    pod.spec.nodeSelector = { disk: 'ssd' };
    pod.spec.restartpolicy = 'Never';
    pod.bogus = 1;
    expect(unknownFields(pod).sort()).toEqual(['bogus', 'spec.containers[0].imagee', 'spec.containers[0].ports[0].containerport', 'spec.restartpolicy']);
  });
  it('is empty for realistic manifests, and passes through fields not validated here', () => {
    for (const o of [nginxPod(), redisPod(), nginxRc(), nodePortService(), node(), namespace()]) expect(unknownFields(o)).toEqual([]);
  });
  it('feeds strict validation', () => {
    const pod = nginxPod() as Mutable;
    pod.spec.containers[0].imagee = 'x';
    expect(validateObject(pod)).toEqual([]);
    expect(validateObject(pod, { strict: true })).toEqual([
      { field: 'spec.containers[0].imagee', reason: 'FieldValueUnknown', message: 'unknown field "spec.containers[0].imagee"' },
    ]);
  });
});

describe('checkObject', () => {
  it('drops unknown fields from the object it answers, as kube-apiserver\'s decoder does under Warn and Ignore, and leaves the given one alone', () => {
    const typo = nginxPod() as Mutable;
    typo.spec.containers[0].imagee = 'nginx';
    typo.spec.containers[0].ports[0].containerport = 80;
    typo.bogus = 1;
    const checked = checkObject(typo) as { object: Mutable; unknown: string[] };
    expect(checked.unknown.sort()).toEqual(['bogus', 'spec.containers[0].imagee', 'spec.containers[0].ports[0].containerport']);
    expect(checked.object.bogus).toBeUndefined();
    expect(checked.object.spec.containers[0]).not.toHaveProperty('imagee');
    expect(checked.object.spec.containers[0].ports[0]).toEqual({ containerPort: 80, protocol: 'TCP' });
    expect(checked.object.spec.containers[0].image).toBe(typo.spec.containers[0].image);
    expect(checked.object.metadata.labels).toEqual(typo.metadata.labels);
  });

  /** Objects of every kind, valid and not, with unknown fields and fields defaulting rewrites. */
  const cases = (): [string, KubeObject][] => {
    const typo = nginxPod() as Mutable;
    typo.spec.containers[0].imagee = 'nginx';
    typo.spec.containers[0].ports[0].containerport = 80;
    typo.bogus = 1;
    const invalid = redisPod() as Mutable;
    invalid.spec.containers[0].name = 'Not_A_Name';
    invalid.spec.restartPolicy = 'Sometimes';
    invalid.spec.extra = true;
    const rc = nginxRc() as Mutable;
    rc.spec.replicas = -1;
    rc.spec.template.spec.containers[0].imagePullPolicy = undefined;
    const svc = nodePortService() as Mutable;
    svc.spec.ports[0].nodeport = 1;
    return [
      ['pod with typos', typo],
      ['invalid pod', invalid],
      ['invalid rc', rc],
      ['service with a typo', svc],
      ['node', node()],
      ['namespace', { ...namespace(), spec: { finalizerz: [] } } as KubeObject],
      ['secret with stringData', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'pa ss' }, extra: 1 } as unknown as Secret],
      ['config map', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'b' }, datta: {} } as unknown as ConfigMap],
      ['endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: 'x', iP: 'y' }], ports: [{ port: 0 }] }] } as unknown as Endpoints],
      ['event', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'a' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'b' }, reasonn: 'x' } as unknown as Event],
      ['unknown kind', { apiVersion: 'v1', kind: 'StorageClass', metadata: {} } as unknown as Pod],
    ];
  };

  it.each(cases())('answers as applyDefaults, unknownFields and validateObject do: %s', (_n, given) => {
    const checked = checkObject(structuredClone(given));
    // Its object is applyDefaults' without the unknown fields (kube's decoder drops them).
    expect(unknownFields(checked.object)).toEqual([]);
    if (checked.unknown.length === 0) expect(checked.object).toEqual(applyDefaults(given));
    expect(checked.unknown).toEqual(unknownFields(given));
    expect(checked.causes).toEqual(validateObject(applyDefaults(given)));
  });

  it('finds the unknown fields and the violations together', () => {
    const [, invalid] = cases()[1];
    const { unknown, causes } = checkObject(invalid);
    expect(unknown).toEqual(['spec.extra']);
    expect(causes.map((c) => c.field).sort()).toEqual(['spec.containers[0].name', 'spec.restartPolicy']);
  });

  it('defaulting adds no field the DTOs do not know (what one pass relies on)', () => {
    for (const [, given] of cases()) expect(unknownFields(applyDefaults(given))).toEqual(unknownFields(given));
  });
});
