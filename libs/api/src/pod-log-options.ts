import { fieldErrors, InvalidError, type FieldCause } from './api.errors';

/**
 * Checks a `pods/{name}/log` request's options as kube-apiserver's ValidatePodLogOptions does,
 * before it looks for the pod's node: tailLines not negative, limitBytes and sinceSeconds above 0,
 * not both sinceSeconds and sinceTime. A refusal is 422 Invalid of kind PodLogOptions, named after
 * the pod (`PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or
 * equal to 0`). Values that are not integers are left to the node, as before.
 */
export function checkPodLogOptions(pod: string, query: Readonly<Record<string, string | undefined>>): void {
  const causes: FieldCause[] = [];
  const integer = (name: string): number | undefined => {
    const value = query[name];
    return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined;
  };
  const tailLines = integer('tailLines');
  const limitBytes = integer('limitBytes');
  const sinceSeconds = integer('sinceSeconds');
  if (tailLines !== undefined && tailLines < 0) causes.push(fieldErrors.invalid('tailLines', tailLines, 'must be greater than or equal to 0'));
  if (limitBytes !== undefined && limitBytes < 1) causes.push(fieldErrors.invalid('limitBytes', limitBytes, 'must be greater than 0'));
  if (query.sinceSeconds !== undefined && query.sinceTime !== undefined) {
    // kube-apiserver's path here is the root (""), so the cause names no field.
    causes.push(fieldErrors.forbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  } else if (sinceSeconds !== undefined && sinceSeconds < 1) {
    causes.push(fieldErrors.invalid('sinceSeconds', sinceSeconds, 'must be greater than 0'));
  }
  if (causes.length > 0) throw new InvalidError('PodLogOptions', pod, causes);
}
