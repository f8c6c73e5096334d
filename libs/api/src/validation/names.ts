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

export function ipFamilyOf(value: string): 'IPv4' | 'IPv6' | undefined {
  const v = isIP(value);
  return v === 4 ? 'IPv4' : v === 6 ? 'IPv6' : undefined;
}
