import type { KubeObject } from '@bosun/api';
import { admitted, type Plan } from './controller';
import { cacheOf, meta } from './testing/cache.given';
import { pod, rc } from './testing/objects.fixtures';
import { podFromTemplate, replicationReconciler } from './replication.reconciler';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const pc = (name: string, value: number, fields: Anything = {}): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name, uid: `uid-${name}` }, value, preemptionPolicy: 'PreemptLowerPriority', ...fields }) as KubeObject;

/** A controller's pod creation from an RC whose template names `className`. */
const creation = (className?: string): Plan => {
  const owner = rc(1) as Anything;
  if (className !== undefined) owner.spec.template.spec.priorityClassName = className;
  const object = podFromTemplate(owner);
  return [{ kind: 'Pod', namespace: 'default', name: object.metadata.name!, command: { type: 'Create', data: { object }, metadata: meta() } }];
};
const specOf = (plan: Plan): Anything => ((plan[0].command as Anything).data.object as Anything).spec;

describe('a controller\'s pod creations pass the Priority admission, as through kube-apiserver', () => {
  it('given a template naming a class, when the plan is admitted, then the pod has its value and policy', () => {
    const failures: string[] = [];
    const plan = admitted(creation('high'), cacheOf([pc('high', 1000)]), failures);
    expect(specOf(plan)).toMatchObject({ priorityClassName: 'high', priority: 1000, preemptionPolicy: 'PreemptLowerPriority' });
    expect(failures).toEqual([]);
  });

  it('given no class, the global default\'s, else 0', () => {
    expect(specOf(admitted(creation(), cacheOf([pc('dflt', 7, { globalDefault: true })]), []))).toMatchObject({ priorityClassName: 'dflt', priority: 7 });
    expect(specOf(admitted(creation(), cacheOf([]), []))).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
  });

  it('given an unknown class, the pod is not created and the sync fails in kube\'s words (retried with back-off)', () => {
    const failures: string[] = [];
    expect(admitted(creation('nope'), cacheOf([]), failures)).toEqual([]);
    expect(failures).toEqual([expect.stringMatching(/^Create web-\w+: pods "web-\w+" is forbidden: no PriorityClass with name nope was found$/)]);
  });

  it('given a quota scoped to the globalDefault class, the pods that take that class are counted by it (Priority before ResourceQuota)', () => {
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods: '1' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['dflt'] }] } } } as unknown as KubeObject;
    const creates = replicationReconciler.plan('replicationcontrollers/default/web', cacheOf([rc(3), quota, pc('dflt', 7, { globalDefault: true })]), meta).filter((c) => c.command.type === 'Create');
    expect(creates).toHaveLength(1);
    expect(specOf(creates)).toMatchObject({ priorityClassName: 'dflt', priority: 7 });
  });

  it('given an unknown class, a controller\'s own admission leaves the refusal to the runner\'s Priority admission', () => {
    const owner = rc(1) as Anything;
    owner.spec.template.spec.priorityClassName = 'nope';
    const failures: string[] = [];
    const creates = replicationReconciler.plan('replicationcontrollers/default/web', cacheOf([owner as KubeObject]), meta).filter((c) => c.command.type === 'Create');
    expect(creates).toHaveLength(1);
    expect(admitted(creates, cacheOf([]), failures)).toEqual([]);
    expect(failures).toEqual([expect.stringMatching(/no PriorityClass with name nope was found$/)]);
  });

  it('leaves other commands as they are', () => {
    const other: Plan = [{ kind: 'Pod', namespace: 'default', name: 'p', command: { type: 'UpdateStatus', data: { status: {} }, metadata: meta() } }];
    expect(admitted(other, cacheOf([pod('p')]), [])).toBe(other);
  });
});
