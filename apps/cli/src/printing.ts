/** How the CLI prints: kubectl's tables, JSON and YAML, and progress on a terminal. */
import { resourceByKind, toTable, type Kind, type KubeObject } from '@bosun/api';

export type Output = 'table' | 'wide' | 'json' | 'yaml' | 'name';
export const OUTPUTS: readonly Output[] = ['table', 'wide', 'json', 'yaml', 'name'];

/** Aligned columns as kubectl prints them: three spaces apart, the last one not padded. */
export function formatColumns(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('   ').trimEnd()).join('\n');
}

/**
 * `kubectl get` for objects of one kind: the server-side Table's columns (priority-1 columns only
 * with wide), a NAMESPACE column first with several namespaces, `kind/name` when several kinds print.
 */
export function objectTable(kind: Kind, objects: readonly KubeObject[], options: { wide: boolean; withNamespace: boolean; withKind: boolean; now: number }): string {
  const table = toTable(kind, objects, { now: options.now, includeObject: 'None' }) as {
    columnDefinitions: { name: string; priority: number }[];
    rows: { cells: (string | number)[] }[];
  };
  const shown = table.columnDefinitions.map((c, i) => ({ ...c, i })).filter((c) => options.wide || c.priority === 0);
  const header = [...(options.withNamespace ? ['NAMESPACE'] : []), ...shown.map((c) => c.name.toUpperCase())];
  const rows = table.rows.map((row, r) => [
    ...(options.withNamespace ? [objects[r].metadata.namespace ?? ''] : []),
    ...shown.map((c) => {
      const cell = String(row.cells[c.i] ?? '');
      return c.i === 0 && options.withKind ? `${printedType(kind)}/${cell}` : cell;
    }),
  ]);
  return formatColumns([header, ...rows]);
}

/** The type kubectl prints before a name: `pod`, `endpoints`, and with its group for a named group's kind (`deployment.apps`). */
export function printedType(kind: Kind): string {
  const info = resourceByKind(kind);
  if (info === undefined) return kind.toLowerCase();
  return info.group === undefined ? info.singular : `${info.singular}.${info.group}`;
}

/** One object, or a v1 List of several, as JSON or YAML. */
export function serialise(value: unknown, format: 'json' | 'yaml'): string {
  if (format === 'json') return JSON.stringify(value, null, 4);
  // Loaded for YAML only: it is a tenth of what a debugging verb loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stringify } = require('yaml') as typeof import('yaml');
  return stringify(value).trimEnd();
}

export function asList(items: readonly KubeObject[], resourceVersion: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion }, items };
}

/**
 * A progress line on stderr for long reads — only on a terminal, so scripts and pipes see nothing.
 * Returns the callback, and `done` to clear the line.
 */
export function progress(label: string): { update: (done: number, total: number) => void; done: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, done: () => undefined };
  let shownAt = 0;
  let drawn = false;
  return {
    update: (done, total) => {
      const now = Date.now();
      if (now - shownAt < 100) return;
      shownAt = now;
      drawn = true;
      const width = 30;
      const known = Number.isFinite(total) && total > 0;
      const filled = known ? Math.round((done / total) * width) : 0;
      const bar = known ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% ` : '';
      process.stderr.write(`\r${label} ${bar}${done.toLocaleString('en-US')}${known ? `/${total.toLocaleString('en-US')}` : ''} events\x1b[K`);
    },
    done: () => {
      if (drawn) process.stderr.write('\r\x1b[K');
    },
  };
}
