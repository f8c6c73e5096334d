import { selectorFromMap } from '@bosun/labels';

type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a node offers to a pod's node selection: its name (matchFields) and labels. */
export interface SelectableNode {
  readonly name: string;
  readonly labels: Record<string, string> | undefined;
}

/**
 * A NodeSelectorRequirement, as nodeaffinity evaluates it: In / NotIn (an absent key is not in),
 * Exists / DoesNotExist, Gt / Lt comparing integers; anything malformed matches nothing.
 */
function requirementMatches(r: Anything, value: string | undefined): boolean {
  const values: unknown[] = Array.isArray(r?.values) ? r.values : [];
  switch (r?.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(String(values[0]))) return false;
      return r.operator === 'Gt' ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}

/** A NodeSelectorTerm: all its label expressions and its field expressions (metadata.name only, In / NotIn); an empty term matches nothing. */
function termMatches(term: Anything, node: SelectableNode): boolean {
  const expressions: Anything[] = Array.isArray(term?.matchExpressions) ? term.matchExpressions : [];
  const fields: Anything[] = Array.isArray(term?.matchFields) ? term.matchFields : [];
  if (expressions.length + fields.length === 0) return false;
  return (
    expressions.every((r) => requirementMatches(r, node.labels?.[r?.key])) &&
    fields.every((r) => r?.key === 'metadata.name' && (r.operator === 'In' || r.operator === 'NotIn') && requirementMatches(r, node.name))
  );
}

/**
 * Whether a pod may go to a node by its nodeSelector and its required node affinity (kube-scheduler's
 * NodeAffinity filter, which the daemonset controller also asks): the selector's labels all, and one of
 * the terms of requiredDuringSchedulingIgnoredDuringExecution. Undefined when the pod restricts nothing,
 * so callers can skip the check.
 */
export function nodeMatcherOf(podSpec: Anything | undefined): ((node: SelectableNode) => boolean) | undefined {
  const nodeSelector = podSpec?.nodeSelector as Record<string, string> | undefined;
  const selector = nodeSelector === undefined || nodeSelector === null || Object.keys(nodeSelector).length === 0 ? undefined : selectorFromMap(nodeSelector);
  const required = podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms: Anything[] | undefined = required === undefined || required === null ? undefined : Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : [];
  if (selector === undefined && terms === undefined) return undefined;
  return (node) => (selector === undefined || selector.matches(node.labels)) && (terms === undefined || terms.some((t) => termMatches(t, node)));
}
