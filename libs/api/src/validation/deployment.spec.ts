import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import { toTable } from '../tables';
import type { Deployment, KubeObject } from '../types';
import { validateUpdate } from './update-rules';
import { unknownFields, validateObject } from './validate';

const deployment = (spec: Record<string, unknown>): Deployment =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec }) as Deployment;
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } };
const selector = { matchLabels: { app: 'web' } };
const causes = (d: Deployment): Array<Pick<FieldCause, 'reason' | 'field' | 'message'>> => validateObject(d as KubeObject).map(({ reason, field, message }) => ({ reason, field, message }));

describe('Deployment defaults, as apps/v1 SetDefaults_Deployment', () => {
  it('gives one replica, a RollingUpdate of 25%/25%, ten old ReplicaSets and a 600 s progress deadline', () => {
    const d = applyDefaults(deployment({ selector, template }));
    expect(d.spec).toMatchObject({ replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    expect(d.spec!.template!.spec!.restartPolicy).toBe('Always');
  });

  it('gives a Recreate strategy no rollingUpdate, and keeps what was set', () => {
    expect(applyDefaults(deployment({ selector, template, strategy: { type: 'Recreate' } })).spec!.strategy).toEqual({ type: 'Recreate' });
    expect(applyDefaults(deployment({ selector, template, replicas: 0, strategy: { rollingUpdate: { maxSurge: 1 } } })).spec).toMatchObject({ replicas: 0, strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } });
  });
});

describe('Deployment validation, as ValidateDeploymentSpec', () => {
  it('accepts what kubectl create deployment sends, with no unknown fields', () => {
    const d = deployment({ replicas: 1, selector, strategy: {}, template: { ...template, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } } });
    expect(causes(d)).toEqual([]);
    expect(unknownFields(d as KubeObject)).toEqual([]);
  });

  it('requires a selector that selects the template', () => {
    expect(causes(deployment({ template }))).toEqual([{ reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' }]);
    // `selector: {}` is a selector (a Go pointer set), refused as empty in ValidateDeploymentSpec's words.
    expect(causes(deployment({ selector: {}, template }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment' }]);
    expect(causes(deployment({ selector: { matchLabels: { app: 'api' } }, template })).map((c) => c.field)).toEqual(['spec.template.metadata.labels']);
  });

  it('checks the strategy: a known type, no rollingUpdate with Recreate, counts or percentages, not both zero, at most 100% unavailable', () => {
    expect(causes(deployment({ selector, template, strategy: { type: 'BlueGreen' } })).map((c) => `${c.reason} ${c.field}`)).toEqual(['FieldValueNotSupported spec.strategy.type']);
    expect(causes(deployment({ selector, template, strategy: { type: 'Recreate', rollingUpdate: {} } })).map((c) => `${c.reason} ${c.field}`)).toEqual(['FieldValueForbidden spec.strategy.rollingUpdate']);
    expect(causes(deployment({ selector, template, strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }))).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'Invalid value: 0: may not be 0 when `maxSurge` is 0' },
    ]);
    expect(causes(deployment({ selector, template, strategy: { rollingUpdate: { maxSurge: 'lots', maxUnavailable: '150%' } } })).map((c) => c.field)).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable',
      'spec.strategy.rollingUpdate.maxSurge',
    ]);
  });

  it('wants progressDeadlineSeconds above minReadySeconds', () => {
    expect(causes(deployment({ selector, template, minReadySeconds: 10, progressDeadlineSeconds: 10 }))).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.progressDeadlineSeconds', message: 'Invalid value: 10: must be greater than minReadySeconds' },
    ]);
  });

  it('refuses a change of the selector', () => {
    const before = applyDefaults(deployment({ selector, template }));
    const after = { ...before, spec: { ...before.spec, selector: { matchLabels: { app: 'web', v: '2' } } } };
    expect(validateUpdate(before as KubeObject, after as KubeObject).map((c) => c.field)).toEqual(['spec.selector']);
  });
});

describe('the Deployment Table, as printDeployment', () => {
  it('prints ready of desired, up to date, available, and wide the containers, images and selector', () => {
    const d = { ...applyDefaults(deployment({ replicas: 3, selector, template })), status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
    const table = toTable('Deployment', [d as KubeObject], { now: Date.parse('2026-11-29T10:00:00Z') }) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
    expect(table.rows[0]!.cells).toEqual(['web', '2/3', 3, 2, '<unknown>', 'nginx', 'nginx:1.25', 'app=web']);
  });
});
