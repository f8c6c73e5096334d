// Kubernetes label selectors (k8s.io/apimachinery/pkg/labels/selector.go), re-implemented:
// same grammar, same error wording (minus Go's field-path noise), same matching and canonical string.
import { labelKeyErrors, labelValueErrors } from './label-validation';
import { SelectorParseError } from './selector.errors';

export type Labels = Readonly<Record<string, string>>;
export type Operator = 'in' | 'notin' | 'exists' | 'doesnotexist' | '=' | '==' | '!=' | 'gt' | 'lt';
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits, int64 range; undefined when it would fail. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

const has = (labels: Labels, key: string): boolean => Object.prototype.hasOwnProperty.call(labels, key);

function requirementMatches(r: Requirement, labels: Labels): boolean {
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has(labels, r.key) && r.values.includes(labels[r.key]);
    case 'notin':
    case '!=':
      // An absent key is "not equal" to anything — this is what makes `tier!=frontend` select unlabelled objects.
      return !has(labels, r.key) || !r.values.includes(labels[r.key]);
    case 'exists':
      return has(labels, r.key);
    case 'doesnotexist':
      return !has(labels, r.key);
    case 'gt':
    case 'lt': {
      if (!has(labels, r.key) || r.values.length !== 1) return false;
      const actual = parseInt64(labels[r.key]);
      const bound = parseInt64(r.values[0]);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

const sortedCopy = (values: readonly string[]): string[] => [...values].sort(compareStrings);

/** Byte-wise order like Go's sort.Strings (for ASCII, which is all valid keys/values can hold). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function requirementToString(r: Requirement): string {
  const values = r.values.length === 1 ? r.values[0] : sortedCopy(r.values).join(',');
  switch (r.operator) {
    case 'exists':
      return r.key;
    case 'doesnotexist':
      return `!${r.key}`;
    case 'in':
      return `${r.key} in (${values})`;
    case 'notin':
      return `${r.key} notin (${values})`;
    case 'gt':
      return `${r.key}>${values}`;
    case 'lt':
      return `${r.key}<${values}`;
    default:
      return `${r.key}${r.operator}${values}`;
  }
}

/** Kubernetes' NewRequirement checks; returns problems instead of throwing so callers can word the error. */
function requirementErrors(key: string, operator: Operator, values: readonly string[]): string[] {
  const errs: string[] = [];
  const keyErrs = labelKeyErrors(key);
  if (keyErrs.length) errs.push(`invalid label key "${key}": ${keyErrs.join('; ')}`);
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push("for 'in', 'notin' operators, values set can't be empty");
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push('exact-match compatibility requires one single value');
      break;
    case 'exists':
    case 'doesnotexist':
      if (values.length !== 0) errs.push('values set must be empty for exists and does not exist');
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push("for 'Gt', 'Lt' operators, exactly one value is required");
      for (const v of values) {
        if (parseInt64(v) === undefined) errs.push(`for 'Gt', 'Lt' operators, the value must be an integer (got "${v}")`);
      }
      break;
    default:
      errs.push(`operator '${String(operator)}' is not recognized`);
  }
  for (const v of values) {
    const valueErrs = labelValueErrors(v);
    if (valueErrs.length) errs.push(`invalid label value "${v}" at key "${key}": ${valueErrs.join('; ')}`);
  }
  return errs;
}

function newRequirement(key: string, operator: Operator, values: readonly string[]): Requirement {
  const errs = requirementErrors(key, operator, values);
  if (errs.length) throw new SelectorParseError(errs.join('; '));
  return Object.freeze({ key, operator, values: Object.freeze([...values]) });
}

/** Stable sort by key only, as Kubernetes' ByKey does; duplicates of a key keep their relative order. */
const byKey = (reqs: Requirement[]): Requirement[] => reqs.sort((a, b) => compareStrings(a.key, b.key));

/** Module-private constructor access (assigned in the class's static block) for callers that already validated. */
let build: (requirements: readonly Requirement[], selectsNothing?: boolean) => LabelSelector;

export class LabelSelector {
  readonly requirements: readonly Requirement[];

  /** `selectsNothing` models Kubernetes' Nothing() selector, distinct from an empty requirement list. */
  private constructor(
    requirements: readonly Requirement[],
    private readonly selectsNothing = false,
  ) {
    this.requirements = Object.freeze(byKey([...requirements]));
  }

  static {
    build = (requirements, selectsNothing) => new LabelSelector(requirements, selectsNothing);
  }

  /** A selector from requirements built elsewhere; each is validated as Kubernetes' NewRequirement does. */
  static fromRequirements(requirements: readonly Requirement[]): LabelSelector {
    return new LabelSelector(requirements.map((r) => newRequirement(r.key, r.operator, r.values)));
  }

  static everything(): LabelSelector {
    return EVERYTHING;
  }

  static nothing(): LabelSelector {
    return NOTHING;
  }

  matches(labels: Labels | undefined): boolean {
    if (this.selectsNothing) return false;
    const ls = labels ?? {};
    return this.requirements.every((r) => requirementMatches(r, ls));
  }

  /** True when the selector restricts nothing. Nothing() is not empty (it restricts everything), as in Kubernetes. */
  isEmpty(): boolean {
    return !this.selectsNothing && this.requirements.length === 0;
  }

  toString(): string {
    return this.requirements.map(requirementToString).join(',');
  }

  /** The single value a `=`, `==` or one-value `in` requirement on `key` demands (Kubernetes' RequiresExactMatch). */
  requiredValue(key: string): string | undefined {
    const r = this.requirements.find((x) => x.key === key);
    if (!r || !['=', '==', 'in'].includes(r.operator) || r.values.length !== 1) return undefined;
    return r.values[0];
  }
}

const EVERYTHING = build([]);
const NOTHING = build([], true);

// ---- Lexer -------------------------------------------------------------------------------------

type TokenKind =
  | 'eos'
  | 'closePar'
  | 'comma'
  | 'not' // '!' — does-not-exist
  | 'doubleEquals'
  | 'equals'
  | 'gt'
  | 'identifier'
  | 'in'
  | 'lt'
  | 'notEquals'
  | 'notin'
  | 'openPar';

interface Token {
  readonly kind: TokenKind;
  readonly literal: string;
}

const LITERAL_TOKENS: Readonly<Record<string, TokenKind>> = {
  ')': 'closePar',
  ',': 'comma',
  '!': 'not',
  '==': 'doubleEquals',
  '=': 'equals',
  '>': 'gt',
  in: 'in',
  '<': 'lt',
  '!=': 'notEquals',
  notin: 'notin',
  '(': 'openPar',
};

const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string): boolean => '=!(),><'.includes(c);
const tokenFor = (s: string): TokenKind | undefined =>
  Object.prototype.hasOwnProperty.call(LITERAL_TOKENS, s) ? LITERAL_TOKENS[s] : undefined;

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && isWhitespace(text[pos])) pos++;
    if (pos >= text.length) {
      tokens.push({ kind: 'eos', literal: '' });
      return tokens;
    }
    if (isSpecial(text[pos])) {
      // Longest run of special characters that still forms a known operator ("!=" rather than "!" then "=").
      let end = pos + 1;
      let kind = tokenFor(text[pos]) as TokenKind;
      while (end < text.length && isSpecial(text[end])) {
        const longer = tokenFor(text.slice(pos, end + 1));
        if (!longer) break;
        kind = longer;
        end++;
      }
      tokens.push({ kind, literal: text.slice(pos, end) });
      pos = end;
    } else {
      const start = pos;
      while (pos < text.length && !isSpecial(text[pos]) && !isWhitespace(text[pos])) pos++;
      const word = text.slice(start, pos);
      // Keywords are only 'in' and 'notin'; anything else is a key or value.
      const kind = word === 'in' || word === 'notin' ? (word as TokenKind) : 'identifier';
      tokens.push({ kind, literal: word });
    }
  }
}

// ---- Parser ------------------------------------------------------------------------------------

/** Where a token is read: in value position, the keywords `in`/`notin` are ordinary identifiers (`x in (in)`). */
type Context = 'keyAndOperator' | 'values';

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private lookahead(ctx: Context): Token {
    return this.asContext(this.tokens[this.position], ctx);
  }

  private consume(ctx: Context): Token {
    return this.asContext(this.tokens[this.position++], ctx);
  }

  private asContext(t: Token, ctx: Context): Token {
    return ctx === 'values' && (t.kind === 'in' || t.kind === 'notin') ? { kind: 'identifier', literal: t.literal } : t;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const t = this.lookahead('values');
      if (t.kind === 'eos') return requirements;
      if (t.kind !== 'identifier' && t.kind !== 'not') {
        throw new SelectorParseError(`found '${t.literal}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (e) {
        throw new SelectorParseError(`unable to parse requirement: ${(e as Error).message}`);
      }
      const sep = this.consume('values');
      if (sep.kind === 'eos') return requirements;
      if (sep.kind !== 'comma') throw new SelectorParseError(`found '${sep.literal}', expected: ',' or 'end of string'`);
      const next = this.lookahead('values');
      if (next.kind !== 'identifier' && next.kind !== 'not') {
        throw new SelectorParseError(`found '${next.literal}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator: inferred } = this.parseKeyAndInferOperator();
    if (inferred) return newRequirement(key, inferred, []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    // Kubernetes keeps parsed values as a sorted set.
    return newRequirement(key, operator, sortedCopy([...new Set(values)]));
  }

  /** Reads `[!]key`; infers exists/doesnotexist when the requirement ends right after the key. */
  private parseKeyAndInferOperator(): { key: string; operator?: 'exists' | 'doesnotexist' } {
    let t = this.consume('values');
    const negated = t.kind === 'not';
    if (negated) t = this.consume('values');
    if (t.kind !== 'identifier') throw new SelectorParseError(`found '${t.literal}', expected: identifier`);
    const keyErrs = labelKeyErrors(t.literal);
    if (keyErrs.length) throw new SelectorParseError(`invalid label key "${t.literal}": ${keyErrs.join('; ')}`);
    // `!key` is always doesnotexist: anything after it (e.g. `!a=b`) is then rejected as trailing garbage.
    if (negated) return { key: t.literal, operator: 'doesnotexist' };
    const next = this.lookahead('values').kind;
    return next === 'eos' || next === 'comma' ? { key: t.literal, operator: 'exists' } : { key: t.literal };
  }

  private parseOperator(): Operator {
    const t = this.consume('keyAndOperator');
    switch (t.kind) {
      case 'in':
        return 'in';
      case 'notin':
        return 'notin';
      case 'equals':
        return '=';
      case 'doubleEquals':
        return '==';
      case 'notEquals':
        return '!=';
      case 'gt':
        return 'gt';
      case 'lt':
        return 'lt';
      default:
        throw new SelectorParseError(`found '${t.literal}', expected: ${BINARY_OPERATORS}`);
    }
  }

  /** `( v1, v2, ... )`; empty entries are the empty-string value, so `()` and `(a,)` are legal as in Kubernetes. */
  private parseValues(): string[] {
    const open = this.consume('values');
    if (open.kind !== 'openPar') throw new SelectorParseError(`found '${open.literal}', expected: '('`);
    const first = this.lookahead('values');
    if (first.kind === 'closePar') {
      this.consume('values');
      return [''];
    }
    if (first.kind !== 'identifier' && first.kind !== 'comma') {
      throw new SelectorParseError(`found '${first.literal}', expected: ',', ')' or identifier`);
    }
    const values = this.parseIdentifiersList();
    const close = this.consume('values');
    if (close.kind !== 'closePar') throw new SelectorParseError(`found '${close.literal}', expected: ')'`);
    return values;
  }

  private parseIdentifiersList(): string[] {
    const values: string[] = [];
    for (;;) {
      const t = this.consume('values');
      if (t.kind === 'identifier') {
        values.push(t.literal);
        const next = this.lookahead('values');
        if (next.kind === 'comma') continue;
        if (next.kind === 'closePar') return values;
        throw new SelectorParseError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (t.kind !== 'comma') throw new SelectorParseError(`found '${t.literal}', expected: ',', or identifier`);
      // A comma with nothing before it, before ')' or before another comma stands for an empty value.
      if (values.length === 0) values.push('');
      const next = this.lookahead('values');
      if (next.kind === 'closePar') {
        values.push('');
        return values;
      }
      if (next.kind === 'comma') {
        this.consume('values');
        values.push('');
      }
    }
  }

  /** The value after `=`, `==`, `!=`, `>` or `<`; nothing at all (`app=`) means the empty value. */
  private parseExactValue(): string[] {
    const next = this.lookahead('values');
    if (next.kind === 'eos' || next.kind === 'comma') return [''];
    const t = this.consume('values');
    if (t.kind === 'identifier') return [t.literal];
    throw new SelectorParseError(`found '${t.literal}', expected: identifier`);
  }
}

/** Parses the string form ("app=web, tier in (a,b), !x, y, env notin (dev)", "==", "!=", whitespace, empty string = everything). Throws SelectorParseError with a clear message (what was found where, what was expected). Validates keys/values with the functions above. */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements = new Parser(lex(text)).parse();
  return requirements.length === 0 ? LabelSelector.everything() : build(requirements);
}

/**
 * From a map form, e.g. an RC's or Service's spec.selector {app: 'web'} (equality, AND).
 * Like Kubernetes' SelectorFromSet: undefined or {} selects everything, and the map is not validated
 * (it is expected to have passed object validation already).
 */
export function selectorFromMap(map: Labels | undefined): LabelSelector {
  if (!map || Object.keys(map).length === 0) return LabelSelector.everything();
  return build(Object.keys(map).map((k): Requirement => Object.freeze({ key: k, operator: '=', values: Object.freeze([map[k]]) })));
}

type MetaOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
const META_OPERATORS: Readonly<Record<MetaOperator, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: 'doesnotexist',
};

/**
 * From the metav1.LabelSelector object form (Kubernetes' LabelSelectorAsSelector): undefined selects nothing,
 * {} selects everything, matchLabels are equality requirements, matchExpressions map In/NotIn/Exists/DoesNotExist.
 */
export function selectorFromLabelSelector(
  obj:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: { key: string; operator: string; values?: string[] }[];
      }
    | undefined,
): LabelSelector {
  if (!obj) return LabelSelector.nothing();
  const matchLabels = obj.matchLabels ?? {};
  const matchExpressions = obj.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + matchExpressions.length === 0) return LabelSelector.everything();
  const requirements: Requirement[] = Object.keys(matchLabels).map((k) => newRequirement(k, '=', [matchLabels[k]]));
  for (const expr of matchExpressions) {
    const op = Object.prototype.hasOwnProperty.call(META_OPERATORS, expr.operator)
      ? META_OPERATORS[expr.operator as MetaOperator]
      : undefined;
    if (!op) throw new SelectorParseError(`"${expr.operator}" is not a valid label selector operator`);
    requirements.push(newRequirement(expr.key, op, expr.values ?? []));
  }
  return build(requirements);
}
