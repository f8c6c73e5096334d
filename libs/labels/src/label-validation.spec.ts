import { dns1123LabelErrors, dns1123SubdomainErrors, labelKeyErrors, labelValueErrors } from './label-validation';

const NAME_PART_REGEX_ERROR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const SUBDOMAIN_REGEX_ERROR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('labelKeyErrors', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    'a'.repeat(63),
    `${'a'.repeat(253)}/${'b'.repeat(63)}`,
  ])('accepts the qualified name %s', (key) => {
    expect(labelKeyErrors(key)).toEqual([]);
  });

  it.each([
    '',
    'nospecialchars%^=@',
    'cantendwithadash-',
    '-cantstartwithadash-',
    'only/one/slash',
    'Example.com/abc',
    'example_com/abc',
    'example.com/',
    '/simple',
    'a'.repeat(64),
    `${'a'.repeat(254)}/abc`,
  ])('rejects %s', (key) => {
    expect(labelKeyErrors(key).length).toBeGreaterThan(0);
  });

  it('words a bad name part exactly as Kubernetes does', () => {
    expect(labelKeyErrors('-bad')).toEqual([NAME_PART_REGEX_ERROR]);
  });

  it('reports an over-long name part with its limit', () => {
    expect(labelKeyErrors('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
  });

  it('reports an empty name and an empty prefix separately', () => {
    expect(labelKeyErrors('')).toEqual(['name part must be non-empty', NAME_PART_REGEX_ERROR]);
    expect(labelKeyErrors('/a')).toEqual(['prefix part must be non-empty']);
  });

  it('prefixes DNS subdomain errors for a bad prefix with "prefix part"', () => {
    expect(labelKeyErrors('Bad.Prefix/name')).toEqual([`prefix part ${SUBDOMAIN_REGEX_ERROR}`]);
  });

  it('rejects more than one slash with the qualified-name message', () => {
    const [msg] = labelKeyErrors('a/b/c');
    expect(msg).toMatch(/^a qualified name must consist of/);
    expect(msg).toMatch(/with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
  });
});

describe('labelValueErrors', () => {
  it.each(['', 'simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', 'A.B_c-9', 'a'.repeat(63)])(
    'accepts %j',
    (value) => {
      expect(labelValueErrors(value)).toEqual([]);
    },
  );

  it.each(['nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes\\are\\bad', '-starts-with-dash', 'ends-with-dash-', '.starts.with.dot', 'has space', 'a/b'])(
    'rejects %j',
    (value) => {
      expect(labelValueErrors(value)).toEqual([
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
          "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ]);
    },
  );

  it('rejects values longer than 63 characters', () => {
    expect(labelValueErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('dns1123SubdomainErrors', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '1.a', 'a.b.c.d.e', 'aaa.bbb', '11.22.33', 'a'.repeat(253)])(
    'accepts %s',
    (v) => {
      expect(dns1123SubdomainErrors(v)).toEqual([]);
    },
  );

  it.each(['', 'A', 'ABC', 'aBc', 'A1', '-', 'a-', '-a', '1-', '_', 'a_b', 'a..b', '_.a', 'a._', '.a', 'a.', 'a b', 'a@b'])(
    'rejects %j with the Kubernetes message',
    (v) => {
      expect(dns1123SubdomainErrors(v)).toEqual([SUBDOMAIN_REGEX_ERROR]);
    },
  );

  it('rejects names longer than 253 characters', () => {
    expect(dns1123SubdomainErrors('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });
});

describe('dns1123LabelErrors', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)])(
    'accepts %s',
    (v) => {
      expect(dns1123LabelErrors(v)).toEqual([]);
    },
  );

  it.each(['', 'A', 'ABC', 'aBc', 'A1', '-', 'a-', '-a', '1-', '-1', '_', 'a_', 'a b', 'a@b'])('rejects %j', (v) => {
    expect(dns1123LabelErrors(v)).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character " +
        "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('says plainly that dots are not allowed when the value is a valid subdomain', () => {
    expect(dns1123LabelErrors('a.b')).toEqual(['must not contain dots']);
  });

  it('rejects labels longer than 63 characters', () => {
    expect(dns1123LabelErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});
