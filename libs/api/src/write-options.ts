import { BadRequestError, fieldErrors, InvalidError, type FieldCause } from './api.errors';

/** The verbs whose query options kube-apiserver checks before it reads the body, and the kinds of those options. */
const OPTIONS_KIND = { create: 'CreateOptions', update: 'UpdateOptions', patch: 'PatchOptions' } as const;
export type WriteVerb = keyof typeof OPTIONS_KIND;

const APPLY_PATCH = 'application/apply-patch+yaml';
/** metav1's FieldManagerMaxLength. */
const FIELD_MANAGER_MAX = 128;

/**
 * Checks a write's query options as kube-apiserver's ValidateCreateOptions / ValidateUpdateOptions /
 * ValidatePatchOptions do, before anything else: dryRun may only be All (a dryRun=true would
 * otherwise be a real write), fieldValidation one of Ignore, Strict and Warn, fieldManager at most
 * 128 printable characters and required for an apply patch, force only on an apply patch. A refusal
 * is 422 Invalid of kind CreateOptions.meta.k8s.io (…): `PatchOptions.meta.k8s.io "" is invalid:
 * fieldManager: Required value: is required for apply patch`.
 */
export function checkWriteOptions(verb: WriteVerb, query: Readonly<Record<string, string | undefined>>, patchType?: string): void {
  const causes: FieldCause[] = [];
  const { dryRun, fieldValidation, fieldManager = '', force } = query;
  if (verb === 'patch') {
    if (patchType === APPLY_PATCH) {
      if (fieldManager === '') causes.push(fieldErrors.required('fieldManager', 'is required for apply patch'));
    } else if (force !== undefined) {
      causes.push(fieldErrors.forbidden('force', 'may not be specified for non-apply patch'));
    }
  }
  if (fieldManager.length > FIELD_MANAGER_MAX) causes.push(fieldErrors.tooLong('fieldManager', FIELD_MANAGER_MAX));
  let at = 0; // Go ranges over a string's bytes
  for (const c of fieldManager) {
    // unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    if (c !== ' ' && /[\p{C}\p{Z}]/u.test(c)) {
      const code = c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      causes.push(fieldErrors.invalid('fieldManager', fieldManager, `invalid character U+${code} (at position ${at})`));
    }
    at += Buffer.byteLength(c);
  }
  if (dryRun !== undefined && dryRun !== 'All') causes.push(fieldErrors.notSupported('dryRun', [dryRun], ['All']));
  if (fieldValidation !== undefined && fieldValidation !== '' && !['Ignore', 'Strict', 'Warn'].includes(fieldValidation)) {
    causes.push(fieldErrors.notSupported('fieldValidation', fieldValidation, ['Ignore', 'Strict', 'Warn']));
  }
  if (causes.length > 0) throw new InvalidError(OPTIONS_KIND[verb], '', causes, 'meta.k8s.io');
}

/**
 * Checks a delete's options as ValidateDeleteOptions does: a propagationPolicy of Foreground,
 * Background or Orphan, not together with orphanDependents, and a dryRun of All only (a
 * dryRun=true would otherwise delete). A refusal is 422 Invalid of kind DeleteOptions.meta.k8s.io.
 */
export function checkDeleteOptions(options: { propagationPolicy?: unknown; orphanDependents?: unknown; dryRun?: readonly unknown[] }): void {
  const causes: FieldCause[] = [];
  const { propagationPolicy, orphanDependents, dryRun } = options;
  if (orphanDependents !== undefined && orphanDependents !== null && propagationPolicy !== undefined && propagationPolicy !== null) {
    causes.push(fieldErrors.invalid('propagationPolicy', propagationPolicy, 'orphanDependents and deletionPropagation cannot be both set'));
  }
  if (propagationPolicy !== undefined && propagationPolicy !== null && !['Foreground', 'Background', 'Orphan'].includes(propagationPolicy as string)) {
    causes.push(fieldErrors.notSupported('propagationPolicy', propagationPolicy, ['Foreground', 'Background', 'Orphan', 'nil']));
  }
  if (dryRun !== undefined && dryRun.some((d) => d !== 'All')) causes.push(fieldErrors.notSupported('dryRun', dryRun, ['All']));
  if (causes.length > 0) throw new InvalidError('DeleteOptions', '', causes, 'meta.k8s.io');
}

/** A delete's options as the registries act on them. */
export interface DeleteRequest {
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly propagationPolicy?: string;
  readonly dryRun?: boolean;
}

/**
 * A delete's options from its body (DeleteOptions, as kubectl and the clients send them — also an
 * Eviction's deleteOptions) and its query, the query winning; checked by checkDeleteOptions. A
 * negative gracePeriodSeconds is taken as 1 s, as rest.BeforeDelete takes it (client-go and the
 * Python client pass one through); one that is not a whole number cannot be read (400).
 */
export function readDeleteOptions(body: unknown, query: Readonly<Record<string, string | undefined>>): DeleteRequest {
  const options = (body ?? {}) as { gracePeriodSeconds?: unknown; preconditions?: { uid?: string; resourceVersion?: string } | null; propagationPolicy?: string; orphanDependents?: boolean; dryRun?: unknown };
  const bodyDryRun = Array.isArray(options.dryRun) ? (options.dryRun as unknown[]) : undefined;
  checkDeleteOptions({
    propagationPolicy: query.propagationPolicy ?? options.propagationPolicy,
    orphanDependents: query.orphanDependents ?? options.orphanDependents,
    dryRun: query.dryRun !== undefined ? [query.dryRun] : bodyDryRun,
  });
  const propagationPolicy = query.propagationPolicy ?? options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : undefined);
  const raw = query.gracePeriodSeconds ?? options.gracePeriodSeconds ?? undefined;
  const given = query.gracePeriodSeconds !== undefined && /^-?\d+$/.test(query.gracePeriodSeconds) ? Number(query.gracePeriodSeconds) : raw;
  if (given !== undefined && (typeof given !== 'number' || !Number.isInteger(given))) throw new BadRequestError(`invalid gracePeriodSeconds "${String(raw)}"`);
  const grace = given === undefined || given >= 0 ? given : 1;
  // The query's dryRun wins, else the body's (DeleteOptions.dryRun: ["All"]).
  const dryRun = query.dryRun !== undefined ? query.dryRun === 'All' : bodyDryRun !== undefined && bodyDryRun.includes('All');
  return {
    ...(dryRun ? { dryRun } : {}),
    ...(grace === undefined ? {} : { gracePeriodSeconds: grace }),
    ...(options.preconditions ? { preconditions: options.preconditions } : {}),
    ...(propagationPolicy ? { propagationPolicy } : {}),
  };
}
