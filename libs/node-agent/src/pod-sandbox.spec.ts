import { NodeNetwork } from './pod-sandbox';

describe('NodeNetwork.allocate', () => {
  it('gives the pod addresses in turn, an address just freed last, wrapping round the range', () => {
    const network = new NodeNetwork('n1', '10.244.1.0/29', '10.244.0.0/16'); // pods: .2 to .6
    const used = new Set<string>();
    const give = () => {
      const ip = network.allocate(used);
      used.add(ip);
      return ip;
    };
    expect([give(), give(), give()]).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4']);
    used.delete('10.244.1.3'); // freed: not the next one given
    expect(give()).toBe('10.244.1.5');
    expect(give()).toBe('10.244.1.6');
    expect(give()).toBe('10.244.1.3'); // round again, past .2 (still used)
    expect(() => give()).toThrow('no pod address left in 10.244.1.0/29');
    used.delete('10.244.1.2');
    expect(give()).toBe('10.244.1.2');
  });
});
