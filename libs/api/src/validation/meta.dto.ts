import { Allow } from 'class-validator';
import { dns1123LabelErrors, labelKeyErrors, labelValueErrors } from '@bosun/labels';
import { fieldErrors, type FieldCause } from '../api.errors';
import { all, isAbsent, messages, Nested, required, Rule, type Check } from './rules';

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

/** ValidateLabels: bad keys and values are both reported at the map's own path. */
export const labelMap: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [fieldErrors.typeInvalid('', v, 'must be an object')];
  const out: FieldCause[] = [];
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    for (const m of labelKeyErrors(k)) out.push(fieldErrors.invalid('', k, m));
    if (typeof val !== 'string') out.push(fieldErrors.typeInvalid('', val, 'must be a string'));
    else for (const m of labelValueErrors(val)) out.push(fieldErrors.invalid('', val, m));
  }
  return out;
};

/** ValidateAnnotations: keys are qualified names; the whole map is size-limited. */
const annotationMap: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [fieldErrors.typeInvalid('', v, 'must be an object')];
  const out: FieldCause[] = [];
  let size = 0;
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    for (const m of labelKeyErrors(k.toLowerCase())) out.push(fieldErrors.invalid('', k, m));
    if (typeof val !== 'string') out.push(fieldErrors.typeInvalid('', val, 'must be a string'));
    size += Buffer.byteLength(k) + Buffer.byteLength(String(val));
  }
  if (size > TOTAL_ANNOTATION_SIZE) out.push(fieldErrors.tooLong('', TOTAL_ANNOTATION_SIZE));
  return out;
};

export class OwnerReferenceDto {
  @Rule(required(), { always: true }) apiVersion!: string;
  @Rule(required(), { always: true }) kind!: string;
  @Rule(required(), { always: true }) name!: string;
  @Rule(required(), { always: true }) uid!: string;
  @Allow() controller?: boolean;
  @Allow() blockOwnerDeletion?: boolean;
}

/** The parts of ObjectMeta that do not depend on the kind; also a pod template's metadata. */
export class ObjectMetaDto {
  // Format rules for these depend on the kind: see metaDtoFor. A pod template's have none.
  @Allow() name?: string;
  @Allow() namespace?: string;
  @Allow() generateName?: string;
  @Allow() uid?: string;
  @Allow() resourceVersion?: string;
  @Rule((v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? [] : [fieldErrors.invalid('', v, 'must be greater than or equal to 0')]))
  generation?: number;
  @Allow() creationTimestamp?: string | null;
  @Allow() deletionTimestamp?: string | null;
  @Allow() deletionGracePeriodSeconds?: number | null;
  @Rule(labelMap) labels?: Record<string, string>;
  @Rule(annotationMap) annotations?: Record<string, string>;
  @Nested(() => OwnerReferenceDto, { each: true }) ownerReferences?: OwnerReferenceDto[];
  @Rule<string[]>((v) => {
    if (!Array.isArray(v)) return [fieldErrors.typeInvalid('', v, 'must be an array')];
    return v.flatMap((f, i) => labelKeyErrors(String(f)).map((m: string) => fieldErrors.invalid(`[${i}]`, f, m)));
  })
  finalizers?: string[];
  @Allow() managedFields?: unknown[];
  @Allow() selfLink?: string;
}

export type NameErrors = (value: string) => string[];

/**
 * ObjectMeta for one kind: its name rule (DNS subdomain, DNS label, DNS-1035 label) and whether it
 * lives in a namespace. Built per kind because class-validator rules are per class.
 */
export function metaDtoFor(nameErrors: NameErrors, namespaced: boolean): typeof ObjectMetaDto {
  class KindMetaDto extends ObjectMetaDto {}
  const proto = KindMetaDto.prototype;
  Rule(
    (name: unknown, meta: ObjectMetaDto) => {
      if (isAbsent(name) || name === '')
        return isAbsent(meta.generateName) || meta.generateName === '' ? [fieldErrors.required('', 'name or generateName is required')] : [];
      return messages(nameErrors)(name, meta);
    },
    { always: true },
  )(proto, 'name');
  // generateName is a prefix: a trailing '-' is fine since a random suffix follows.
  Rule((p: unknown) => (typeof p === 'string' && p !== '' ? messages((s) => nameErrors(s.replace(/-$/, 'a')))(p, null) : []))(
    proto,
    'generateName',
  );
  Rule(
    namespaced
      ? all(required(), messages(dns1123LabelErrors))
      : (ns: unknown) => (isAbsent(ns) || ns === '' ? [] : [fieldErrors.forbidden('', 'not allowed on this type')]),
    { always: true },
  )(proto, 'namespace');
  return KindMetaDto;
}
