// Kubernetes field selectors (k8s.io/apimachinery/pkg/fields/selector.go), re-implemented.
// Unlike label selectors there is no tokenizer: terms are split on unescaped ',' and each term on its first
// '!=', '==' or '='; whitespace is NOT trimmed (Kubernetes does not trim it either).
import { SelectorParseError } from './selector.errors';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** Escapes a value for the string form, as Kubernetes' fields.EscapeValue does ('\', ',' and '='). */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * Inverse of escapeFieldValue (Kubernetes' fields.UnescapeValue). Also accepts `\!` as an escaped '!' —
 * an extension: Kubernetes never produces or needs it, but some clients escape '!' defensively.
 */
export function unescapeFieldValue(value: string): string {
  let out = '';
  let escaping = false;
  for (const c of value) {
    if (escaping) {
      if (c !== '\\' && c !== ',' && c !== '=' && c !== '!') {
        throw new SelectorParseError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      escaping = false;
    } else if (c === '\\') {
      escaping = true;
    } else if (c === ',' || c === '=') {
      throw new SelectorParseError(`invalid field selector: unescaped character in value: ${c}`);
    } else {
      out += c;
    }
  }
  if (escaping) throw new SelectorParseError('invalid field selector: invalid escape sequence: \\');
  return out;
}

export class FieldSelector {
  readonly requirements: readonly FieldRequirement[];

  constructor(requirements: readonly FieldRequirement[] = []) {
    this.requirements = Object.freeze(requirements.map((r) => Object.freeze({ ...r })));
  }

  static everything(): FieldSelector {
    return EVERYTHING;
  }

  /** get(field) returns the object's value for that field, or undefined if the object lacks it (treated as ""). */
  matches(get: (field: string) => string | undefined): boolean {
    return this.requirements.every((r) => {
      const actual = get(r.field) ?? '';
      return r.operator === '=' ? actual === r.value : actual !== r.value;
    });
  }

  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }

  /** The value required by an `=` requirement on `field`, if any (lets callers use an index, e.g. spec.nodeName). */
  requiredValue(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === '=')?.value;
  }
}

const EVERYTHING = new FieldSelector();

/** Splits on commas that are not escaped with a backslash; the escapes stay in the terms. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaping = false;
  for (let i = 0; i < text.length; i++) {
    if (escaping) escaping = false;
    else if (text[i] === '\\') escaping = true;
    else if (text[i] === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** Splits a term at the leftmost operator; at one position '!=' and '==' win over '='. */
function splitTerm(term: string): { field: string; op: '=' | '==' | '!='; rest: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return { field: term.slice(0, i), op, rest: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** Throws SelectorParseError on bad syntax; if `allowedFields` is given, an unknown field throws SelectorParseError whose message is Kubernetes-like: `field label not supported: spec.foo`. */
export function parseFieldSelector(text: string, allowedFields?: readonly string[]): FieldSelector {
  if (text === '') return EVERYTHING;
  // Kubernetes sorts the raw terms, which makes toString() canonical.
  const terms = splitTerms(text).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const requirements: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue; // "a=b,,c=d" and a trailing comma are tolerated, as in Kubernetes
    const parts = splitTerm(term);
    if (!parts) throw new SelectorParseError(`invalid selector: '${text}'; can't understand '${term}'`);
    // Kubernetes accepts an empty field name here; we refuse it because no object has such a field.
    if (parts.field === '') {
      throw new SelectorParseError(`invalid selector: '${text}'; can't understand '${term}': missing field name`);
    }
    const value = unescapeFieldValue(parts.rest);
    if (allowedFields && !allowedFields.includes(parts.field)) {
      throw new SelectorParseError(`field label not supported: ${parts.field}`);
    }
    requirements.push({ field: parts.field, operator: parts.op === '!=' ? '!=' : '=', value });
  }
  return requirements.length === 0 ? EVERYTHING : new FieldSelector(requirements);
}
