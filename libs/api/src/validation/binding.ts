import { fieldErrors, type FieldCause } from '../api.errors';

/** core/v1 Binding: the body of pods/binding and of the older `bindings` resource. */
export interface Binding {
  apiVersion?: string;
  kind?: string;
  /** uid and resourceVersion are preconditions on the pod; annotations are added to the pod's. */
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string; annotations?: Record<string, string> };
  target?: { kind?: string; name?: string; apiVersion?: string };
}

/** Kubernetes' ValidatePodBinding: the target is a Node (or names no kind) and has a name. */
export function validateBinding(binding: Binding): FieldCause[] {
  const causes: FieldCause[] = [];
  const target = binding.target ?? {};
  if (target.kind !== undefined && target.kind !== '' && target.kind !== 'Node') {
    causes.push(fieldErrors.notSupported('target.kind', target.kind, ['Node', '<empty>']));
  }
  if (typeof target.name !== 'string' || target.name === '') causes.push(fieldErrors.required('target.name'));
  return causes;
}
