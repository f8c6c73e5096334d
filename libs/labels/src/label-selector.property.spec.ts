import fc from 'fast-check';
import { parseFieldSelector } from './field-selector';
import { parseLabelSelector, selectorFromLabelSelector } from './label-selector';
import { SelectorParseError } from './selector.errors';

const alnum = fc.constantFrom(...'abcXYZ019'.split(''));
const inner = fc.constantFrom(...'abz09-_.'.split(''));
/** Valid label names/values: alphanumeric ends, [-_.] allowed inside. */
const name = fc
  .tuple(alnum, fc.array(inner, { maxLength: 5 }), alnum)
  .map(([a, mid, b]) => a + mid.join('') + b)
  .filter((s) => s !== 'in' && s !== 'notin');
const value = fc.oneof(fc.constant(''), name, alnum);
const labels = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('', 'x', 'y', '1', '5'));
const requirementText = fc.oneof(
  fc.tuple(name, fc.constantFrom('=', '==', '!='), value).map(([k, op, v]) => `${k}${op}${v}`),
  // Unique values: Kubernetes rejects two adjacent empty values such as '(,,)' as input.
  fc.tuple(name, fc.constantFrom('in', 'notin'), fc.uniqueArray(value, { minLength: 1, maxLength: 3 })).map(
    ([k, op, vs]) => `${k} ${op} (${vs.join(',')})`,
  ),
  name.map((k) => k),
  name.map((k) => `!${k}`),
  fc.tuple(name, fc.constantFrom('>', '<'), fc.integer({ min: 0, max: 99 })).map(([k, op, n]) => `${k}${op}${n}`),
);

describe('label selector properties', () => {
  it('toString() re-parses to the same requirements and the same string', () => {
    fc.assert(
      fc.property(fc.array(requirementText, { maxLength: 5 }), (reqs) => {
        const s = parseLabelSelector(reqs.join(', '));
        const again = parseLabelSelector(s.toString());
        expect(again.requirements).toEqual(s.requirements);
        expect(again.toString()).toBe(s.toString());
      }),
    );
  });

  it('a selector is the AND of its requirements', () => {
    const small = fc.oneof(
      fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('=', '!='), fc.constantFrom('', 'x', 'y')).map((t) => t.join('')),
      fc.constantFrom('a', '!b', 'c in (x,y)', 'a notin (x)', 'b>2', 'c<3'),
    );
    fc.assert(
      fc.property(fc.array(small, { minLength: 1, maxLength: 4 }), labels, (reqs, ls) => {
        const whole = parseLabelSelector(reqs.join(',')).matches(ls);
        expect(whole).toBe(reqs.every((r) => parseLabelSelector(r).matches(ls)));
      }),
    );
  });

  it('the string form and the metav1 object form agree', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('a', 'b', 'c'),
        fc.constantFrom('In', 'NotIn'),
        fc.uniqueArray(fc.constantFrom('x', 'y', '1'), { minLength: 1, maxLength: 3 }), // the parser de-duplicates, the object form does not
        labels,
        (key, op, values, ls) => {
          const text = `${key} ${op.toLowerCase()} (${values.join(',')})`;
          const obj = selectorFromLabelSelector({ matchExpressions: [{ key, operator: op, values }] });
          expect(obj.matches(ls)).toBe(parseLabelSelector(text).matches(ls));
          expect(obj.toString()).toBe(parseLabelSelector(text).toString());
        },
      ),
    );
  });

  it('arbitrary input either parses or throws SelectorParseError, never anything else', () => {
    const noisy = fc.array(fc.constantFrom(...'ab1 =!(),<>-/.in'.split(''), 'in', 'notin'), { maxLength: 20 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(noisy, fc.string()), (text) => {
        for (const parse of [parseLabelSelector, (t: string) => parseFieldSelector(t)]) {
          try {
            parse(text);
          } catch (e) {
            expect(e).toBeInstanceOf(SelectorParseError);
          }
        }
      }),
    );
  });
});
