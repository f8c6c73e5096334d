import { LabelSelector, selectorFromLabelSelector, selectorFromMap, SelectorParseError } from '@bosun/labels';
import type { KubeObject } from './types';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The pods an object with a pod template selects: a ReplicationController by its label map (core/v1),
 * a ReplicaSet or Deployment by its metav1.LabelSelector (apps/v1). One reading for the controllers,
 * the tables and the Scale. A selector that cannot be read (validation refuses it on write) selects nothing.
 */
export function podSelectorOf(obj: KubeObject | Anything): LabelSelector {
  const selector = (obj as Anything).spec?.selector;
  if ((obj as Anything).kind === 'ReplicationController') return selectorFromMap(selector);
  try {
    return selectorFromLabelSelector(selector);
  } catch (error) {
    if (error instanceof SelectorParseError) return LabelSelector.nothing();
    throw error;
  }
}

/** metav1.FormatLabelSelector: the selector in label-selector syntax, requirements by key; `<none>` when it restricts nothing. */
export function formatLabelSelector(selector: unknown): string {
  try {
    const text = selectorFromLabelSelector(selector as Parameters<typeof selectorFromLabelSelector>[0]).toString();
    return text === '' ? '<none>' : text;
  } catch {
    return '<error>';
  }
}
