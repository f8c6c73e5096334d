import { ForbiddenError } from './api.errors';
import { applyDefaults } from './defaults/defaults';
import { admitPodPriority, admitPriorityClass, checkPriorityClassDeletion, SYSTEM_PRIORITY_CLASSES } from './priority-classes';
import { toTable } from './tables';
import type { KubeObject, PodSpec, PriorityClass } from './types';
import { validateUpdate } from './validation/update-rules';
import { unknownFields, validateObject } from './validation/validate';

const pc = (name: string, value: number, fields: Partial<PriorityClass> = {}): PriorityClass => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...fields });
const causes = (o: KubeObject) => validateObject(o).map(({ reason, field, message }) => ({ reason, field, message }));
const spec = (fields: Partial<PodSpec> = {}): PodSpec => ({ containers: [{ name: 'c', image: 'busybox' }], ...fields }) as PodSpec;
const forbidden = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ForbiddenError);
    return (error as Error).message;
  }
  throw new Error('not refused');
};

describe('PriorityClass validation and defaults, as ValidatePriorityClass and SetDefaults_PriorityClass', () => {
  it('accepts a user class up to a billion and defaults PreemptLowerPriority', () => {
    expect(causes(pc('high', 1_000_000_000, { description: 'x', globalDefault: false }))).toEqual([]);
    expect(unknownFields(pc('high', 1))).toEqual([]);
    expect(applyDefaults(pc('high', 1))).toMatchObject({ preemptionPolicy: 'PreemptLowerPriority' });
    expect(applyDefaults(pc('high', 1, { preemptionPolicy: 'Never' }))).toMatchObject({ preemptionPolicy: 'Never' });
  });

  it('refuses a user value above a billion, in kube\'s words', () => {
    expect(causes(pc('too-high', 1_000_000_001))).toEqual([{ reason: 'FieldValueForbidden', field: 'value', message: 'Forbidden: maximum allowed value of a user defined priority is 1000000000' }]);
  });

  it('reserves the system- prefix for the system classes with their values', () => {
    expect(causes(pc('system-mine', 10))).toEqual([
      { reason: 'FieldValueForbidden', field: 'metadata.name', message: "Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class" },
    ]);
    expect(causes(pc('system-node-critical', 5))).toEqual([
      { reason: 'FieldValueForbidden', field: 'metadata.name', message: "Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000" },
    ]);
    for (const c of SYSTEM_PRIORITY_CLASSES) expect(causes(c)).toEqual([]);
  });

  it('refuses an unknown preemption policy and a bad name', () => {
    expect(causes(pc('a', 1, { preemptionPolicy: 'Sometimes' }))).toEqual([{ reason: 'FieldValueNotSupported', field: 'preemptionPolicy', message: 'Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"' }]);
    expect(causes(pc('Bad_Name', 1)).map((c) => c.field)).toEqual(['metadata.name']);
  });

  it('keeps value and preemptionPolicy as they were created (ValidatePriorityClassUpdate)', () => {
    const before = applyDefaults(pc('a', 1));
    expect(validateUpdate(before, applyDefaults(pc('a', 2)))).toEqual([{ reason: 'FieldValueForbidden', field: 'value', message: 'Forbidden: may not be changed in an update.' }]);
    expect(validateUpdate(before, applyDefaults(pc('a', 1, { preemptionPolicy: 'Never' })))).toEqual([{ reason: 'FieldValueInvalid', field: 'preemptionPolicy', message: 'Invalid value: "Never": field is immutable' }]);
    expect(validateUpdate(before, applyDefaults(pc('a', 1, { description: 'now described', globalDefault: true })))).toEqual([]);
  });

  it('prints NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY', () => {
    const now = Date.parse('2026-11-28T10:02:00Z');
    const table = toTable('PriorityClass', [{ ...pc('high', 1000, { globalDefault: true }), metadata: { name: 'high', creationTimestamp: '2026-11-28T10:00:00Z' } }], { now }) as unknown as {
      columnDefinitions: { name: string; type: string }[];
      rows: { cells: unknown[] }[];
    };
    expect(table.columnDefinitions.map((c) => `${c.name}:${c.type}`)).toEqual(['Name:string', 'Value:integer', 'Global-Default:boolean', 'Age:string', 'PreemptionPolicy:string']);
    expect(table.rows[0].cells).toEqual(['high', 1000, true, '2m', 'PreemptLowerPriority']);
  });
});

describe('the Priority admission (plugin/pkg/admission/priority)', () => {
  const classes = [applyDefaults(pc('high', 1000)), applyDefaults(pc('never', 50, { preemptionPolicy: 'Never' }))] as PriorityClass[];

  it('gives a pod its class\'s value and preemption policy', () => {
    expect(admitPodPriority({ spec: spec({ priorityClassName: 'high' }) }, 'p', classes)).toMatchObject({ priorityClassName: 'high', priority: 1000, preemptionPolicy: 'PreemptLowerPriority' });
    expect(admitPodPriority({ spec: spec({ priorityClassName: 'never' }) }, 'p', classes)).toMatchObject({ priority: 50, preemptionPolicy: 'Never' });
  });

  it('gives a pod without a class 0 and PreemptLowerPriority, or the globalDefault class (the lowest of them)', () => {
    const none = admitPodPriority({ spec: spec() }, 'p', classes);
    expect(none).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect(none.priorityClassName).toBeUndefined();
    const withDefault = [...classes, applyDefaults(pc('dflt', 7, { globalDefault: true })), applyDefaults(pc('dflt2', 9, { globalDefault: true }))] as PriorityClass[];
    expect(admitPodPriority({ spec: spec() }, 'p', withDefault)).toMatchObject({ priorityClassName: 'dflt', priority: 7 });
  });

  it('refuses an unknown class with 403 Forbidden, in kube\'s words', () => {
    expect(forbidden(() => admitPodPriority({ spec: spec({ priorityClassName: 'nope' }) }, 'x', classes))).toBe('pods "x" is forbidden: no PriorityClass with name nope was found');
  });

  it('refuses a priority or preemption policy the pod sets that is not its class\'s, and accepts the same', () => {
    expect(forbidden(() => admitPodPriority({ spec: spec({ priorityClassName: 'high', priority: 5 }) }, 'x', classes))).toBe(
      'pods "x" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name',
    );
    expect(forbidden(() => admitPodPriority({ spec: spec({ priority: 3 }) }, 'x', classes))).toContain('priority admission controller computed 0 from the given PriorityClass name');
    expect(forbidden(() => admitPodPriority({ spec: spec({ priorityClassName: 'never', preemptionPolicy: 'PreemptLowerPriority' }) }, 'x', classes))).toBe(
      'pods "x" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name',
    );
    expect(admitPodPriority({ spec: spec({ priorityClassName: 'high', priority: 1000 }) }, 'x', classes)).toMatchObject({ priority: 1000 });
  });

  it('lets one class alone be the globalDefault, and keeps the system classes from deletion', () => {
    const existing = [applyDefaults(pc('dflt', 7, { globalDefault: true }))] as PriorityClass[];
    expect(forbidden(() => admitPriorityClass(pc('other', 1, { globalDefault: true }), 'create', existing))).toBe(
      'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass dflt is already marked as default. Only one default can exist',
    );
    expect(() => admitPriorityClass(pc('dflt', 7, { globalDefault: true }), 'update', existing)).not.toThrow();
    expect(() => admitPriorityClass(pc('other', 1, { globalDefault: true }), 'create', [])).not.toThrow();
    expect(forbidden(() => checkPriorityClassDeletion('system-node-critical'))).toBe('priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted');
    expect(() => checkPriorityClassDeletion('high')).not.toThrow();
  });
});
