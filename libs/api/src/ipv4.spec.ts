import { ipv4ToNumber, numberToIpv4, parseIpv4Cidr } from './ipv4';

describe('IPv4 arithmetic', () => {
  it('turns addresses into numbers and back', () => {
    expect(ipv4ToNumber('10.96.0.10')).toBe(10 * 2 ** 24 + 96 * 2 ** 16 + 10);
    expect(numberToIpv4(ipv4ToNumber('255.255.255.255'))).toBe('255.255.255.255');
  });

  it('reads a CIDR as its first and last address', () => {
    const r = parseIpv4Cidr('10.96.0.0/12');
    expect([numberToIpv4(r.first), numberToIpv4(r.last), r.prefix]).toEqual(['10.96.0.0', '10.111.255.255', 12]);
    expect(numberToIpv4(parseIpv4Cidr('10.244.1.7/24').first)).toBe('10.244.1.0');
  });

  it.each(['10.0.0.0', '10.0.0/8', '10.0.0.0/33', '300.1.1.1/8', 'x/8'])('refuses %j', (cidr) => {
    expect(() => parseIpv4Cidr(cidr)).toThrow(/not an IPv4 CIDR/);
  });
});
