import type { FieldCause } from '../api.errors';
import { applyDefaults } from '../defaults/defaults';
import type { KubeObject, StatefulSet } from '../types';
import { validateUpdate } from './update-rules';
import { unknownFields, validateObject } from './validate';

const sts = (spec: Record<string, unknown>): StatefulSet => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' }, spec }) as StatefulSet;
const template = (extra: Record<string, unknown> = {}) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...extra } });
const selector = { matchLabels: { app: 'web' } };
const causes = (o: StatefulSet): Array<Pick<FieldCause, 'reason' | 'field' | 'message'>> =>
  validateObject(applyDefaults(o) as KubeObject).map(({ reason, field, message }) => ({ reason, field, message }));

describe('StatefulSet defaults, as apps/v1 SetDefaults_StatefulSet gives them', () => {
  it('one replica, OrderedReady, a RollingUpdate from partition 0, ten revisions, PVCs retained; the template defaulted as a pod', () => {
    const out = applyDefaults(sts({ selector, serviceName: 'web', template: template() }));
    expect(out.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(out.spec!.minReadySeconds).toBeUndefined();
    expect(out.spec!.template!.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 });
    expect(causes(out)).toEqual([]);
    expect(unknownFields(out as KubeObject)).toEqual([]);
  });

  it('gives an explicit RollingUpdate no partition, and OnDelete none', () => {
    expect(applyDefaults(sts({ updateStrategy: { type: 'RollingUpdate' } })).spec!.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(applyDefaults(sts({ updateStrategy: { type: 'OnDelete' } })).spec!.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  it('lets containers mount the claim templates, which the controller adds as volumes, but no other missing volume', () => {
    const mounting = template({ containers: [{ name: 'nginx', image: 'nginx', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] });
    const claims = [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }];
    expect(causes(sts({ selector, template: mounting, volumeClaimTemplates: claims }))).toEqual([]);
    expect(unknownFields(sts({ selector, template: mounting, volumeClaimTemplates: claims }) as KubeObject)).toEqual([]);
    expect(causes(sts({ selector, template: mounting }))).toEqual([{ reason: 'FieldValueNotFound', field: 'spec.template.spec.containers[0].volumeMounts[0].name', message: 'Not found: "www"' }]);
  });

  it('keeps volumeClaimTemplates, defaulted as claims', () => {
    const out = applyDefaults(sts({ selector, template: template(), volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }));
    expect(out.spec!.volumeClaimTemplates).toEqual([{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }]);
    expect(causes(out)).toEqual([]);
  });
});

describe('StatefulSet validation, as kube-apiserver validates an apps/v1 StatefulSet', () => {
  it('requires a selector that matches the template\'s labels', () => {
    expect(causes(sts({ template: template() }))).toEqual([{ reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' }]);
    expect(causes(sts({ selector: {}, template: template() }))).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset' }]);
    expect(causes(sts({ selector: { matchLabels: { app: 'db' } }, template: template() }))).toEqual([
      expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: expect.stringContaining('`selector` does not match template `labels`') }),
    ]);
    expect(causes(sts({ selector: { matchExpressions: [] }, template: template() }))).toEqual([expect.objectContaining({ field: 'spec.selector', message: expect.stringContaining('empty selector is invalid for statefulset') })]);
  });

  it('refuses a template whose pods do not restart Always, or have a deadline', () => {
    expect(causes(sts({ selector, template: template({ restartPolicy: 'Never' }) }))).toEqual([
      { reason: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "Never": supported values: "Always"' },
    ]);
    expect(causes(sts({ selector, template: template({ activeDeadlineSeconds: 5 }) }))).toEqual([expect.objectContaining({ field: 'spec.template.spec.activeDeadlineSeconds', message: expect.stringContaining('must not be specified') })]);
  });

  it('refuses an unknown pod management policy or update strategy, a rollingUpdate for OnDelete, negative counts', () => {
    expect(causes(sts({ selector, template: template(), podManagementPolicy: 'Sometimes' }))).toEqual([expect.objectContaining({ field: 'spec.podManagementPolicy', message: expect.stringContaining("must be 'OrderedReady' or 'Parallel'") })]);
    expect(causes(sts({ selector, template: template(), updateStrategy: { type: 'Now' } }))).toEqual([expect.objectContaining({ field: 'spec.updateStrategy.type', message: expect.stringContaining("must be 'RollingUpdate' or 'OnDelete'") })]);
    expect(causes(sts({ selector, template: template(), updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } }))).toEqual([
      expect.objectContaining({ field: 'spec.updateStrategy.rollingUpdate', message: expect.stringContaining("only allowed for updateStrategy 'RollingUpdate'") }),
    ]);
    const fields = causes(sts({ selector, template: template(), replicas: -1, revisionHistoryLimit: -1, minReadySeconds: -1, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } })).map((c) => c.field);
    expect(fields.sort()).toEqual(['spec.minReadySeconds', 'spec.replicas', 'spec.revisionHistoryLimit', 'spec.updateStrategy.rollingUpdate.partition']);
  });

  it('lets an update change replicas, template, updateStrategy and the like, and nothing else of the spec', () => {
    const before = applyDefaults(sts({ selector, serviceName: 'web', template: template() }));
    const after = structuredClone(before);
    after.spec!.replicas = 5;
    after.spec!.template!.spec!.containers[0]!.image = 'nginx:2';
    after.spec!.updateStrategy = { type: 'OnDelete' };
    expect(validateUpdate(before, after)).toEqual([]);
    after.spec!.serviceName = 'other';
    expect(validateUpdate(before, after)).toEqual([
      expect.objectContaining({ reason: 'FieldValueForbidden', field: 'spec', message: expect.stringContaining("updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden") }),
    ]);
  });
});

describe('ControllerRevision validation', () => {
  const cr = (extra: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-1', namespace: 'default' }, revision: 1, ...extra }) as unknown as KubeObject;
  it('requires data, and keeps it as it was recorded (the revision number may change)', () => {
    expect(validateObject(cr({})).map((c) => c.field)).toEqual(['data']);
    expect(validateObject(cr({ data: { spec: {} } }))).toEqual([]);
    expect(validateUpdate(cr({ data: { spec: {} } }), cr({ data: { spec: {} }, revision: 3 }))).toEqual([]);
    expect(validateUpdate(cr({ data: { spec: {} } }), cr({ data: { spec: { x: 1 } } })).map((c) => c.field)).toEqual(['data']);
  });
});
