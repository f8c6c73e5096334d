import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { cacheValidationMetadata } from './metadata-cache';
import { isString, Nested, required, Rule } from './rules';

class InnerDto {
  @Rule(isString) name?: unknown;
}

class OuterDto {
  @Rule(required()) id?: unknown;
  @Nested(() => InnerDto, { each: true }) items?: unknown;
}

const failing = (plain: object): string[] =>
  validateSync(plainToInstance(OuterDto, plain), { forbidUnknownValues: false }).map((e) => `${e.property}${e.children?.length ? `[${e.children.map((c) => c.property).join(',')}]` : ''}`);

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  it('validates the same way on repeated calls', () => {
    const bad = { id: '', items: [{ name: 1 }, { name: 'ok' }] };
    expect(failing(bad)).toEqual(['id', 'items[0]']);
    expect(failing(bad)).toEqual(['id', 'items[0]']);
    expect(failing({ id: 'x', items: [{ name: 'ok' }] })).toEqual([]);
  });

  it('reports unknown fields of nested objects with the whitelist', () => {
    const unknown = validateSync(plainToInstance(OuterDto, { id: 'x', extra: 1, items: [{ name: 'a', typo: 2 }] }), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
    expect(unknown.map((e) => e.property)).toEqual(['extra', 'items']);
  });

  it('sees a rule registered after the class was first validated', () => {
    expect(failing({ id: 'x', items: [{ name: 'a' }] })).toEqual([]);
    Rule(() => [{ reason: 'FieldValueInvalid', field: '', message: 'never valid' }])(InnerDto.prototype, 'name');
    expect(failing({ id: 'x', items: [{ name: 'a' }] })).toEqual(['items[0]']);
  });
});
