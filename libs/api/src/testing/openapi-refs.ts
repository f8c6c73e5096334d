import { SCHEMA_PREFIX, type Schema } from '../openapi/schema.builders';

/**
 * The `$ref`s of an OpenAPI document that name none of its own components: a group's document
 * must stand alone (kubectl explain reads one document per group version). Empty when it does;
 * throws if it has no `$ref` at all (a walk that found nothing proves nothing).
 */
export function danglingRefs(document: object): string[] {
  const schemas = (document as { components: { schemas: Record<string, Schema> } }).components.schemas;
  const refs: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const r = (v as Schema)['$ref'];
      if (typeof r === 'string') refs.push(r);
      Object.values(v).forEach(walk);
    }
  };
  walk(document);
  if (refs.length === 0) throw new Error('the document has no $ref');
  return refs.filter((r) => schemas[r.slice(SCHEMA_PREFIX.length)] === undefined);
}
