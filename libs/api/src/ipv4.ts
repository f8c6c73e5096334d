/** IPv4 addresses and CIDR ranges as numbers: the arithmetic behind service and pod address allocation. */

/** Kubernetes' default service range (kube-apiserver's --service-cluster-ip-range). */
export const SERVICE_CIDR = '10.96.0.0/12';

export function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export function isIpv4(text: string | undefined): text is string {
  return text !== undefined && /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(text) && text.split('.').every((o) => Number(o) <= 255);
}

/** `a.b.c.d/len` as its first and last address and its prefix length; throws on anything else. */
export function parseIpv4Cidr(cidr: string): { first: number; last: number; prefix: number } {
  const [ip, len] = cidr.split('/');
  const prefix = Number(len);
  if (!isIpv4(ip) || !/^\d{1,2}$/.test(len ?? '') || prefix > 32) throw new RangeError(`"${cidr}" is not an IPv4 CIDR`);
  const size = 2 ** (32 - prefix);
  const base = ipv4ToNumber(ip);
  const first = base - (base % size);
  return { first, last: first + size - 1, prefix };
}
