import { escapeFieldValue, FieldSelector, parseFieldSelector, unescapeFieldValue } from './field-selector';
import { SelectorParseError } from './selector.errors';

const fields =
  (obj: Record<string, string>) =>
  (field: string): string | undefined =>
    Object.prototype.hasOwnProperty.call(obj, field) ? obj[field] : undefined;

function parseError(text: string, allowed?: readonly string[]): SelectorParseError {
  try {
    parseFieldSelector(text, allowed);
  } catch (e) {
    if (e instanceof SelectorParseError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('escapeFieldValue / unescapeFieldValue', () => {
  it.each([
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
  ])('round-trips %j as %j', (raw, escaped) => {
    expect(escapeFieldValue(raw)).toBe(escaped);
    expect(unescapeFieldValue(escaped)).toBe(raw);
  });

  it('also accepts an escaped "!"', () => {
    expect(unescapeFieldValue('a\\!b')).toBe('a!b');
  });

  it.each(['\\', '\\\\\\', '\\a'])('rejects the invalid escape sequence in %j', (v) => {
    expect(() => unescapeFieldValue(v)).toThrow(/invalid field selector: invalid escape sequence/);
  });

  it.each(['a=b', 'a,b'])('rejects an unescaped special character in %j', (v) => {
    expect(() => unescapeFieldValue(v)).toThrow(/invalid field selector: unescaped character in value/);
  });
});

describe('parseFieldSelector', () => {
  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=a||y\\=b', 'x=a\\=\\=b', 'metadata.name=my-pod,spec.nodeName!=n1'])(
    'round-trips %j',
    (text) => {
      expect(parseFieldSelector(text).toString()).toBe(text);
    },
  );

  it('parses all three operators, folding == into =', () => {
    expect(parseFieldSelector('status.phase==Running,spec.nodeName!=n1,metadata.name=x').requirements).toEqual([
      { field: 'metadata.name', operator: '=', value: 'x' },
      { field: 'spec.nodeName', operator: '!=', value: 'n1' },
      { field: 'status.phase', operator: '=', value: 'Running' },
    ]);
  });

  it('sorts terms so the string form is deterministic', () => {
    expect(parseFieldSelector('x=a,a=x').toString()).toBe(parseFieldSelector('a=x,x=a').toString());
  });

  it('unescapes values and re-escapes them in toString', () => {
    const s = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d');
    expect(s.requirements[0].value).toBe('a,b=c\\d');
    expect(s.toString()).toBe('metadata.name=a\\,b\\=c\\\\d');
  });

  it('allows an empty value', () => {
    expect(parseFieldSelector('spec.nodeName=').requirements).toEqual([{ field: 'spec.nodeName', operator: '=', value: '' }]);
  });

  it('skips empty terms, as Kubernetes does', () => {
    expect(parseFieldSelector('a=b,,c=d,').toString()).toBe('a=b,c=d');
    expect(parseFieldSelector(',').isEmpty()).toBe(true);
  });

  it('does not trim whitespace (Kubernetes does not either)', () => {
    expect(parseFieldSelector('a = b').requirements).toEqual([{ field: 'a ', operator: '=', value: ' b' }]);
  });

  it.each(['x=a||y=b', 'x==a==b', 'x=a,b', 'x in (a)', 'x in (a,b,c)', 'x', '=a', 'a=b\\'])('rejects %j', (text) => {
    const e = parseError(text);
    expect(e.code).toBe('InvalidSelector');
  });

  it("says which term it can't understand", () => {
    expect(parseError('x=a,b').message).toBe("invalid selector: 'x=a,b'; can't understand 'b'");
  });

  it('rejects fields outside allowedFields with the Kubernetes message', () => {
    expect(parseError('spec.foo=x', ['metadata.name', 'spec.nodeName']).message).toBe('field label not supported: spec.foo');
    expect(parseFieldSelector('spec.nodeName=n1', ['metadata.name', 'spec.nodeName']).requiredValue('spec.nodeName')).toBe('n1');
  });

  it('treats the empty string as everything', () => {
    const s = parseFieldSelector('', ['metadata.name']);
    expect(s.isEmpty()).toBe(true);
    expect(s.matches(() => undefined)).toBe(true);
    expect(s.toString()).toBe('');
  });
});

describe('FieldSelector.matches', () => {
  it.each([
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x==y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['x!=y', {}],
    ['x=', {}],
    ['metadata.name=a\\,b', { 'metadata.name': 'a,b' }],
  ])('%j matches %j', (text, obj) => {
    expect(parseFieldSelector(text).matches(fields(obj))).toBe(true);
  });

  it.each([
    ['x=y', { x: 'z' }],
    ['x=y', {}],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['x!=', {}],
  ])('%j does not match %j', (text, obj) => {
    expect(parseFieldSelector(text).matches(fields(obj))).toBe(false);
  });
});

describe('FieldSelector.requiredValue', () => {
  it('returns the value of an = requirement on the field', () => {
    const s = parseFieldSelector('spec.nodeName=n1,status.phase!=Failed');
    expect(s.requiredValue('spec.nodeName')).toBe('n1');
    expect(s.requiredValue('status.phase')).toBeUndefined();
    expect(s.requiredValue('metadata.name')).toBeUndefined();
  });

  it('returns an empty required value (unscheduled pods: spec.nodeName=)', () => {
    expect(parseFieldSelector('spec.nodeName=').requiredValue('spec.nodeName')).toBe('');
  });
});

describe('FieldSelector', () => {
  it('can be built from requirements and is empty without any', () => {
    expect(new FieldSelector().isEmpty()).toBe(true);
    expect(FieldSelector.everything().matches(() => 'x')).toBe(true);
    expect(new FieldSelector([{ field: 'metadata.name', operator: '=', value: 'a=b' }]).toString()).toBe('metadata.name=a\\=b');
  });
});
