import type { Endpoints, Event, Node, Pod, PodSpec, ReplicationController, Service } from '../types';
import { namespace, nginxPod, nginxRc, node, nodePortService } from '../testing/manifests.fixtures';
import { applyDefaults } from './defaults';
import { admitDefaultTolerations, admitServiceAccount, defaultPullPolicy } from './pod.defaults';

describe('applyDefaults', () => {
  it('defaults a pod exactly as Kubernetes does', () => {
    expect(applyDefaults(nginxPod())).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nginx', namespace: 'default', labels: { app: 'nginx' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.14.2',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        securityContext: {},
        schedulerName: 'default-scheduler',
        enableServiceLinks: true,
      },
    } satisfies Pod);
  });

  it('does not mutate, and is idempotent', () => {
    const pod = nginxPod();
    const copy = structuredClone(pod);
    const once = applyDefaults(pod);
    expect(pod).toEqual(copy);
    expect(applyDefaults(once)).toEqual(once);
    for (const o of [nginxRc(), nodePortService(), node(), namespace()]) expect(applyDefaults(applyDefaults(o))).toEqual(applyDefaults(o));
  });

  it('drops emptied metadata maps and lists, as Go omits them', () => {
    const pod = nginxPod();
    const emptied = applyDefaults({ ...pod, metadata: { ...pod.metadata, labels: {}, annotations: {}, finalizers: [], ownerReferences: [] } } as Pod);
    expect(emptied.metadata).not.toHaveProperty('labels');
    expect(emptied.metadata).not.toHaveProperty('annotations');
    expect(emptied.metadata).not.toHaveProperty('finalizers');
    expect(emptied.metadata).not.toHaveProperty('ownerReferences');
    expect(applyDefaults({ ...pod, metadata: { ...pod.metadata, labels: { app: 'x' } } } as Pod).metadata.labels).toEqual({ app: 'x' });
  });

  it('keeps what the user set', () => {
    const pod = nginxPod();
    Object.assign(pod.spec, { restartPolicy: 'Never', dnsPolicy: 'Default', terminationGracePeriodSeconds: 0, schedulerName: 'mine' });
    pod.metadata.namespace = 'prod';
    pod.spec.containers[0]!.imagePullPolicy = 'Never';
    const d = applyDefaults(pod);
    expect(d.metadata.namespace).toBe('prod');
    expect(d.spec).toMatchObject({ restartPolicy: 'Never', dnsPolicy: 'Default', terminationGracePeriodSeconds: 0, schedulerName: 'mine' });
    expect(d.spec.containers[0]!.imagePullPolicy).toBe('Never');
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['registry.local:5000/nginx', 'Always'],
    ['registry.local:5000/nginx:1.0', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef', 'IfNotPresent'],
  ])('imagePullPolicy for %s is %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it('defaults probes, env field refs, requests from limits, host ports, empty volumes', () => {
    const pod = nginxPod();
    const c = pod.spec.containers[0]!;
    c.livenessProbe = { httpGet: { port: 80 } };
    c.readinessProbe = { tcpSocket: { port: 80 }, periodSeconds: 5 };
    c.env = [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }];
    c.resources = { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } };
    pod.spec.hostNetwork = true;
    pod.spec.volumes = [{ name: 'scratch' }];
    const d = applyDefaults(pod).spec;
    const dc = d.containers[0]!;
    expect(dc.livenessProbe).toEqual({ httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(dc.readinessProbe).toEqual({ tcpSocket: { port: 80 }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 });
    expect(dc.env![0]!.valueFrom!.fieldRef).toEqual({ apiVersion: 'v1', fieldPath: 'spec.nodeName' });
    expect(dc.resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    expect(dc.ports![0]).toEqual({ containerPort: 80, hostPort: 80, protocol: 'TCP' });
    expect(d.volumes).toEqual([{ name: 'scratch', emptyDir: {} }]);
  });

  it('defaults init containers like containers', () => {
    const pod = nginxPod();
    pod.spec.initContainers = [{ name: 'init', image: 'busybox' }];
    expect(applyDefaults(pod).spec.initContainers![0]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePolicy: 'File' });
  });

  it('defaults a ClusterIP service', () => {
    const svc: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    expect(applyDefaults(svc)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        selector: { app: 'web' },
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
        type: 'ClusterIP',
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
      },
    } satisfies Service);
  });

  it('defaults NodePort, LoadBalancer, ClientIP affinity and ExternalName services', () => {
    const np = applyDefaults(nodePortService()).spec!;
    expect(np).toMatchObject({ externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' });
    expect(np.ports![0]).toEqual({ name: 'http', port: 80, targetPort: 'http-web', nodePort: 30007, protocol: 'TCP' });
    const lb = applyDefaults({ ...nodePortService(), spec: { type: 'LoadBalancer', ports: [{ port: 443 }], sessionAffinity: 'ClientIP' } } as Service).spec!;
    expect(lb).toMatchObject({ allocateLoadBalancerNodePorts: true, sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } });
    const v6 = applyDefaults({ ...nodePortService(), spec: { clusterIP: 'fd00::10', ports: [{ port: 53 }] } } as Service).spec!;
    expect(v6).toMatchObject({ ipFamilies: ['IPv6'], clusterIPs: ['fd00::10'] });
    const ext = applyDefaults({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } } as Service);
    expect(ext.spec).toEqual({ type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' });
  });

  it('defaults a replication controller from its template', () => {
    const rc = nginxRc();
    delete rc.spec!.selector;
    delete rc.spec!.replicas;
    const d = applyDefaults(rc);
    expect(d.spec!.selector).toEqual({ app: 'nginx' });
    expect(d.metadata.labels).toEqual({ app: 'nginx' });
    expect(d.spec!.replicas).toBe(1);
    expect(d.spec!.template!.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' });
    expect(d.spec!.template!.spec.containers[0]).toMatchObject({ imagePullPolicy: 'Always', ports: [{ containerPort: 80, protocol: 'TCP' }] });
    // The template keeps no namespace of its own.
    expect(d.spec!.template!.metadata!.namespace).toBeUndefined();
  });

  it('leaves a template’s requests alone when only limits are set: the pods made from it get them', () => {
    const rc = nginxRc();
    rc.spec!.template!.spec.containers[0]!.resources = { limits: { cpu: '200m' } };
    expect(applyDefaults(rc).spec!.template!.spec.containers[0]!.resources).toEqual({ limits: { cpu: '200m' } });
  });

  it('writes a template’s serviceAccountName into its deprecated twin serviceAccount, and reads the twin only when the name is empty, as kube-apiserver’s conversion does', () => {
    const withSpec = (spec: Partial<PodSpec>): PodSpec => {
      const rc = nginxRc();
      rc.spec!.template!.spec = { ...rc.spec!.template!.spec, ...spec };
      return applyDefaults(rc).spec!.template!.spec;
    };
    expect(withSpec({ serviceAccountName: 'robot' })).toMatchObject({ serviceAccountName: 'robot', serviceAccount: 'robot' });
    expect(withSpec({ serviceAccount: 'old' })).toMatchObject({ serviceAccountName: 'old', serviceAccount: 'old' });
    expect(withSpec({ serviceAccountName: 'new', serviceAccount: 'old' })).toMatchObject({ serviceAccountName: 'new', serviceAccount: 'new' });
    const none = withSpec({});
    expect([none.serviceAccountName, none.serviceAccount]).toEqual([undefined, undefined]);
  });

  it('stores resource quantities canonical, as kube-apiserver answers them: pods, templates and node capacity', () => {
    const pod = nginxPod();
    pod.spec.containers[0]!.resources = { requests: { cpu: 0.5 as never, memory: '1024Mi' }, limits: { cpu: 1 as never, memory: '1.5Gi', 'example.com/x': 'bad!' } };
    expect(applyDefaults(pod).spec.containers[0]!.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi', 'example.com/x': 'bad!' }, limits: { cpu: '1', memory: '1536Mi', 'example.com/x': 'bad!' } });
    const rc = nginxRc();
    rc.spec!.template!.spec.containers[0]!.resources = { limits: { cpu: '2000m' } };
    expect(applyDefaults(rc).spec!.template!.spec.containers[0]!.resources).toEqual({ limits: { cpu: '2' } });
    const n = node();
    n.status = { ...n.status, capacity: { cpu: '4000m', memory: '16384Mi' } } as never;
    expect(applyDefaults(n).status).toMatchObject({ capacity: { cpu: '4', memory: '16Gi' }, allocatable: { cpu: '4', memory: '16Gi' } });
  });

  it('does not overwrite an RC selector or labels', () => {
    const rc: ReplicationController = nginxRc();
    rc.metadata.labels = { team: 'a' };
    rc.spec!.replicas = 0;
    const d = applyDefaults(rc);
    expect(d.metadata.labels).toEqual({ team: 'a' });
    expect(d.spec!.selector).toEqual({ app: 'nginx' });
    expect(d.spec!.replicas).toBe(0);
  });

  it('defaults a namespace', () => {
    expect(applyDefaults(namespace())).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'prod', labels: { 'kubernetes.io/metadata.name': 'prod' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('leaves cluster-scoped kinds without a namespace; node allocatable defaults to capacity', () => {
    const n = applyDefaults(node());
    expect(n.metadata.namespace).toBeUndefined();
    expect(n.status!.allocatable).toEqual(n.status!.capacity);
    const bare: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } };
    expect(applyDefaults(bare)).toEqual(bare);
  });

  it('defaults endpoints port protocol and event namespace', () => {
    const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 's' }, subsets: [{ ports: [{ port: 80 }] }] };
    expect(applyDefaults(ep).subsets![0]!.ports![0]!.protocol).toBe('TCP');
    const ev: Event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Node', name: 'n1' } };
    expect(applyDefaults(ev).metadata.namespace).toBe('default');
  });

  it('tolerates malformed input', () => {
    expect(() => applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: 'x' } } as unknown as Pod)).not.toThrow();
    expect(() => applyDefaults({ apiVersion: 'v1', kind: 'Pod' } as unknown as Pod)).not.toThrow();
  });
});

describe('admitServiceAccount', () => {
  const spec = (extra: object): PodSpec => ({ containers: [], ...extra }) as PodSpec;
  const suffix = () => 'x7k2p';
  const mount = { name: 'kube-api-access-x7k2p', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
  // What kube-apiserver's plugin adds (TokenVolumeSource), as `kubectl get pod -o yaml` shows it.
  const volume = {
    name: 'kube-api-access-x7k2p',
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };

  it('names the default ServiceAccount unless the pod names one, in both fields', () => {
    const none = spec({});
    expect(admitServiceAccount(none, null, suffix)).toMatchObject({ serviceAccountName: 'default', serviceAccount: 'default' });
    expect(none).toEqual({ containers: [] }); // a copy: the given spec is left as it was
    expect(admitServiceAccount(spec({ serviceAccountName: 'builder' }), null, suffix)).toMatchObject({ serviceAccountName: 'builder', serviceAccount: 'builder' });
    // The deprecated field alone still names it.
    expect(admitServiceAccount(spec({ serviceAccount: 'old', serviceAccountName: '' }), null, suffix).serviceAccountName).toBe('old');
  });

  it('mounts the API credentials read-only in every init container and container, from one kube-api-access volume', () => {
    const given = spec({ initContainers: [{ name: 'setup' }], containers: [{ name: 'app', volumeMounts: [{ name: 'data', mountPath: '/data' }] }, { name: 'side' }], volumes: [{ name: 'data', emptyDir: {} }] });
    const admitted = admitServiceAccount(given, {}, suffix);
    expect(admitted.initContainers).toEqual([{ name: 'setup', volumeMounts: [mount] }]);
    expect(admitted.containers).toEqual([{ name: 'app', volumeMounts: [{ name: 'data', mountPath: '/data' }, mount] }, { name: 'side', volumeMounts: [mount] }]);
    expect(admitted.volumes).toEqual([{ name: 'data', emptyDir: {} }, volume]);
    expect(given.containers[1]).toEqual({ name: 'side' }); // untouched
  });

  it('names the volume kube-api-access- and five characters of the generateName alphabet by default', () => {
    const admitted = admitServiceAccount(spec({ containers: [{ name: 'app' }] }));
    expect(admitted.volumes![0]!.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(admitted.containers[0]!.volumeMounts![0]!.name).toBe(admitted.volumes![0]!.name);
  });

  it('mounts nothing when the pod says automountServiceAccountToken: false, whatever its account says', () => {
    const admitted = admitServiceAccount(spec({ automountServiceAccountToken: false, containers: [{ name: 'app' }] }), { automountServiceAccountToken: true }, suffix);
    expect(admitted.containers).toEqual([{ name: 'app' }]);
    expect(admitted.volumes).toBeUndefined();
  });

  it('mounts nothing when the account says false, unless the pod says true', () => {
    const off = { automountServiceAccountToken: false };
    expect(admitServiceAccount(spec({ containers: [{ name: 'app' }] }), off, suffix).volumes).toBeUndefined();
    const admitted = admitServiceAccount(spec({ automountServiceAccountToken: true, containers: [{ name: 'app' }] }), off, suffix);
    expect(admitted.volumes).toEqual([volume]);
    expect(admitted.containers).toEqual([{ name: 'app', volumeMounts: [mount] }]);
  });

  it('leaves a container that already mounts something at the path, and adds no volume when none needed it', () => {
    const own = { name: 'creds', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
    const admitted = admitServiceAccount(spec({ containers: [{ name: 'app', volumeMounts: [own] }, { name: 'side' }], volumes: [{ name: 'creds', secret: { secretName: 's' } }] }), null, suffix);
    expect(admitted.containers).toEqual([{ name: 'app', volumeMounts: [own] }, { name: 'side', volumeMounts: [mount] }]);
    expect(admitted.volumes).toEqual([{ name: 'creds', secret: { secretName: 's' } }, volume]);
    const all = admitServiceAccount(spec({ containers: [{ name: 'app', volumeMounts: [own] }], volumes: [{ name: 'creds', secret: { secretName: 's' } }] }), null, suffix);
    expect(all.containers).toEqual([{ name: 'app', volumeMounts: [own] }]);
    expect(all.volumes).toEqual([{ name: 'creds', secret: { secretName: 's' } }]);
  });

  it('uses a kube-api-access volume the pod already has rather than adding another', () => {
    const mine = { name: 'kube-api-access-mine1', projected: { sources: [] } };
    const admitted = admitServiceAccount(spec({ containers: [{ name: 'app' }], volumes: [mine] }), null, suffix);
    expect(admitted.volumes).toEqual([mine]);
    expect(admitted.containers).toEqual([{ name: 'app', volumeMounts: [{ ...mount, name: 'kube-api-access-mine1' }] }]);
  });

  it('gives ephemeral containers nothing', () => {
    const debug = { name: 'debugger', image: 'busybox' };
    const admitted = admitServiceAccount(spec({ containers: [{ name: 'app' }], ephemeralContainers: [debug] }), null, suffix);
    expect(admitted.ephemeralContainers).toEqual([debug]);
  });

  it("gives a pod without image pull secrets its account's", () => {
    const account = { imagePullSecrets: [{ name: 'registry' }] };
    expect(admitServiceAccount(spec({}), account, suffix).imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(admitServiceAccount(spec({ imagePullSecrets: [{ name: 'own' }] }), account, suffix).imagePullSecrets).toEqual([{ name: 'own' }]);
  });
});

describe('admitDefaultTolerations', () => {
  const spec = (tolerations?: object[]): PodSpec => ({ containers: [], ...(tolerations ? { tolerations } : {}) }) as PodSpec;
  const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  const unreachable = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

  it('tolerates a not-ready and an unreachable node for 300 s, after the pod’s own tolerations, as the DefaultTolerationSeconds plugin does', () => {
    const none = spec();
    expect(admitDefaultTolerations(none).tolerations).toEqual([notReady, unreachable]);
    expect(none).toEqual({ containers: [] }); // a copy
    const gpu = { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' };
    expect(admitDefaultTolerations(spec([gpu])).tolerations).toEqual([gpu, notReady, unreachable]);
  });

  it('adds none the pod already has, nor one a toleration without key or effect covers, so admitting twice changes nothing', () => {
    const own = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 6000 };
    expect(admitDefaultTolerations(spec([own])).tolerations).toEqual([own, notReady]);
    expect(admitDefaultTolerations(spec([{ operator: 'Exists' }])).tolerations).toEqual([{ operator: 'Exists' }]);
    expect(admitDefaultTolerations(spec([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }])).tolerations).toEqual([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }, unreachable]);
    const once = admitDefaultTolerations(spec());
    expect(admitDefaultTolerations(once)).toBe(once);
  });
});
