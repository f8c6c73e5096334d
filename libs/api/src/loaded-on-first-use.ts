/**
 * Validation (class-validator, class-transformer and the DTOs) and the OpenAPI documents are loaded
 * at their first use rather than with @bosun/api: most of its users — the debugging verbs, the
 * controllers, the node agent — never validate nor serve the document, and loading them took about
 * a quarter of a second of every `bosun` command. Each function here stands for the one of the same
 * name in validation/validate.ts or openapi/.
 */
import type { ValidationError } from 'class-validator';
import type { FieldCause } from './api.errors';
import type { KubeObject } from './types/kube-object.types';
import type { CheckedObject } from './validation/validate';

type Validate = typeof import('./validation/validate');
type OpenApi = typeof import('./openapi');

let validate: Validate | undefined;
let openApi: OpenApi | undefined;
// A synchronous require: these functions are synchronous, and the module is cached after the first call.
const loadValidate = (): Validate => (validate ??= require('./validation/validate') as Validate);
const loadOpenApi = (): OpenApi => (openApi ??= require('./openapi') as OpenApi);

export type { CheckedObject };

export function checkObject(obj: KubeObject): CheckedObject {
  return loadValidate().checkObject(obj);
}

export function validateObject(obj: KubeObject, options: { strict?: boolean } = {}): FieldCause[] {
  return loadValidate().validateObject(obj, options);
}

export function validateStatus(obj: KubeObject): FieldCause[] {
  return loadValidate().validateStatus(obj);
}

export function unknownFields(obj: KubeObject): string[] {
  return loadValidate().unknownFields(obj);
}

export function toFieldCauses(errors: ValidationError[], parent = '', parentIsArray = false): FieldCause[] {
  return loadValidate().toFieldCauses(errors, parent, parentIsArray);
}

export function coreV1OpenApi(): ReturnType<OpenApi['coreV1OpenApi']> {
  return loadOpenApi().coreV1OpenApi();
}

export function coreV1SwaggerV2(): ReturnType<OpenApi['coreV1SwaggerV2']> {
  return loadOpenApi().coreV1SwaggerV2();
}

export function discoveryV1OpenApi(): ReturnType<OpenApi['discoveryV1OpenApi']> {
  return loadOpenApi().discoveryV1OpenApi();
}

export function coordinationV1OpenApi(): ReturnType<OpenApi['coordinationV1OpenApi']> {
  return loadOpenApi().coordinationV1OpenApi();
}

export function appsV1OpenApi(): ReturnType<OpenApi['appsV1OpenApi']> {
  return loadOpenApi().appsV1OpenApi();
}

export function batchV1OpenApi(): ReturnType<OpenApi['batchV1OpenApi']> {
  return loadOpenApi().batchV1OpenApi();
}

export function schedulingV1OpenApi(): ReturnType<OpenApi['schedulingV1OpenApi']> {
  return loadOpenApi().schedulingV1OpenApi();
}

export function storageV1OpenApi(): ReturnType<OpenApi['storageV1OpenApi']> {
  return loadOpenApi().storageV1OpenApi();
}

export function policyV1OpenApi(): ReturnType<OpenApi['policyV1OpenApi']> {
  return loadOpenApi().policyV1OpenApi();
}

export function autoscalingV2OpenApi(): ReturnType<OpenApi['autoscalingV2OpenApi']> {
  return loadOpenApi().autoscalingV2OpenApi();
}

export function networkingV1OpenApi(): ReturnType<OpenApi['networkingV1OpenApi']> {
  return loadOpenApi().networkingV1OpenApi();
}

export function rbacV1OpenApi(): ReturnType<OpenApi['rbacV1OpenApi']> {
  return loadOpenApi().rbacV1OpenApi();
}

export function documentHash(document: unknown): string {
  return loadOpenApi().documentHash(document);
}
