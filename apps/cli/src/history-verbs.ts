/**
 * The debugging verbs over the log (docs/debugging.md): replay, history, explain, diff, tail, export
 * and import. Each reads `bosun.events` of an embedded data directory (read-only, also while
 * `bosun up` runs), of Kafka, or of an exported file; libs/history does the work, this file parses
 * flags and prints.
 */
import type { SchedulingPolicy } from '@bosun/controllers';
import { isKind, kindKeyPrefix, objectKey, RESOURCES, resourceByKind, resourceByName, type Kind, type KubeObject } from '@bosun/api';
import { openEventLog, topology } from '@bosun/event-log';
import {
  diffStates,
  explain,
  exportLog,
  foldLog,
  formatChange,
  historyEntry,
  HistoryQueryError,
  importLog,
  objectHistories,
  openHistorySource,
  parsePoint,
  summarize,
  takeSnapshot,
  whatIfScheduling,
  type HistoryEntry,
  type HistorySource,
  type Point,
} from '@bosun/history';
import { parseLabelSelector, type LabelSelector } from '@bosun/labels';
import { ClusterState } from '@bosun/runtime';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { asList, formatColumns, objectTable, OUTPUTS, printedType, progress, serialise, type Output } from './printing';

/** A malformed request (unknown flag, bad value): exit code 2. */
export class UsageError extends Error {}

const SOURCE_OPTIONS = {
  'data-dir': { type: 'string', default: '.bosun' },
  kafka: { type: 'string' },
  'topic-prefix': { type: 'string', default: 'bosun' },
  file: { type: 'string' },
  output: { type: 'string', short: 'o' },
  namespace: { type: 'string', short: 'n' },
  'all-namespaces': { type: 'boolean', short: 'A', default: false },
  selector: { type: 'string', short: 'l' },
  debug: { type: 'boolean', default: false },
  snapshots: { type: 'string' },
  'no-snapshots': { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

type Values = Record<string, string | boolean | undefined>;

function parse(argv: string[], extra: ParseArgsConfig['options'] = {}): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...SOURCE_OPTIONS, ...extra }, allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const str = (v: Values, name: string): string | undefined => v[name] as string | undefined;

function outputOf<O extends Output>(values: Values, allowed: readonly O[]): O {
  const o = (str(values, 'output') ?? 'table') as O;
  if (!allowed.includes(o)) throw new UsageError(`--output must be one of ${allowed.join(', ')}, got "${o}"`);
  return o;
}

/** Where snapshots are read from: --snapshots, else beside an embedded log; none with --no-snapshots. */
function snapshotDir(values: Values): string | undefined {
  if (values['no-snapshots'] === true) return undefined;
  if (values.snapshots) return str(values, 'snapshots');
  return values.kafka || values.file ? undefined : join(str(values, 'data-dir') ?? '.bosun', 'snapshots');
}

function openSource(values: Values): Promise<HistorySource> {
  return openHistorySource({
    dataDir: str(values, 'data-dir') ?? '.bosun',
    topicPrefix: str(values, 'topic-prefix') ?? 'bosun',
    ...(values.kafka ? { kafka: str(values, 'kafka')! } : {}),
    ...(values.file ? { file: str(values, 'file')! } : {}),
  });
}

async function withSource<T>(values: Values, work: (source: HistorySource) => Promise<T>): Promise<T> {
  const source = await openSource(values);
  try {
    return await work(source);
  } finally {
    await source.close();
  }
}

function point(values: Values, name: string, fallback: string): Point {
  try {
    return parsePoint(str(values, name) ?? fallback);
  } catch (error) {
    throw new UsageError(`--${name}: ${(error as Error).message}`);
  }
}

function selectorOf(values: Values): LabelSelector | undefined {
  const text = str(values, 'selector');
  if (text === undefined) return undefined;
  try {
    return parseLabelSelector(text);
  } catch (error) {
    throw new UsageError(`-l: ${(error as Error).message}`);
  }
}

function kindOf(name: string): Kind {
  const r = resourceByName(name);
  if (r === undefined || !isKind(r.kind)) throw new UsageError(`the server doesn't have a resource type "${name}"`);
  return r.kind;
}

/** `all`, as kubectl get reads it: the kinds of the category all (pods, services, RCs, DaemonSets, Deployments, ReplicaSets, StatefulSets, Jobs, CronJobs). */
const ALL: readonly Kind[] = RESOURCES.filter((r) => r.categories.includes('all')).map((r) => r.kind);

/** `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`, as kubectl get reads them. */
function resourceArgs(positionals: readonly string[]): { kinds: Kind[]; names: Map<Kind, string[]> } {
  const names = new Map<Kind, string[]>();
  const kinds: Kind[] = [];
  const add = (kind: Kind, name?: string): void => {
    if (!kinds.includes(kind)) kinds.push(kind);
    if (name !== undefined) names.set(kind, [...(names.get(kind) ?? []), name]);
  };
  if (positionals.length === 0) return { kinds: [...ALL], names };
  if (positionals.every((p) => p.includes('/'))) {
    for (const p of positionals) {
      const [type, name] = p.split('/', 2);
      add(kindOf(type), name);
    }
    return { kinds, names };
  }
  const [types, ...rest] = positionals;
  if (rest.some((p) => p.includes('/'))) throw new UsageError('there is no need to specify a resource type as a separate argument when passing arguments in resource/name form');
  for (const kind of types === 'all' ? ALL : types.split(',').map(kindOf)) add(kind);
  if (rest.length > 0) {
    if (kinds.length > 1) throw new UsageError('names can be given with one resource type only');
    for (const name of rest) add(kinds[0], name);
  }
  return { kinds, names };
}

/** The one object `history` and `explain` ask about: `pod/web-1`, `rc web`, `node n1`. */
function oneKey(positionals: readonly string[], values: Values): string {
  const { kinds, names } = positionals.length > 0 ? resourceArgs(positionals) : { kinds: [], names: new Map() };
  const list = kinds.length === 1 ? (names.get(kinds[0]) ?? []) : [];
  if (list.length !== 1) throw new UsageError('name one object: TYPE/NAME (e.g. pod/web-1, rc/web, node/n1)');
  const kind = kinds[0];
  const namespaced = resourceByKind(kind)?.namespaced ?? true;
  return objectKey(kind, namespaced ? (str(values, 'namespace') ?? 'default') : undefined, list[0]);
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  return (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

function fold(source: HistorySource, to: Point, label: string, snapshots: string | undefined, keyPrefixes?: readonly string[]): ReturnType<typeof foldLog> {
  const bar = progress(label);
  return foldLog(source, {
    to,
    onProgress: bar.update,
    ...(snapshots === undefined ? {} : { snapshots }),
    ...(keyPrefixes === undefined ? {} : { keyPrefixes }),
  }).finally(bar.done);
}

/**
 * The keys a replay prints from: the objects named, or the kinds in the namespace asked (all
 * namespaces with -A). Events are derived from every other kind's history: asked for, they need
 * the whole log (undefined).
 */
function replayScope(kinds: readonly Kind[], names: ReadonlyMap<Kind, string[]>, namespace: string, allNamespaces: boolean): string[] | undefined {
  if (kinds.includes('Event')) return undefined;
  return kinds.flatMap((kind) => {
    const namespaced = resourceByKind(kind)?.namespaced ?? true;
    const wanted = names.get(kind);
    if (wanted !== undefined) return wanted.map((name) => objectKey(kind, namespaced ? namespace : undefined, name));
    return [namespaced && !allNamespaces ? `${kindKeyPrefix(kind)}${namespace}/` : kindKeyPrefix(kind)];
  });
}

// bosun replay -------------------------------------------------------------------------------------

export async function replayVerb(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { at: { type: 'string', default: 'now' } });
  const at = point(values, 'at', 'now');
  const output = outputOf(values, OUTPUTS);
  const { kinds, names } = resourceArgs(positionals);
  const selector = selectorOf(values);
  const all = values['all-namespaces'] === true;
  const namespace = str(values, 'namespace') ?? 'default';
  return withSource(values, async (source) => {
    const folded = await fold(source, at, 'replaying', snapshotDir(values), replayScope(kinds, names, namespace, all));
    const { state } = folded;
    const at_ = folded.offset < 0 ? 'the start of the log' : `resourceVersion ${folded.offset} (${new Date(folded.time).toISOString()})`;
    const how = folded.sharded === undefined ? '' : `; folded its first ${folded.sharded.records.toLocaleString('en-US')} events in ${folded.sharded.shards} threads at once`;
    process.stderr.write(`bosun: the cluster at ${at_}${folded.snapshot === undefined ? '' : `, from the snapshot at ${folded.snapshot}`}${how}\n`);
    const found: { kind: Kind; objects: KubeObject[] }[] = [];
    for (const kind of kinds) {
      const namespaced = resourceByKind(kind)?.namespaced ?? true;
      const wanted = names.get(kind);
      let objects: KubeObject[];
      if (wanted !== undefined) {
        objects = [];
        for (const name of wanted) {
          const o = state.getObject(objectKey(kind, namespaced ? namespace : undefined, name));
          if (o === null) throw new HistoryQueryError(`${resourceByKind(kind)?.resource ?? kind} "${name}" not found at ${at_}`, 'not-found');
          objects.push(o);
        }
      } else {
        objects = state.list(kind, namespaced && !all ? namespace : undefined).sort(byNamespaceAndName);
      }
      if (selector) objects = objects.filter((o) => selector.matches(o.metadata.labels));
      found.push({ kind, objects });
    }
    const items = found.flatMap((f) => f.objects);
    const single = names.size > 0 && items.length === 1 && kinds.length === 1;
    if (output === 'json' || output === 'yaml') {
      console.log(serialise(single ? items[0] : asList(items, String(folded.offset)), output));
    } else if (output === 'name') {
      // One write: a console.log per line cost a quarter of a replay of 160,000 pods.
      const lines = found.flatMap((f) => f.objects.map((o) => `${printedType(f.kind)}/${o.metadata.name}\n`));
      process.stdout.write(lines.join(''));
    } else {
      const now = 'end' in at ? Date.now() : 'time' in at ? at.time : folded.time;
      const tables = found
        .filter((f) => f.objects.length > 0)
        .map((f) => objectTable(f.kind, f.objects, { wide: output === 'wide', withNamespace: all, withKind: kinds.length > 1, now }));
      if (tables.length === 0) process.stderr.write(`No resources found${all ? '' : ` in ${namespace} namespace`}.\n`);
      else console.log(tables.join('\n\n'));
    }
    return 0;
  });
}

// bosun history --------------------------------------------------------------------------------------

function entryRow(e: HistoryEntry, withObject: boolean): string[] {
  return [
    String(e.offset),
    e.time,
    e.type,
    ...(withObject ? [e.key] : []),
    e.actor ?? e.source ?? '',
    e.command ?? '',
    summarize(e),
  ];
}

function entryJson(e: HistoryEntry): Record<string, unknown> {
  return { ...e, summary: summarize(e) };
}

export async function historyVerb(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { to: { type: 'string', default: 'now' } });
  const key = oneKey(positionals, values);
  const to = point(values, 'to', 'now');
  const output = outputOf(values, ['table', 'json', 'yaml']);
  return withSource(values, async (source) => {
    const entries = (await objectHistories(source, new Set([key]), to)).get(key) ?? [];
    if (entries.length === 0) throw new HistoryQueryError(`${key} has no events in the log`, 'not-found');
    if (output !== 'table') {
      console.log(serialise({ key, events: entries.map(entryJson) }, output));
    } else {
      console.log(formatColumns([['OFFSET', 'TIME', 'EVENT', 'BY', 'COMMAND', 'CHANGES'], ...entries.map((e) => entryRow(e, false))]));
    }
    return 0;
  });
}

// bosun explain --------------------------------------------------------------------------------------

export async function explainVerb(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { to: { type: 'string', default: 'now' } });
  const key = oneKey(positionals, values);
  const to = point(values, 'to', 'now');
  const output = outputOf(values, ['table', 'json', 'yaml']);
  return withSource(values, async (source) => {
    const explanation = await explain(source, key, to);
    if (output !== 'table') {
      const json = { key, object: explanation.object, events: explanation.events.map((e) => ({ event: entryJson(e.event), causes: e.causes.map(entryJson) })) };
      console.log(serialise(json, output));
      return 0;
    }
    const line = (e: HistoryEntry, withKey: boolean): string =>
      `#${e.offset} ${e.time} ${e.type}${withKey ? ` ${e.key}` : ''} by ${e.actor ?? e.source ?? 'unknown'}${e.command ? ` (${e.command})` : ''}: ${summarize(e)}`;
    console.log(`${key}${explanation.object === null ? ' (deleted)' : ''}`);
    // A chain is printed until it reaches an event already on the page: `#16 (above)` says the rest.
    const shown = new Set<number>();
    for (const { event, causes } of explanation.events) {
      console.log(line(event, false));
      shown.add(event.offset);
      for (const [depth, c] of causes.entries()) {
        const indent = '  '.repeat(depth + 1);
        if (shown.has(c.offset)) {
          console.log(`${indent}← because #${c.offset} (above)`);
          break;
        }
        console.log(`${indent}← because ${line(c, true)}`);
        shown.add(c.offset);
      }
    }
    return 0;
  });
}

// bosun diff -----------------------------------------------------------------------------------------

export async function diffVerb(argv: string[]): Promise<number> {
  const { values } = parse(argv, { from: { type: 'string' }, to: { type: 'string', default: 'now' } });
  if (str(values, 'from') === undefined) throw new UsageError('--from is required (a resourceVersion, a time, or a time of day)');
  const from = point(values, 'from', '0');
  const to = point(values, 'to', 'now');
  const output = outputOf(values, ['table', 'json', 'yaml']);
  return withSource(values, async (source) => {
    const bar = progress('replaying');
    const diff = await diffStates(source, from, to, bar.update, snapshotDir(values)).finally(bar.done);
    if (output !== 'table') {
      console.log(serialise(diff, output));
      return 0;
    }
    process.stderr.write(`bosun: from resourceVersion ${diff.fromOffset} to ${diff.toOffset}: ${diff.objects.length} objects changed\n`);
    for (const o of diff.objects) {
      console.log(`${o.change === 'added' ? '+' : o.change === 'deleted' ? '-' : '~'} ${o.key}`);
      for (const c of o.changes) console.log(`    ${formatChange(c)}`);
    }
    return 0;
  });
}

// bosun tail -----------------------------------------------------------------------------------------

export async function tailVerb(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { from: { type: 'string', default: 'now' } });
  const from = point(values, 'from', 'now');
  const output = outputOf(values, ['table', 'json']);
  const { kinds, names } = positionals.length > 0 ? resourceArgs(positionals) : { kinds: [] as Kind[], names: new Map<Kind, string[]>() };
  const selector = selectorOf(values);
  const namespace = values['all-namespaces'] === true ? undefined : str(values, 'namespace');
  const source = await openSource(values);
  try {
    // The state before the first event shown, so that each event is printed with what it changed.
    const start: Point = 'offset' in from ? { offset: from.offset - 1 } : from;
    const folded = 'offset' in start && start.offset < 0 ? { state: new ClusterState(), offset: -1 } : await fold(source, start, 'catching up', snapshotDir(values));
    const state = folded.state;
    const wanted = (e: HistoryEntry): boolean => {
      const object = (e.object ?? undefined) as KubeObject | undefined;
      const kind = (object?.kind ?? '') as Kind;
      if (kinds.length > 0 && !kinds.includes(kind)) return false;
      const list = names.get(kind);
      if (list !== undefined && !list.includes(object?.metadata.name ?? '')) return false;
      if (namespace !== undefined && object?.metadata.namespace !== undefined && object.metadata.namespace !== namespace) return false;
      return selector === undefined || selector.matches(object?.metadata.labels);
    };
    if (output === 'table') console.log(formatColumns([['OFFSET', 'TIME', 'EVENT', 'OBJECT', 'BY', 'COMMAND', 'CHANGES']]));
    const subscription = await source.tail(folded.offset + 1, async (records) => {
      for (const record of records) {
        const before = state.getObject(record.key);
        state.apply(record);
        if (!record.headers.bosun_kind) continue; // partition claims
        const applied = state.get(record.key)?.offset === record.offset;
        const after = applied ? state.getObject(record.key) : before;
        const entry = historyEntry(record, before, after, !applied);
        // A deleted object is matched on what it was.
        if (!wanted({ ...entry, object: after ?? before })) continue;
        console.log(output === 'json' ? JSON.stringify(entryJson(entry)) : formatColumns([entryRow(entry, true)]));
      }
    });
    await new Promise<void>((resolve, reject) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      subscription.done.then(resolve, reject);
    });
    await subscription.close();
    return 0;
  } finally {
    await source.close();
  }
}

// bosun what-if ---------------------------------------------------------------------------------------

export async function whatIfVerb(argv: string[]): Promise<number> {
  const { values } = parse(argv, { scheduler: { type: 'string', default: 'least-allocated' }, 'without-nodes': { type: 'string' }, to: { type: 'string', default: 'now' } });
  const policy = str(values, 'scheduler') as SchedulingPolicy;
  const { SCHEDULING_POLICIES } = await import('@bosun/controllers');
  if (!SCHEDULING_POLICIES.includes(policy)) throw new UsageError(`--scheduler must be one of ${SCHEDULING_POLICIES.join(', ')}, got "${policy}"`);
  const withoutNodes = (str(values, 'without-nodes') ?? '').split(',').filter((n) => n !== '');
  const to = point(values, 'to', 'now');
  const output = outputOf(values, ['table', 'json', 'yaml']);
  return withSource(values, async (source) => {
    const bar = progress('re-scheduling');
    const report = await whatIfScheduling(source, { policy, withoutNodes, to, onProgress: bar.update }).finally(bar.done);
    if (output !== 'table') {
      console.log(serialise(report, output));
      return 0;
    }
    const what = `--scheduler ${policy}${withoutNodes.length > 0 ? ` --without-nodes ${withoutNodes.join(',')}` : ''}`;
    console.log(`${report.differed.length} of ${report.bindings} bindings would have differed with ${what}`);
    if (report.differed.length > 0) {
      const rows = report.differed.map((d) => [String(d.offset), d.time, d.pod, d.recorded, d.whatIf ?? `(none: ${d.reason})`]);
      console.log(formatColumns([['OFFSET', 'TIME', 'POD', 'RECORDED', 'WHAT-IF'], ...rows]));
    }
    return 0;
  });
}

// bosun snapshot --------------------------------------------------------------------------------------

export async function snapshotVerb(argv: string[]): Promise<number> {
  const { values } = parse(argv, { keep: { type: 'string', default: '3' } });
  const dir = snapshotDir(values);
  if (dir === undefined) throw new UsageError('say where snapshots go: --snapshots DIR (beside an embedded log they go to DIR/snapshots)');
  const keep = Number(str(values, 'keep'));
  if (!Number.isInteger(keep) || keep < 1) throw new UsageError(`--keep must be a whole number of at least 1, got "${str(values, 'keep')}"`);
  const output = outputOf(values, ['table', 'json']);
  return withSource(values, async (source) => {
    const bar = progress('folding');
    const taken = await takeSnapshot(source, dir, keep, bar.update).finally(bar.done);
    if (output === 'json') console.log(JSON.stringify(taken));
    else process.stderr.write(`bosun: snapshot at resourceVersion ${taken.offset} in ${taken.path}${taken.from === undefined ? '' : ` (folded on from the one at ${taken.from})`}\n`);
    return 0;
  });
}

// bosun export / import ------------------------------------------------------------------------------

export async function exportVerb(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (positionals.length !== 1) throw new UsageError('give the file to write: bosun export FILE (FILE.gz compresses; - writes to stdout)');
  return withSource(values, async (source) => {
    const bar = progress('exporting');
    const topic = topology(str(values, 'topic-prefix') ?? 'bosun').eventsTopic;
    const output = outputOf(values, ['table', 'json']);
    if (output === 'json' && positionals[0] === '-') throw new UsageError('-o json prints a summary to stdout: export to a file, not to -');
    const count = await exportLog(source, positionals[0], topic, bar.update).finally(bar.done);
    if (output === 'json') console.log(JSON.stringify({ exported: count, from: source.description, to: positionals[0] }));
    else process.stderr.write(`bosun: exported ${count} events from ${source.description} to ${positionals[0] === '-' ? 'stdout' : positionals[0]}\n`);
    return 0;
  });
}

export async function importVerb(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (positionals.length !== 1) throw new UsageError('give the file to read: bosun import FILE --data-dir DIR | --kafka HOST:PORT');
  if (values.file) throw new UsageError('bosun import reads the file given as its argument; --file is for the reading verbs');
  const { log, description } = await openEventLog({
    dataDir: str(values, 'data-dir') ?? '.bosun',
    topicPrefix: str(values, 'topic-prefix') ?? 'bosun',
    ...(values.kafka ? { kafka: str(values, 'kafka')! } : {}),
  });
  try {
    const bar = progress('importing');
    const output = outputOf(values, ['table', 'json']);
    const count = await importLog(positionals[0], log, bar.update).finally(bar.done);
    if (output === 'json') console.log(JSON.stringify({ imported: count, from: positionals[0], to: description }));
    else process.stderr.write(`bosun: imported ${count} events into ${description}\n`);
    return 0;
  } finally {
    await log.close();
  }
}
