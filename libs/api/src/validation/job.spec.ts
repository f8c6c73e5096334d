import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import type { Job, KubeObject } from '../types';
import { validateUpdate } from './update-rules';
import { unknownFields, validateObject } from './validate';

const UID = '0f5c6a34-1c58-4a0e-9a3b-2d6f1f0f7a11';
const job = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Job =>
  ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default', uid: UID, ...metadata }, spec }) as Job;
const template = (restartPolicy?: string, labels?: Record<string, string>) => ({
  ...(labels ? { metadata: { labels } } : {}),
  spec: { containers: [{ name: 'pi', image: 'busybox', command: ['sh', '-c', 'exit 0'] }], ...(restartPolicy ? { restartPolicy } : {}) },
});
const causes = (j: Job): Array<Pick<FieldCause, 'reason' | 'field' | 'message'>> =>
  validateObject(j as KubeObject).map(({ reason, field, message }) => ({ reason, field, message }));

describe('Job defaults, as batch/v1 SetDefaults_Job and the job strategy give them', () => {
  it('runs one completion at a time, retries six times, NonIndexed, not suspended, with a generated selector', () => {
    const out = applyDefaults(job({ template: template('Never') }));
    expect(out.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, manualSelector: false, podReplacementPolicy: 'TerminatingOrFailed' });
    expect(out.spec!.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': UID } });
    const labels = { 'batch.kubernetes.io/controller-uid': UID, 'controller-uid': UID, 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi' };
    expect(out.spec!.template!.metadata!.labels).toEqual(labels);
    expect(out.metadata.labels).toEqual(labels);
    expect(causes(out)).toEqual([]);
    expect(unknownFields(out as KubeObject)).toEqual([]);
  });

  it('leaves completions unset when only parallelism is given (a work queue)', () => {
    expect(applyDefaults(job({ parallelism: 3, template: template('Never') })).spec).toMatchObject({ parallelism: 3 });
    expect(applyDefaults(job({ parallelism: 3, template: template('Never') })).spec!.completions).toBeUndefined();
  });

  it('generates nothing for a manual selector, and keeps the Job\'s own labels', () => {
    const out = applyDefaults(job({ manualSelector: true, selector: { matchLabels: { app: 'pi' } }, template: template('OnFailure', { app: 'pi' }) }, { labels: { team: 'a' } }));
    expect(out.spec!.selector).toEqual({ matchLabels: { app: 'pi' } });
    expect(out.spec!.template!.metadata!.labels).toEqual({ app: 'pi' });
    expect(out.metadata.labels).toEqual({ team: 'a' });
    expect(causes(out)).toEqual([]);
  });
});

describe('Job validation, as kube-apiserver validates a batch/v1 Job', () => {
  it('refuses restartPolicy Always (the pod default): a Job\'s pods run to completion', () => {
    expect(causes(job({ template: template() }))).toEqual([
      { reason: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "Always": supported values: "OnFailure", "Never"' },
    ]);
  });

  it('refuses negative counts, a zero deadline and an unknown completion mode', () => {
    const fields = causes(job({ parallelism: -1, completions: -1, backoffLimit: -1, activeDeadlineSeconds: 0, completionMode: 'Sometimes', template: template('Never') })).map((c) => c.field);
    expect(fields.sort()).toEqual(['spec.activeDeadlineSeconds', 'spec.backoffLimit', 'spec.completionMode', 'spec.completions', 'spec.parallelism']);
  });

  it('requires completions of an Indexed Job', () => {
    expect(causes(job({ completionMode: 'Indexed', parallelism: 2, template: template('Never') }))).toEqual([expect.objectContaining({ reason: 'FieldValueRequired', field: 'spec.completions' })]);
  });

  it('refuses a generated selector\'s labels that name another Job', () => {
    const out = causes(job({ template: template('Never', { 'job-name': 'other' }) }));
    expect(out).toEqual([expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels[job-name]', message: expect.stringContaining("must be 'pi'") })]);
  });

  it('requires a manual selector that selects the template', () => {
    expect(causes(job({ manualSelector: true, template: template('Never', { app: 'pi' }) }))).toEqual([{ reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' }]);
    expect(causes(job({ manualSelector: true, selector: { matchLabels: { app: 'x' } }, template: template('Never', { app: 'pi' }) }))).toEqual([
      expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: expect.stringContaining('`selector` does not match template `labels`') }),
    ]);
  });

  it('keeps the selector, the template and the completion mode as they were created', () => {
    const before = applyDefaults(job({ template: template('Never') }));
    const after = structuredClone(before);
    after.spec!.template!.spec!.containers[0]!.image = 'alpine';
    after.spec!.selector = { matchLabels: { other: 'x' } };
    after.spec!.parallelism = 4; // mutable
    expect(validateUpdate(before, after).map((c) => c.field).sort()).toEqual(['spec.selector', 'spec.template']);
  });
});
