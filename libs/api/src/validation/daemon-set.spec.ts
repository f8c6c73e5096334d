import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import type { DaemonSet, KubeObject } from '../types';
import { validateUpdate } from './update-rules';
import { unknownFields, validateObject } from './validate';

const daemonSet = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): DaemonSet =>
  ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default', ...metadata }, spec }) as DaemonSet;
const template = (spec: Record<string, unknown> = {}, labels: Record<string, string> = { app: 'agent' }) => ({ metadata: { labels }, spec: { containers: [{ name: 'agent', image: 'busybox' }], ...spec } });
const selector = { matchLabels: { app: 'agent' } };
const causes = (ds: DaemonSet): Array<Pick<FieldCause, 'reason' | 'field' | 'message'>> =>
  validateObject(applyDefaults(ds) as KubeObject).map(({ reason, field, message }) => ({ reason, field, message }));

describe('DaemonSet defaults, as apps/v1 SetDefaults_DaemonSet and the daemonset strategy give them', () => {
  it('rolls one unavailable node at a time without surge, keeps ten revisions, starts at template generation 1, defaults the pod template', () => {
    const out = applyDefaults(daemonSet({ selector, template: template() }));
    expect(out.spec).toMatchObject({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 });
    expect(out.spec!.minReadySeconds).toBeUndefined(); // Go omits the zero int32
    expect(out.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    expect(out.spec!.template!.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 });
    expect(out.metadata.labels).toBeUndefined(); // never copied from the template in apps/v1
    expect(causes(out)).toEqual([]);
    expect(unknownFields(out as KubeObject)).toEqual([]);
  });

  it('gives OnDelete no rolling parameters', () => {
    expect(applyDefaults(daemonSet({ selector, template: template(), updateStrategy: { type: 'OnDelete' } })).spec!.updateStrategy).toEqual({ type: 'OnDelete' });
  });
});

describe('DaemonSet validation, as kube-apiserver validates an apps/v1 DaemonSet', () => {
  it('requires a selector that selects the template', () => {
    expect(causes(daemonSet({ template: template() }))).toEqual([{ reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' }]);
    // `selector: {}` is a selector (a Go pointer set), refused as empty in ValidateDaemonSetSpec's words.
    expect(causes(daemonSet({ selector: {}, template: template() }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset' }]);
    expect(causes(daemonSet({ selector: { matchLabels: { app: 'x' } }, template: template() }))).toEqual([
      expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: expect.stringContaining('`selector` does not match template `labels`') }),
    ]);
  });

  it('refuses a template that does not restart its pods, or has an active deadline', () => {
    expect(causes(daemonSet({ selector, template: template({ restartPolicy: 'OnFailure' }) }))).toEqual([
      { reason: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "OnFailure": supported values: "Always"' },
    ]);
    expect(causes(daemonSet({ selector, template: template({ activeDeadlineSeconds: 10 }) }))).toEqual([expect.objectContaining({ field: 'spec.template.spec.activeDeadlineSeconds', message: expect.stringContaining('activeDeadlineSeconds in DaemonSet is not Supported') })]);
  });

  it('refuses an unknown strategy, both or neither of maxUnavailable and maxSurge, and negative counts', () => {
    expect(causes(daemonSet({ selector, template: template(), updateStrategy: { type: 'Sometimes' } })).map((c) => `${c.reason} ${c.field}`)).toEqual(['FieldValueNotSupported spec.updateStrategy']);
    expect(causes(daemonSet({ selector, template: template(), updateStrategy: { rollingUpdate: { maxUnavailable: 1, maxSurge: '10%' } } }))).toEqual([
      expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.updateStrategy.rollingUpdate.maxSurge', message: expect.stringContaining('may not be set when maxUnavailable is non-zero') }),
    ]);
    expect(causes(daemonSet({ selector, template: template(), updateStrategy: { rollingUpdate: { maxUnavailable: '0%' } } }))).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.updateStrategy.rollingUpdate.maxUnavailable', message: 'Required value: cannot be 0 when maxSurge is 0' },
    ]);
    expect(causes(daemonSet({ selector, template: template(), updateStrategy: { rollingUpdate: { maxUnavailable: '120%' } } })).map((c) => c.field)).toEqual(['spec.updateStrategy.rollingUpdate.maxUnavailable']);
    expect(causes(daemonSet({ selector, template: template(), minReadySeconds: -1, revisionHistoryLimit: -1 })).map((c) => c.field).sort()).toEqual(['spec.minReadySeconds', 'spec.revisionHistoryLimit']);
  });

  it('keeps the selector as it was created; the template may change', () => {
    const before = applyDefaults(daemonSet({ selector, template: template() }));
    const after = structuredClone(before);
    after.spec!.template!.spec!.containers[0]!.image = 'alpine';
    expect(validateUpdate(before, after)).toEqual([]);
    after.spec!.selector = { matchLabels: { app: 'agent', tier: 'x' } };
    expect(validateUpdate(before, after).map((c) => c.field)).toEqual(['spec.selector']);
  });
});
