import {
  LabelSelector,
  parseLabelSelector,
  selectorFromLabelSelector,
  selectorFromMap,
  type Labels,
  type Requirement,
} from './label-selector';
import { SelectorParseError } from './selector.errors';

function parseError(text: string): SelectorParseError {
  try {
    parseLabelSelector(text);
  } catch (e) {
    if (e instanceof SelectorParseError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

const req = (key: string, operator: Requirement['operator'], values: string[] = []): Requirement => ({ key, operator, values });

describe('parseLabelSelector', () => {
  describe('round-trips Kubernetes good strings to the canonical form (spaces dropped)', () => {
    it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5', 'x==a'])('%j', (text) => {
      expect(parseLabelSelector(text).toString()).toBe(text.replace(/ /g, ''));
    });
  });

  it('parses deterministically: requirement order does not matter', () => {
    expect(parseLabelSelector('x=a,a=x').toString()).toBe(parseLabelSelector('a=x,x=a').toString());
    expect(parseLabelSelector('x=a,a=x').toString()).toBe('a=x,x=a');
  });

  it('yields requirements sorted by key, values sorted and de-duplicated', () => {
    expect(parseLabelSelector('x notin (abc,,def),bar,z in (),w').requirements).toEqual([
      req('bar', 'exists'),
      req('w', 'exists'),
      req('x', 'notin', ['', 'abc', 'def']),
      req('z', 'in', ['']),
    ]);
    expect(parseLabelSelector('tier in (b, a, b)').requirements).toEqual([req('tier', 'in', ['a', 'b'])]);
  });

  it('keeps duplicate keys as separate requirements (AND) in their given order', () => {
    const s = parseLabelSelector('z!=a,z,a=b');
    expect(s.toString()).toBe('a=b,z!=a,z');
    expect(s.matches({ a: 'b', z: 'c' })).toBe(true);
    expect(s.matches({ a: 'b', z: 'a' })).toBe(false);
  });

  it('ignores whitespace (space, tab, CR, LF) around tokens', () => {
    expect(parseLabelSelector('\rx').toString()).toBe('x');
    expect(parseLabelSelector('foo  in\t (abc)').toString()).toBe('foo in (abc)');
    expect(parseLabelSelector('x notin\n (abc)').toString()).toBe('x notin (abc)');
    expect(parseLabelSelector('  app = web ,  tier  !=  db  ').toString()).toBe('app=web,tier!=db');
    expect(parseLabelSelector('a ').toString()).toBe('a');
  });

  it.each([
    ['this-is-a-dns.domain.com/key-with-dash', [req('this-is-a-dns.domain.com/key-with-dash', 'exists')]],
    [
      'this-is-another-dns.domain.com/key-with-dash in (so,what)',
      [req('this-is-another-dns.domain.com/key-with-dash', 'in', ['so', 'what'])],
    ],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', [req('0.1.2.domain/99', 'notin', ['10.10.100.1', 'tick.tack.clock'])]],
    ['x in (abc,)', [req('x', 'in', ['', 'abc'])]],
    ['x in ()', [req('x', 'in', [''])]],
    ['x notin ( )', [req('x', 'notin', [''])]],
    ['x notin (, a)', [req('x', 'notin', ['', 'a'])]],
    ['a in (x,y,notin, z,in)', [req('a', 'in', ['in', 'notin', 'x', 'y', 'z'])]],
    ['notin=in', [req('notin', '=', ['in'])]],
    ['x,y in (a)', [req('x', 'exists'), req('y', 'in', ['a'])]],
    ['x=a,y!=b,z in (h,i,j)', [req('x', '=', ['a']), req('y', '!=', ['b']), req('z', 'in', ['h', 'i', 'j'])]],
    ['x>1', [req('x', 'gt', ['1'])]],
    ['x<7', [req('x', 'lt', ['7'])]],
    ['x==a', [req('x', '==', ['a'])]],
    ['app=', [req('app', '=', [''])]],
    ['!a', [req('a', 'doesnotexist')]],
  ] as const)('parses %j', (text, expected) => {
    expect(parseLabelSelector(text).requirements).toEqual(expected);
  });

  it('treats the empty string (and blank input) as everything', () => {
    expect(parseLabelSelector('').isEmpty()).toBe(true);
    expect(parseLabelSelector(' \t ').isEmpty()).toBe(true);
    expect(parseLabelSelector('').matches({ x: 'y' })).toBe(true);
  });

  describe('rejects malformed selectors with a SelectorParseError', () => {
    it.each([
      'x=a||y=b',
      'x==a==b',
      '!x=a',
      'x<a',
      'x,,y',
      ',x,y',
      'x nott in (y)',
      'a in (xyz),',
      'a in (xyz)b notin ()',
      'a in (xyz abc)',
      'a notin(',
      'a (',
      '(',
      '=web',
      'in (a',
      'app in (a',
      'app in a',
      'x=(a,b)',
      'x in (a,b',
      'x!',
      '!',
      '!=a',
      'x>',
      'x>1.5',
      'x>9223372036854775808',
      'a in (b)=c',
      'x in (,,)', // Kubernetes quirk: ',,' consumes both commas, then ')' is unexpected
      '-bad',
      'bad-',
      'app=-web',
      `app=${'a'.repeat(64)}`,
      `${'a'.repeat(64)}=b`,
      'a/b/c=d',
    ])('%j', (text) => {
      const e = parseError(text);
      expect(e).toBeInstanceOf(Error);
      expect(e.code).toBe('InvalidSelector');
      expect(e.name).toBe('SelectorParseError');
    });
  });

  describe('error messages say what was found and what was expected', () => {
    it.each([
      ['=web', "found '=', expected: !, identifier, or 'end of string'"],
      ['app in a', "unable to parse requirement: found 'a', expected: '('"],
      ['app in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
      ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
      ['a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
      ['a in (b,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
      ['x nott in (y)', "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
      ['x=a b', "found 'b', expected: ',' or 'end of string'"],
      ['!x=a', "found '=', expected: ',' or 'end of string'"],
      ['a,', "found '', expected: identifier after ','"],
      ['x==a==b', "found '==', expected: ',' or 'end of string'"],
      ['x=(a)', "unable to parse requirement: found '(', expected: identifier"],
      ['!', "unable to parse requirement: found '', expected: identifier"],
    ])('%j → %s', (text, message) => {
      expect(parseError(text).message).toBe(message);
    });

    it('explains an invalid key with the validation message', () => {
      expect(parseError('-bad').message).toBe(
        'unable to parse requirement: invalid label key "-bad": name part must consist of alphanumeric characters, ' +
          "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', " +
          "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      );
    });

    it('explains an over-long value with the key it belongs to', () => {
      expect(parseError(`app=${'a'.repeat(64)}`).message).toBe(
        `unable to parse requirement: invalid label value "${'a'.repeat(64)}" at key "app": must be no more than 63 characters`,
      );
    });

    it('explains a non-integer gt/lt value', () => {
      expect(parseError('x<a').message).toMatch(/for 'Gt', 'Lt' operators, the value must be an integer/);
    });
  });
});

describe('LabelSelector.matches', () => {
  const expectMatch = (text: string, labels: Labels, want: boolean): void => {
    expect(parseLabelSelector(text).matches(labels)).toBe(want);
  };

  it.each([
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x==y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['notin=in', { notin: 'in' }],
    ['x', { x: 'z' }],
    ['x', { x: '' }],
    ['!x', { y: 'z' }],
    ['x>1', { x: '2' }],
    ['x<1', { x: '0' }],
    ['x<1', { x: '-5' }],
    ['x>0', { x: '+1' }], // Go's ParseInt accepts a leading '+'
    ['x in (a,b)', { x: 'b' }],
    ['x notin (a,b)', { x: 'c' }],
    ['x notin (a,b)', {}],
    ['x!=y', {}],
    ['x=', { x: '' }],
    ['x in ()', { x: '' }],
    ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ] as [string, Labels][])('%j matches %j', (text, labels) => expectMatch(text, labels, true));

  it.each([
    ['x=z', {}],
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['x', { y: 'z' }],
    ['!x', { x: 'z' }],
    ['!x', { x: '' }],
    ['x>1', { x: '0' }],
    ['x>1', { x: '1' }],
    ['x<1', { x: '2' }],
    ['x>1', { x: 'v2' }],
    ['x>1', {}],
    ['x<1', {}],
    ['x>1', { x: '99999999999999999999' }],
    ['x in (a,b)', { x: 'c' }],
    ['x in (a,b)', {}],
    ['x in ()', {}],
    ['x notin (a,b)', { x: 'a' }],
    ['x=', {}],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ] as [string, Labels][])('%j does not match %j', (text, labels) => expectMatch(text, labels, false));

  it('compares gt/lt as 64-bit integers, not as strings or doubles', () => {
    expectMatch('x>9', { x: '10' }, true);
    expectMatch('x<10', { x: '9' }, true);
    expectMatch('x>9223372036854775806', { x: '9223372036854775807' }, true);
  });

  it('treats undefined labels as no labels', () => {
    expect(parseLabelSelector('x!=a,!y').matches(undefined)).toBe(true);
    expect(parseLabelSelector('x').matches(undefined)).toBe(false);
  });

  it('does not see inherited object properties as labels', () => {
    expectMatch('toString', {}, false);
    expectMatch('!constructor', {}, true);
  });

  it('handles the Kubernetes documentation examples', () => {
    const pods: Labels[] = [
      { environment: 'production', tier: 'frontend' },
      { environment: 'production', tier: 'backend' },
      { environment: 'qa', tier: 'frontend', partition: 'customerA' },
      { environment: 'dev' },
    ];
    const select = (text: string): number[] =>
      pods.flatMap((p, i) => (parseLabelSelector(text).matches(p) ? [i] : []));
    expect(select('environment = production')).toEqual([0, 1]);
    expect(select('tier != frontend')).toEqual([1, 3]);
    expect(select('environment=production,tier!=frontend')).toEqual([1]);
    expect(select('environment in (production, qa)')).toEqual([0, 1, 2]);
    expect(select('tier notin (frontend, backend)')).toEqual([3]);
    expect(select('partition')).toEqual([2]);
    expect(select('!partition')).toEqual([0, 1, 3]);
    expect(select('partition in (customerA, customerB),environment!=qa')).toEqual([]);
  });
});

describe('LabelSelector.toString', () => {
  it('renders the canonical Kubernetes form', () => {
    expect(parseLabelSelector('z, y notin (jkl), x in (def,abc)').toString()).toBe('x in (abc,def),y notin (jkl),z');
    expect(parseLabelSelector('!z,y!=jkl,x notin (def, abc)').toString()).toBe('x notin (abc,def),y!=jkl,!z');
    expect(parseLabelSelector('z notin (),y in (mno,jkl),x notin (abc)').toString()).toBe('x notin (abc),y in (jkl,mno),z notin ()');
    expect(parseLabelSelector('x>2,y<8,z').toString()).toBe('x>2,y<8,z');
  });

  it('is re-parseable to an equal selector', () => {
    const text = 'app=web, tier in (b,a), !legacy, env notin (dev), track, v>3, w<10, x==y';
    const once = parseLabelSelector(text);
    expect(parseLabelSelector(once.toString()).requirements).toEqual(once.requirements);
  });
});

describe('LabelSelector.everything / nothing', () => {
  it('everything matches anything and is empty', () => {
    expect(LabelSelector.everything().matches({ x: 'y' })).toBe(true);
    expect(LabelSelector.everything().matches(undefined)).toBe(true);
    expect(LabelSelector.everything().isEmpty()).toBe(true);
    expect(LabelSelector.everything().toString()).toBe('');
  });

  it('nothing matches nothing, not even no labels, and is not empty', () => {
    expect(LabelSelector.nothing().matches({})).toBe(false);
    expect(LabelSelector.nothing().matches({ x: 'y' })).toBe(false);
    expect(LabelSelector.nothing().isEmpty()).toBe(false);
    expect(LabelSelector.nothing().toString()).toBe('');
  });
});

describe('LabelSelector.requiredValue', () => {
  it('returns the single value demanded by =, == or a one-value in', () => {
    expect(parseLabelSelector('app=web,tier!=db').requiredValue('app')).toBe('web');
    expect(parseLabelSelector('app==web').requiredValue('app')).toBe('web');
    expect(parseLabelSelector('app in (web)').requiredValue('app')).toBe('web');
  });

  it('returns undefined when no single value is required', () => {
    expect(parseLabelSelector('app in (a,b)').requiredValue('app')).toBeUndefined();
    expect(parseLabelSelector('app!=web').requiredValue('app')).toBeUndefined();
    expect(parseLabelSelector('tier=db').requiredValue('app')).toBeUndefined();
  });
});

describe('LabelSelector.fromRequirements', () => {
  it('validates like Kubernetes NewRequirement', () => {
    expect(() => LabelSelector.fromRequirements([req('x', 'in', [])])).toThrow("values set can't be empty");
    expect(() => LabelSelector.fromRequirements([req('x', 'exists', ['a'])])).toThrow('values set must be empty');
    expect(() => LabelSelector.fromRequirements([req('x', '=', ['a', 'b'])])).toThrow('exact-match compatibility requires one single value');
    expect(() => LabelSelector.fromRequirements([req('foo', 'gt', ['bar'])])).toThrow('must be an integer');
    expect(() => LabelSelector.fromRequirements([req('x', 'gt', ['1', '2'])])).toThrow('exactly one value is required');
    expect(() => LabelSelector.fromRequirements([req('a'.repeat(254), 'exists')])).toThrow(SelectorParseError);
    expect(() => LabelSelector.fromRequirements([req('x', 'bogus' as Requirement['operator'], [])])).toThrow("operator 'bogus' is not recognized");
  });

  it('accepts valid requirements, sorts them by key and renders values sorted', () => {
    const s = LabelSelector.fromRequirements([req('z', 'lt', ['6']), req('1foo', 'in', ['b', 'a']), req('1234', 'notin', ['bar'])]);
    expect(s.toString()).toBe('1234 notin (bar),1foo in (a,b),z<6');
    expect(s.requirements[1].values).toEqual(['b', 'a']);
  });
});

describe('selectorFromMap', () => {
  it('builds AND-ed equality requirements sorted by key', () => {
    const s = selectorFromMap({ tier: 'web', app: 'shop' });
    expect(s.toString()).toBe('app=shop,tier=web');
    expect(s.matches({ app: 'shop', tier: 'web', extra: 'x' })).toBe(true);
    expect(s.matches({ app: 'shop' })).toBe(false);
  });

  it('treats undefined and {} as everything, like SelectorFromSet', () => {
    expect(selectorFromMap(undefined).isEmpty()).toBe(true);
    expect(selectorFromMap({}).matches({ a: 'b' })).toBe(true);
  });

  it('requires the value to be present, even if empty', () => {
    expect(selectorFromMap({ a: '' }).matches({})).toBe(false);
    expect(selectorFromMap({ a: '' }).matches({ a: '' })).toBe(true);
  });
});

describe('selectorFromLabelSelector', () => {
  it('returns nothing for undefined and everything for an empty object', () => {
    expect(selectorFromLabelSelector(undefined).matches({})).toBe(false);
    expect(selectorFromLabelSelector({}).matches({ a: 'b' })).toBe(true);
    expect(selectorFromLabelSelector({ matchLabels: {}, matchExpressions: [] }).isEmpty()).toBe(true);
  });

  it('combines matchLabels and matchExpressions with AND', () => {
    const s = selectorFromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['cache', 'front'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'track', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist', values: [] },
      ],
    });
    expect(s.toString()).toBe('app=web,env notin (dev),!legacy,tier in (cache,front),track');
    expect(s.matches({ app: 'web', tier: 'front', track: 'stable' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'front', track: 'stable', env: 'dev' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'front', track: 'stable', legacy: 'true' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'back', track: 'stable' })).toBe(false);
  });

  it('rejects In/NotIn without values and Exists/DoesNotExist with values', () => {
    expect(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toThrow(
      "for 'in', 'notin' operators, values set can't be empty",
    );
    expect(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'NotIn' }] })).toThrow(SelectorParseError);
    expect(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] })).toThrow(
      'values set must be empty for exists and does not exist',
    );
  });

  it('rejects unknown operators, including lower-case ones', () => {
    expect(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] })).toThrow(
      '"in" is not a valid label selector operator',
    );
    expect(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toThrow(
      SelectorParseError,
    );
  });

  it('keeps duplicate values as given, like LabelSelectorAsSelector (the parser de-duplicates)', () => {
    const s = selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: ['y', 'x', 'y'] }] });
    expect(s.requirements[0].values).toEqual(['y', 'x', 'y']);
    expect(s.toString()).toBe('a in (x,y,y)');
  });

  it('validates keys and values in matchLabels', () => {
    expect(() => selectorFromLabelSelector({ matchLabels: { '-bad': 'x' } })).toThrow('invalid label key "-bad"');
    expect(() => selectorFromLabelSelector({ matchLabels: { ok: 'bad value' } })).toThrow('invalid label value "bad value"');
  });
});
