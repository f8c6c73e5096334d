import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import type { KubeObject, NetworkPolicy } from '../types';
import { validateUpdate } from './update-rules';
import { unknownFields, validateObject, validateStatus } from './validate';

const NET = 'networking.k8s.io/v1';
const causes = (o: unknown): Array<Pick<FieldCause, 'reason' | 'field' | 'message'>> =>
  validateObject(o as KubeObject).map(({ reason, field, message }) => ({ reason, field, message }));
const ingress = (spec: unknown): KubeObject => ({ apiVersion: NET, kind: 'Ingress', metadata: { name: 'simple', namespace: 'default' }, spec }) as unknown as KubeObject;
const rule = (host: string, path: Record<string, unknown>) => ({ host, http: { paths: [{ path: '/bar', pathType: 'Exact', backend: { service: { name: 'svc1', port: { number: 8080 } } }, ...path }] } });

describe('Ingress validation, as kube-apiserver validates networking/v1', () => {
  it('accepts what kubectl create ingress writes, a wildcard host, TLS and a named port; every field is known', () => {
    const ing = ingress({ ingressClassName: 'nginx', rules: [rule('foo.com', {}), rule('*.foo.com', { pathType: 'Prefix', backend: { service: { name: 'svc1', port: { name: 'http' } } } })], tls: [{ hosts: ['foo.com'], secretName: 'tls' }] });
    expect(causes(ing)).toEqual([]);
    expect(unknownFields(ing)).toEqual([]);
  });

  it('needs rules or a default backend, and a pathType on every path', () => {
    expect(causes(ingress({}))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec', message: 'Invalid value: null: either `defaultBackend` or `rules` must be specified' }]);
    expect(causes(ingress({ rules: [rule('foo.com', { pathType: undefined })] }))).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.rules[0].http.paths[0].pathType', message: 'Required value: pathType must be specified' },
    ]);
  });

  it('refuses relative paths, IP hosts, bad wildcards, and backends with both or neither port form', () => {
    expect(causes(ingress({ rules: [rule('foo.com', { path: 'bar' })] }))[0]).toMatchObject({ field: 'spec.rules[0].http.paths[0].path', message: 'Invalid value: "bar": must be an absolute path' });
    expect(causes(ingress({ rules: [rule('10.0.0.1', {})] }))[0]).toMatchObject({ field: 'spec.rules[0].host', message: expect.stringContaining('must be a DNS name, not an IP address') });
    expect(causes(ingress({ rules: [rule('foo.*.com', {})] }))[0]!.message).toContain("a wildcard DNS-1123 subdomain must start with '*.'");
    expect(causes(ingress({ defaultBackend: { service: { name: 'svc1', port: { name: 'http', number: 80 } } } }))[0]).toMatchObject({ field: 'spec.defaultBackend', message: expect.stringContaining('cannot set both port name & port number') });
    expect(causes(ingress({ defaultBackend: { service: { name: 'svc1' } } }))[0]).toMatchObject({ field: 'spec.defaultBackend', message: 'Required value: port name or number is required' });
    expect(causes(ingress({ defaultBackend: {} }))[0]!.message).toContain('resource or service backend is required');
  });
});

describe('Ingress status, as ValidateIngressLoadBalancerStatus checks it', () => {
  const withStatus = (ingress: unknown[]) => ({ ...(ingress_ as object), status: { loadBalancer: { ingress } } });
  const ingress_ = ingress({ defaultBackend: { service: { name: 'svc1', port: { number: 80 } } } });

  it('takes IPs and DNS names, not a bad IP nor an IP as a hostname', () => {
    expect(causes(withStatus([{ ip: '192.0.2.7' }, { hostname: 'lb.example.com' }]))).toEqual([]);
    expect(causes(withStatus([{ ip: '300.1.1.1' }]))[0]).toMatchObject({ field: 'status.loadBalancer.ingress[0].ip', message: expect.stringContaining('must be a valid IP address') });
    expect(causes(withStatus([{ hostname: '192.0.2.7' }]))).toContainEqual({ reason: 'FieldValueInvalid', field: 'status.loadBalancer.ingress[0].hostname', message: 'Invalid value: "192.0.2.7": must be a DNS name, not an IP address' });
  });
});

describe('IngressClass', () => {
  const ic = (spec: unknown): KubeObject => ({ apiVersion: NET, kind: 'IngressClass', metadata: { name: 'nginx' }, spec }) as unknown as KubeObject;

  it('needs a domain-prefixed controller, which cannot change; parameters default to the cluster scope', () => {
    expect(causes(ic({ controller: 'k8s.io/ingress-nginx' }))).toEqual([]);
    expect(causes(ic({}))).toEqual([{ reason: 'FieldValueRequired', field: 'spec.controller', message: 'Required value' }]);
    expect(causes(ic({ controller: 'nginx' }))[0]!.message).toContain('must be a domain-prefixed path');
    expect((applyDefaults(ic({ controller: 'k8s.io/x', parameters: { kind: 'Params', name: 'p' } })) as unknown as { spec: { parameters: { scope: string } } }).spec.parameters.scope).toBe('Cluster');
    expect(validateUpdate(ic({ controller: 'k8s.io/a' }), ic({ controller: 'k8s.io/b' }))[0]).toMatchObject({ field: 'spec.controller', message: expect.stringContaining('field is immutable') });
  });
});

describe('NetworkPolicy defaults and validation', () => {
  const np = (spec: unknown): KubeObject => ({ apiVersion: NET, kind: 'NetworkPolicy', metadata: { name: 'db', namespace: 'default' }, spec }) as unknown as KubeObject;

  it('defaults policyTypes as kube computes them (Ingress always, Egress with egress rules) and ports to TCP', () => {
    expect((applyDefaults(np({ podSelector: {} })) as NetworkPolicy).spec!.policyTypes).toEqual(['Ingress']);
    const both = applyDefaults(np({ podSelector: { matchLabels: { app: 'db' } }, egress: [{ ports: [{ port: 53 }] }] })) as NetworkPolicy;
    expect(both.spec!.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(both.spec!.egress![0]!.ports![0]).toEqual({ port: 53, protocol: 'TCP' });
    expect((applyDefaults(np({ podSelector: {}, policyTypes: ['Egress'] })) as NetworkPolicy).spec!.policyTypes).toEqual(['Egress']);
    expect(causes(both)).toEqual([]);
    expect(unknownFields(both)).toEqual([]);
  });

  it('checks peers, ipBlock CIDRs and ports', () => {
    expect(causes(np({ podSelector: {}, ingress: [{ from: [{}] }] }))).toEqual([{ reason: 'FieldValueRequired', field: 'spec.ingress[0].from[0]', message: 'Required value: must specify a peer' }]);
    expect(causes(np({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] }))[0]).toMatchObject({ reason: 'FieldValueForbidden', message: 'Forbidden: may not specify both ipBlock and another peer' });
    expect(causes(np({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] }))[0]).toMatchObject({ field: 'spec.ingress[0].from[0].ipBlock.cidr' });
    expect(causes(np({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] } }] }] }))[0]).toMatchObject({ message: 'Invalid value: "192.168.0.0/16": must be a strict subset of `cidr`' });
    expect(causes(np({ podSelector: {}, egress: [{ ports: [{ port: 'http', endPort: 90 }] }] }))[0]).toMatchObject({ field: 'spec.egress[0].ports[0].endPort', message: 'Invalid value: 90: may not be specified when `port` is non-numeric' });
    expect(causes(np({ podSelector: {}, policyTypes: ['Sideways'] }))[0]).toMatchObject({ field: 'spec.policyTypes[0]', reason: 'FieldValueNotSupported' });
  });
});

describe('validateStatus, what a status write is checked against', () => {
  it('checks an Ingress\'s load-balancer points and takes other kinds\' status as given', () => {
    const ing = { ...(ingress({}) as object), status: { loadBalancer: { ingress: [{ hostname: '192.0.2.8' }] } } } as unknown as KubeObject;
    expect(validateStatus(ing)).toEqual([{ reason: 'FieldValueInvalid', field: 'status.loadBalancer.ingress[0].hostname', message: 'Invalid value: "192.0.2.8": must be a DNS name, not an IP address' }]);
    expect(validateStatus({ ...(ing as object), kind: 'Service', apiVersion: 'v1' } as unknown as KubeObject)).toEqual([]);
  });
});
