import { Allow } from 'class-validator';
import { dns1123SubdomainErrors } from '@bosun/labels';
import { ObjectReferenceDto } from './cluster.dto';
import { metaDtoFor } from './meta.dto';
import { isArrayOfObjects, isBoolean, Nested, oneOf, required, Rule } from './rules';

export class LocalObjectReferenceDto {
  @Allow() name?: string;
}

const ServiceAccountMetaDto = metaDtoFor(dns1123SubdomainErrors, true);

/** A ServiceAccount: a name (DNS-1123 subdomain), references to Secrets, and whether tokens are mounted. */
export class ServiceAccountDto {
  @Rule(oneOf(['v1'])) apiVersion!: string;
  @Rule(oneOf(['ServiceAccount'])) kind!: string;
  @Rule(required(), { always: true }) @Nested(() => ServiceAccountMetaDto) metadata!: InstanceType<typeof ServiceAccountMetaDto>;
  @Rule(isArrayOfObjects) @Nested(() => ObjectReferenceDto, { each: true }) secrets?: ObjectReferenceDto[];
  @Rule(isArrayOfObjects) @Nested(() => LocalObjectReferenceDto, { each: true }) imagePullSecrets?: LocalObjectReferenceDto[];
  @Rule(isBoolean) automountServiceAccountToken?: boolean;
}
