import { JOB_COMPLETION_INDEX, type AdmittedAccount, type KubeObject } from '@bosun/api';
import { podFromTemplate } from './replication.reconciler';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Indexed completion mode, as kube's job controller keeps it (indexed_job_utils.go): each index in
 * [0, completions) is complete once a pod of it has succeeded; the Job is complete when all are.
 */

/** A pod's completion index (its annotation), or undefined when it has none or one out of range. */
export function completionIndexOf(pod: Anything, completions: number): number | undefined {
  const text = pod.metadata?.annotations?.[JOB_COMPLETION_INDEX];
  if (typeof text !== 'string' || !/^\d+$/.test(text)) return undefined;
  const index = Number(text);
  return index < completions ? index : undefined;
}

/** `1,3-5` → {1, 3, 4, 5}, as status.completedIndexes writes them (what does not parse is dropped). */
export function parseIndexes(text: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    for (let i = Number(m[1]); i <= Number(m[2] ?? m[1]) && i < completions; i++) out.add(i);
  }
  return out;
}

/** Indexes as intervals, ascending: {0, 1, 2, 4} → `0-2,4`. */
export function formatIndexes(indexes: ReadonlySet<number>): string {
  const sorted = [...indexes].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

const INDEX_ENV = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX}']` } } };

/**
 * A pod for one index: named `<job>-<index>-<suffix>`, its index in an annotation and a label, its
 * hostname `<job>-<index>`, and JOB_COMPLETION_INDEX in every container's environment (read from
 * the annotation), as the job controller makes it.
 */
export function indexedPodFromTemplate(job: Anything, index: number, account: AdmittedAccount | null = null): KubeObject {
  const template = structuredClone(job.spec?.template ?? {});
  const metadata = (template.metadata ??= {});
  metadata.annotations = { ...(metadata.annotations ?? {}), [JOB_COMPLETION_INDEX]: String(index) };
  metadata.labels = { ...(metadata.labels ?? {}), [JOB_COMPLETION_INDEX]: String(index) };
  const spec = (template.spec ??= {});
  for (const list of ['initContainers', 'containers'] as const) {
    for (const c of (spec[list] ?? []) as Anything[]) if (!((c.env ?? []) as Anything[]).some((e) => e.name === INDEX_ENV.name)) c.env = [...(c.env ?? []), structuredClone(INDEX_ENV)];
  }
  spec.hostname ??= `${job.metadata.name}-${index}`;
  const pod = podFromTemplate({ ...job, spec: { ...job.spec, template } }, { account }) as Anything;
  // podGenerateNameWithIndex: the job's name cut so that the prefix fits 58 characters.
  const appendix = `-${index}-`;
  const prefix = `${String(job.metadata.name).slice(0, 58 - appendix.length)}${appendix}`;
  const suffix = String(pod.metadata.name).slice(String(job.metadata.name).length + 1);
  return { ...pod, metadata: { ...pod.metadata, name: `${prefix}${suffix}`, generateName: prefix } } as KubeObject;
}
