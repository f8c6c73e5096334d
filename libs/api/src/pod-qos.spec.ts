import { podQosClass } from './pod-qos';
import type { KubeObject } from './types';

const pod = (containers: unknown[], initContainers: unknown[] = []): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers, initContainers } }) as unknown as KubeObject;
const c = (resources?: Record<string, Record<string, string>>) => ({ name: 'c', image: 'i', ...(resources ? { resources } : {}) });

describe('podQosClass', () => {
  it('is BestEffort without cpu or memory requests and limits (other resources do not count)', () => {
    expect(podQosClass(pod([c(), c()]))).toBe('BestEffort');
    expect(podQosClass(pod([c({ limits: { 'ephemeral-storage': '1Gi' } })]))).toBe('BestEffort');
    expect(podQosClass(pod([c({ requests: { cpu: '0' } })]))).toBe('BestEffort');
  });

  it('is Guaranteed when every container limits cpu and memory and requests equal limits, however written', () => {
    expect(podQosClass(pod([c({ limits: { cpu: '1', memory: '1Gi' } })]))).toBe('Guaranteed');
    expect(podQosClass(pod([c({ requests: { cpu: '1000m', memory: '1024Mi' }, limits: { cpu: '1', memory: '1Gi' } })]))).toBe('Guaranteed');
  });

  it('is Burstable otherwise, init containers included', () => {
    expect(podQosClass(pod([c({ requests: { cpu: '100m' } })]))).toBe('Burstable');
    expect(podQosClass(pod([c({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } })]))).toBe('Burstable');
    expect(podQosClass(pod([c({ limits: { cpu: '1', memory: '1Gi' } }), c()]))).toBe('Burstable');
    expect(podQosClass(pod([c()], [c({ requests: { memory: '64Mi' } })]))).toBe('Burstable');
  });
});
