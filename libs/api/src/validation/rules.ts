import 'reflect-metadata';
import { Type } from 'class-transformer';
import { registerDecorator, ValidateNested, type ValidationArguments } from 'class-validator';
import { fieldErrors, type FieldCause } from '../api.errors';

/*
 * Every constraint message in these DTOs is an encoded FieldCause[] whose `field` is relative to
 * the decorated property ('' for the property itself, '[1].name' for a child). validate.ts decodes
 * them and prefixes the Kubernetes path of the property, so one rule can report several causes
 * at the exact paths Kubernetes uses.
 */
const MARK = '\u0000k8s:';

export function encodeCauses(causes: FieldCause[]): string {
  return MARK + JSON.stringify(causes);
}

export function decodeCauses(message: string): FieldCause[] | undefined {
  return message.startsWith(MARK) ? (JSON.parse(message.slice(MARK.length)) as FieldCause[]) : undefined;
}

let ruleCount = 0;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- checks see untyped JSON
/** `(value, parent object) → causes`; relative fields as described above. */
export type Check<T = any> = (value: T, parent: any) => FieldCause[];

/**
 * The one custom decorator: runs `check` and reports its causes. `always` also runs it when the
 * value is absent (for required fields); otherwise absent values are skipped.
 */
export function Rule<T = any>(check: Check<T>, opts: { always?: boolean } = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    const run = (args: ValidationArguments): FieldCause[] =>
      isAbsent(args.value) && !opts.always ? [] : check(args.value as T, args.object);
    registerDecorator({
      // Unique per use: class-validator keys a property's errors by constraint name.
      name: `k8sRule${++ruleCount}`,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: (args: ValidationArguments) => encodeCauses(run(args)) },
      validator: { validate: (_v: unknown, args: ValidationArguments) => run(args).length === 0 },
    });
  };
}

/** A nested DTO (or array of them): converted by class-transformer, validated by class-validator. */
export function Nested(cls: () => new () => object, opts: { each?: boolean } = {}): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    Type(cls)(target, key);
    Rule(opts.each ? isArrayOfObjects : isObject)(target, key);
    ValidateNested({ each: !!opts.each })(target, key as string);
  };
}

// --- reusable checks -------------------------------------------------------------------------

export const isAbsent = (v: unknown): boolean => v === undefined || v === null;
const isEmpty = (v: unknown): boolean =>
  isAbsent(v) || v === '' || v === 0 || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v as object).length === 0);

/** Kubernetes treats the zero value as unset, so "required" also rejects "", 0, [] and {}. */
export const required = (detail?: string): Check => (v) => (isEmpty(v) ? [fieldErrors.required('', detail)] : []);

const isPlainObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isObject: Check = (v) => (isPlainObject(v) ? [] : [fieldErrors.typeInvalid('', v, 'must be an object')]);
export const isArrayOfObjects: Check = (v) => {
  if (!Array.isArray(v)) return [fieldErrors.typeInvalid('', v, 'must be an array')];
  return v.flatMap((e, i) => (isPlainObject(e) ? [] : [fieldErrors.typeInvalid(`[${i}]`, e, 'must be an object')]));
};

export const isString: Check = (v) => (typeof v === 'string' ? [] : [fieldErrors.typeInvalid('', v, 'must be a string')]);

export const isBoolean: Check = (v) => (typeof v === 'boolean' ? [] : [fieldErrors.typeInvalid('', v, 'must be a boolean')]);

export function oneOf(values: readonly string[]): Check {
  return (v) => (typeof v === 'string' && values.includes(v) ? [] : [fieldErrors.notSupported('', v, values)]);
}

const INT32_MAX = 2147483647;

export function intInRange(min: number, max: number = INT32_MAX): Check {
  return (v) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return [fieldErrors.typeInvalid('', v, 'must be an integer')];
    if (max === INT32_MAX && v >= min && v <= max) return [];
    if (max === INT32_MAX) return [fieldErrors.invalid('', v, `must be greater than or equal to ${min}`)];
    return v >= min && v <= max ? [] : [fieldErrors.invalid('', v, `must be between ${min} and ${max}, inclusive`)];
  };
}

export const nonNegative = intInRange(0);

/** Each message of a string validator becomes one FieldValueInvalid, as Kubernetes reports them. */
export function messages(validate: (s: string) => string[]): Check {
  return (v) => {
    if (typeof v !== 'string') return [fieldErrors.typeInvalid('', v, 'must be a string')];
    return validate(v).map((m) => fieldErrors.invalid('', v, m));
  };
}

export const isStringMap: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [fieldErrors.typeInvalid('', v, 'must be an object')];
  for (const [k, val] of Object.entries(v)) if (typeof val !== 'string') return [fieldErrors.typeInvalid(`[${JSON.stringify(k)}]`, val, 'must be a string')];
  return [];
};

/** Runs checks in order, stopping at the first that fails (like Kubernetes' early returns). */
export function all(...checks: Check[]): Check {
  return (v, parent) => {
    for (const c of checks) {
      const out = c(v, parent);
      if (out.length) return out;
    }
    return [];
  };
}

/** Prefixes the fields of causes from a child check. */
export function under(prefix: string, causes: FieldCause[]): FieldCause[] {
  return causes.map((c) => ({ ...c, field: prefix + c.field }));
}
