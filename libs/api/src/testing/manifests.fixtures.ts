import type { Namespace, Node, Pod, ReplicationController, Service } from '../types';

// Manifests as users write them (kubectl docs / tutorials), before any defaulting.

export const nginxPod = (): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'nginx', labels: { app: 'nginx' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
});

export const redisPod = (): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'redis', namespace: 'cache', labels: { app: 'redis', 'app.kubernetes.io/part-of': 'shop' }, annotations: { 'example.com/owner': 'team-a' } },
  spec: {
    containers: [
      {
        name: 'redis',
        image: 'redis',
        command: ['redis-server'],
        args: ['--appendonly', 'yes'],
        ports: [
          { name: 'redis', containerPort: 6379, protocol: 'TCP' },
          { name: 'metrics', containerPort: 9121 },
        ],
        env: [
          { name: 'MASTER', value: 'true' },
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        ],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '0.5', memory: '1Gi' } },
        livenessProbe: { tcpSocket: { port: 'redis' }, initialDelaySeconds: 15 },
        readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 5 },
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
    ],
    initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
    volumes: [{ name: 'data', emptyDir: {} }],
    restartPolicy: 'Always',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'cache', effect: 'NoSchedule' }],
    affinity: { nodeAffinity: {} },
    securityContext: { runAsUser: 999 },
  },
});

export const nginxRc = (): ReplicationController => ({
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'nginx' },
  spec: {
    replicas: 3,
    selector: { app: 'nginx' },
    template: {
      metadata: { name: 'nginx', labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] },
    },
  },
});

export const nodePortService = (): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'my-service' },
  spec: {
    type: 'NodePort',
    selector: { 'app.kubernetes.io/name': 'MyApp' },
    ports: [
      { name: 'http', port: 80, targetPort: 'http-web', nodePort: 30007 },
      { name: 'metrics', port: 9100, targetPort: 9100, protocol: 'TCP' },
    ],
  },
});

export const node = (): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'worker-1.example.com', labels: { 'kubernetes.io/hostname': 'worker-1' } },
  spec: { podCIDR: '10.244.1.0/24', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
  status: { capacity: { cpu: '4', memory: '16318476Ki', pods: '110' } },
});

export const namespace = (): Namespace => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } });
