import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type ValidationMetadata = Parameters<MetadataStorage['addValidationMetadata']>[0];
type Grouped = { [propertyName: string]: ValidationMetadata[] };

let installed = false;

/**
 * class-validator finds a class's rules anew on every object it validates: it filters the class's
 * rules, walks every registered class to find ancestors, and groups the result by property — for
 * each nested object of each request (a pod has dozens), about a quarter of a create's CPU. The
 * rules of a class only change when a decorator registers another one, so this memoises both
 * lookups for the case Bosun uses (no validation groups) and forgets them whenever a rule is
 * registered. class-validator treats the arrays it gets back as read-only, so sharing them is safe.
 */
export function cacheValidationMetadata(): void {
  if (installed) return;
  installed = true;
  const storage = getMetadataStorage();
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  let byTarget = new Map<string, Map<unknown, ValidationMetadata[]>>();
  let groups = new WeakMap<ValidationMetadata[], Grouped>();
  const forget = (): void => {
    byTarget = new Map();
    groups = new WeakMap();
  };
  const addValidation = storage.addValidationMetadata.bind(storage);
  const addConstraint = storage.addConstraintMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    forget();
    addValidation(metadata);
  };
  storage.addConstraintMetadata = (metadata) => {
    forget();
    addConstraint(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, wanted) => {
    if (wanted !== undefined && wanted.length > 0) return lookup(target, schema, always, strictGroups, wanted);
    // Nested objects are looked up with their parent's class name as the schema.
    const options = `${always}/${strictGroups}/${schema}`;
    let cache = byTarget.get(options);
    if (cache === undefined) byTarget.set(options, (cache = new Map()));
    let found = cache.get(target);
    if (found === undefined) cache.set(target, (found = lookup(target, schema, always, strictGroups, wanted)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let grouped = groups.get(metadata);
    if (grouped === undefined) groups.set(metadata, (grouped = group(metadata)));
    return grouped;
  };
}
