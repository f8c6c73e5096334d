import { isIP } from 'node:net';

// Validators Kubernetes has in apimachinery/pkg/util/validation that @bosun/labels does not export.

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Service names: an RFC 1035 label (starts with a letter). */
export function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1035.test(value))
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  return errs;
}

/** IsValidPortName: an IANA_SVC_NAME (RFC 6335), used for container port names and named target ports. */
export function portNameErrors(port: string): string[] {
  const errs: string[] = [];
  if (port.length < 1 || port.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && !/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** path.IsValidPathSegmentName: what RBAC names may be (anything that is one URL path segment). */
export function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/** IsEnvVarName (the classic rule; newer Kubernetes relaxes it behind a feature gate). */
export function envVarNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name))
    errs.push(
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
    );
  if (name === '.') errs.push("must not be '.'");
  else if (name === '..') errs.push("must not be '..'");
  else if (name.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

export function ipErrors(value: string): string[] {
  return isIP(value) ? [] : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}

/**
 * ValidateNonSpecialIP: an address that may be an endpoint or an external IP — not unspecified,
 * loopback or link-local (kube-apiserver refuses them: they are the node's own, or its metadata
 * service's). For a valid IP only.
 */
export function nonSpecialIpErrors(value: string): string[] {
  const v = isIP(value);
  if (v === 0) return [];
  const errors: string[] = [];
  if (v === 4) {
    const [a, b, c] = value.split('.').map(Number);
    if (value === '0.0.0.0') errors.push(`may not be unspecified (${value})`);
    if (a === 127) errors.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
    if (a === 169 && b === 254) errors.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
    if (a === 224 && b === 0 && c === 0) errors.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
    return errors;
  }
  const full = expandIpv6(value);
  if (/^0{32}$/.test(full)) errors.push(`may not be unspecified (${value})`);
  if (/^0{31}1$/.test(full) || /^0{20}ffff7f/.test(full)) errors.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
  if (/^fe[89ab]/.test(full) || /^0{20}ffffa9fe/.test(full)) errors.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
  if (/^ff02/.test(full) || /^0{20}ffffe00000/.test(full)) errors.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
  return errors;
}

/** An IPv6 address as 32 hex digits (an embedded IPv4 tail converted). */
function expandIpv6(value: string): string {
  let text = value.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => g.padStart(4, '0')).join('');
}

export function ipFamilyOf(value: string): 'IPv4' | 'IPv6' | undefined {
  const v = isIP(value);
  return v === 4 ? 'IPv4' : v === 6 ? 'IPv6' : undefined;
}
