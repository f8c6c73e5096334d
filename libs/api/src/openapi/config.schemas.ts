import { $ref, atomic, bool, CORE, kind, list, listKind, mergedBy, stringMap, str, type Schema } from './schema.builders';

/** ConfigMap and Secret: keys and values that containers' environments name. */
export const CONFIG_SCHEMAS: Record<string, Schema> = {
  [`${CORE}ConfigMap`]: kind(
    'ConfigMap',
    'A ConfigMap holds configuration as keys and values. The node agent puts them in containers\' environments through envFrom.configMapRef and env[].valueFrom.configMapKeyRef; a container that names a missing ConfigMap or key (not marked optional) waits in CreateContainerConfigError until it exists. Keys are letters, digits, "-", "_" and "."; data and binaryData together may hold at most 1 MiB. A configMap volume makes each key a file in the pod.',
    {
      data: stringMap('The configuration, UTF-8 values. A key may not also be in binaryData.'),
      binaryData: stringMap('Values that are not UTF-8, base64-encoded. A key may not also be in data.'),
      immutable: bool('Once true, data and binaryData cannot change and the flag cannot be unset: only deletion is left.'),
    },
  ),
  [`${CORE}ConfigMapList`]: listKind('ConfigMap', 'A list of ConfigMaps.'),
  [`${CORE}Secret`]: kind(
    'Secret',
    'A Secret holds keys and values like a ConfigMap, the values base64-encoded; containers take them through envFrom.secretRef and env[].valueFrom.secretKeyRef, decoded. Bosun stores a Secret in its event log as given — base64, not encrypted — so anyone who can read the log can read it.',
    {
      data: stringMap('The values, base64-encoded. At most 1 MiB in all.'),
      stringData: stringMap('Write-only convenience: plain values merged into data (encoded) when the Secret is written; never returned.'),
      type: str('What the Secret is for, a free-form string that tools use to find Secrets ("Opaque" when not given). Bosun does not check the keys a type would require.'),
      immutable: bool('Once true, data cannot change and the flag cannot be unset: only deletion is left.'),
    },
  ),
  [`${CORE}SecretList`]: listKind('Secret', 'A list of Secrets.'),
  [`${CORE}ServiceAccount`]: kind(
    'ServiceAccount',
    'A ServiceAccount names an identity for the processes of pods (spec.serviceAccountName). Every namespace has one named "default", which the service-account controller creates (and creates again if it is deleted); a pod that names none gets it. Bosun issues no tokens: a ServiceAccount names an identity and holds references.',
    {
      secrets: list($ref(`${CORE}ObjectReference`), 'Secrets of the namespace that pods of this ServiceAccount may use. Kept as given.', mergedBy('name')),
      imagePullSecrets: list($ref(`${CORE}LocalObjectReference`), 'Secrets for pulling images, added to its pods. Kept as given.', atomic),
      automountServiceAccountToken: bool('Whether pods get an API token mounted. Kept as given: Bosun mounts no tokens.'),
    },
  ),
  [`${CORE}ServiceAccountList`]: listKind('ServiceAccount', 'A list of ServiceAccounts.'),
};
