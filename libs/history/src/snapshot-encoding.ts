/**
 * The lines of a version-2 snapshot: JSON with repeated subtrees written once.
 *
 * A cluster repeats itself: the pods of one ReplicationController share their labels, owner
 * references and containers, the pods of one node their spec, a second's pods their status. Parsed
 * as plain JSON, every copy is its own objects and strings, and all of them survive into the state:
 * loading a snapshot of 160,000 pods cost more (parsing, and scavenges copying what was parsed) than
 * folding the events after it. Here a subtree seen before is written once more in full, where it
 * becomes shared, and as a placeholder afterwards; the reader puts the one parsed copy back in
 * every place. Sharing is safe because the projection's objects are immutable: `evolve` builds new
 * objects for a change and readers of the cache never mutate what it hands out.
 *
 * A line is `[value]` or `[value, refs]`. `value` is the JSON value with shared subtrees replaced by
 * `0`; `refs` is a flat list of (path, code) pairs in document order. A path is an array of keys and
 * array indices the first time it appears in the file (it then takes the next path number) and that
 * number afterwards; code `-1` says the subtree at the path is written there in full and becomes the
 * next shared subtree (numbered from 0 across the file), code `n` that the placeholder there stands
 * for shared subtree `n`. Lines must be read in order, by one decoder per file.
 */

type Path = ReadonlyArray<string | number>;

/** Subtrees shorter than this (in JSON characters) are cheaper to parse than to look up. */
const MIN_SHARED = 16;
/** Larger subtrees are rarely repeated whole; their parts are looked at instead. */
const MAX_SHARED = 1024;

/** An object or array of a line as JSON (what JSON.stringify writes), with its hash and its members. */
interface Measured {
  readonly text: string;
  readonly hash: number;
  /** Keys (objects) or indices (arrays) of the members written, in order. */
  readonly keys: ReadonlyArray<string | number>;
  /** Each member's JSON (`"key":value` in objects). */
  readonly parts: readonly string[];
  readonly prefixes: readonly string[] | undefined;
  /** Each member's own measure, where it is an object or array (what `members` walks down). */
  readonly children: ReadonlyArray<Measured | undefined>;
}

/** Paths seen in the file, as a tree of their steps: looked up without writing the path as a string. */
interface PathNode {
  n: number;
  readonly next: Map<string | number, PathNode>;
}

export class SubtreeEncoder {
  /** Hashes of subtrees written once, in full: a collision only shares a subtree one time early. */
  private readonly seen = new Set<number>();
  /** Shared subtrees by hash: their JSON and number (a second subtree with the same hash is not shared). */
  private readonly shared = new Map<number, { readonly text: string; readonly n: number }>();
  private readonly paths: PathNode = { n: -1, next: new Map() };
  private pathCount = 0;
  /** `"key":` and its hash, per key: keys repeat across a cluster's objects. */
  private readonly keyTexts = new Map<string, { readonly text: string; readonly hash: number }>();
  /**
   * The hash and measure of the member `member` last wrote (fields, not a returned tuple: this runs
   * per value). Each subtree is written as JSON once, bottom-up, and its parts reused (JSON.stringify
   * at every level of a deep object costs its size times its depth); a measure keeps its members'
   * measures, so the walk down needs no map from object to measure (a lookup per object cost more
   * than the rest of the measuring).
   */
  private memberHash = 0;
  private memberMeasured: Measured | undefined;

  /** The line for `value` (without its newline). */
  line(value: unknown): string {
    if (value === null || typeof value !== 'object') return `[${JSON.stringify(value) ?? 'null'}]`;
    const refs: unknown[] = [];
    const text = this.members(value, this.measure(value), [], refs);
    return refs.length === 0 ? `[${text}]` : `[${text},${JSON.stringify(refs)}]`;
  }

  /** Bottom-up: the JSON of an object or array, as JSON.stringify writes it, and its hash. */
  private measure(value: object): Measured {
    let measured: Measured;
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      // Not a plain JSON value (a Date, say): written as JSON.stringify writes it, never looked into.
      const text = JSON.stringify(value) ?? 'null';
      measured = { text, hash: hash(text, FNV_OFFSET), keys: [], parts: [], prefixes: undefined, children: [] };
    } else if (Array.isArray(value)) {
      const keys: number[] = [];
      const parts: string[] = [];
      const children: (Measured | undefined)[] = [];
      let h = Math.imul(FNV_OFFSET ^ 0x5b, FNV_PRIME);
      for (let i = 0; i < value.length; i++) {
        const text = this.member(value[i]);
        keys.push(i);
        parts.push(text ?? 'null');
        children.push(this.memberMeasured);
        h = Math.imul(h ^ (text === undefined ? NULL_HASH : this.memberHash), FNV_PRIME);
      }
      measured = { text: `[${parts.join(',')}]`, hash: h & SMI, keys, parts, prefixes: undefined, children };
    } else {
      const keys: string[] = [];
      const parts: string[] = [];
      const prefixes: string[] = [];
      const children: (Measured | undefined)[] = [];
      let h = Math.imul(FNV_OFFSET ^ 0x7b, FNV_PRIME);
      for (const key of Object.keys(value)) {
        const text = this.member((value as Record<string, unknown>)[key]);
        if (text === undefined) continue;
        const ch = this.memberHash;
        let k = this.keyTexts.get(key);
        if (k === undefined) {
          const quoted = `${JSON.stringify(key)}:`;
          this.keyTexts.set(key, (k = { text: quoted, hash: hash(quoted, FNV_OFFSET) }));
        }
        keys.push(key);
        prefixes.push(k.text);
        parts.push(k.text + text);
        children.push(this.memberMeasured);
        h = Math.imul(Math.imul(h ^ k.hash, FNV_PRIME) ^ ch, FNV_PRIME);
      }
      measured = { text: `{${parts.join(',')}}`, hash: h & SMI, keys, parts, prefixes, children };
    }
    return measured;
  }

  /** A member's JSON (undefined where JSON.stringify leaves it out); its hash in memberHash, its measure in memberMeasured. */
  private member(value: unknown): string | undefined {
    if (value !== null && typeof value === 'object') {
      const m = this.measure(value);
      this.memberHash = m.hash;
      this.memberMeasured = m;
      return m.text;
    }
    this.memberMeasured = undefined;
    const text = JSON.stringify(value);
    this.memberHash = text === undefined ? NULL_HASH : hash(text, FNV_OFFSET);
    return text;
  }

  /** Top-down: the members of a measured object or array, each a possible shared subtree. */
  private members(value: object, measured: Measured, path: (string | number)[], refs: unknown[]): string {
    const { keys, parts, prefixes, children } = measured;
    let changed: string[] | undefined;
    for (let i = 0; i < keys.length; i++) {
      const m = children[i];
      if (m === undefined) continue;
      const member = (value as Record<string | number, unknown>)[keys[i]] as object;
      path.push(keys[i]);
      const text = this.subtree(member, m, path, refs);
      path.pop();
      if (text !== m.text) {
        changed ??= [...parts];
        changed[i] = prefixes === undefined ? text : prefixes[i] + text;
      }
    }
    if (changed === undefined) return measured.text;
    return Array.isArray(value) ? `[${changed.join(',')}]` : `{${changed.join(',')}}`;
  }

  /** An object or array below the root: a reference to a shared subtree, a newly shared one, or its members. */
  private subtree(value: object, m: Measured, path: (string | number)[], refs: unknown[]): string {
    if (m.text.length < MIN_SHARED) return m.text;
    if (m.text.length <= MAX_SHARED) {
      const shared = this.shared.get(m.hash);
      if (shared !== undefined && shared.text === m.text) {
        refs.push(this.pathRef(path), shared.n);
        return '0';
      }
      if (shared === undefined && this.seen.has(m.hash)) {
        this.shared.set(m.hash, { text: m.text, n: this.shared.size });
        refs.push(this.pathRef(path), -1);
        return m.text;
      }
      this.seen.add(m.hash);
    }
    return this.members(value, m, path, refs);
  }

  private pathRef(path: Path): number | Path {
    let node = this.paths;
    for (const step of path) {
      let next = node.next.get(step);
      if (next === undefined) node.next.set(step, (next = { n: -1, next: new Map() }));
      node = next;
    }
    if (node.n !== -1) return node.n;
    node.n = this.pathCount++;
    return [...path];
  }
}

export class SubtreeDecoder {
  private readonly shared: unknown[] = [];
  private readonly paths: Path[] = [];

  /** The value of the next line; throws on a line that does not fit the file read so far. */
  line(text: string): unknown {
    const [value, refs] = JSON.parse(text) as [unknown, unknown[] | undefined];
    if (refs === undefined) return value;
    for (let i = 0; i < refs.length; i += 2) {
      const ref = refs[i];
      const path = typeof ref === 'number' ? this.paths[ref] : (this.paths[this.paths.length] = ref as Path);
      if (path === undefined || path.length === 0) throw new Error(`a snapshot line refers to an unknown path ${JSON.stringify(ref)}`);
      let parent = value as Record<string | number, unknown>;
      for (let j = 0; j < path.length - 1; j++) parent = parent[path[j]] as Record<string | number, unknown>;
      const key = path[path.length - 1];
      const code = refs[i + 1] as number;
      if (code === -1) this.shared.push(parent[key]);
      else if (code >= 0 && code < this.shared.length) parent[key] = this.shared[code];
      else throw new Error(`a snapshot line refers to an unknown shared value ${code}`);
    }
    return value;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 code units: enough to tell a repeat; a collision costs sharing, never correctness. */
function hash(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h & SMI;
}

/** Hashes are cut to 30 bits: small integers, which a Set of millions holds without allocating. */
const SMI = 0x3fffffff;
const NULL_HASH = hash('null', FNV_OFFSET);
