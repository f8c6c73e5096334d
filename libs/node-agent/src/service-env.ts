type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const envName = (name: string): string => name.toUpperCase().replace(/-/g, '_');

/**
 * Kubernetes' service environment variables for a container: for each Service of the pod's namespace
 * with a cluster IP, `<NAME>_SERVICE_HOST` / `_SERVICE_PORT` (and `_SERVICE_PORT_<PORT NAME>`), and —
 * unless the pod turns `enableServiceLinks` off — the Docker-link style `<NAME>_PORT`,
 * `<NAME>_PORT_<port>_<PROTO>`, `…_PROTO`, `…_PORT`, `…_ADDR`. Only services that exist when the
 * container starts are seen, as in Kubernetes.
 */
export function serviceEnv(services: readonly Anything[], pod: Anything): Record<string, string> {
  const env: Record<string, string> = {};
  const links = pod.spec?.enableServiceLinks !== false;
  for (const service of services) {
    const ip = service.spec?.clusterIP;
    const ports = (service.spec?.ports ?? []) as Anything[];
    if (!ip || ip === 'None' || ports.length === 0) continue;
    const name = envName(String(service.metadata.name));
    env[`${name}_SERVICE_HOST`] = ip;
    env[`${name}_SERVICE_PORT`] = String(ports[0].port);
    for (const p of ports) if (p.name) env[`${name}_SERVICE_PORT_${envName(String(p.name))}`] = String(p.port);
    if (!links) continue;
    const proto = (p: Anything): string => String(p.protocol ?? 'TCP').toLowerCase();
    env[`${name}_PORT`] = `${proto(ports[0])}://${ip}:${ports[0].port}`;
    for (const p of ports) {
      const prefix = `${name}_PORT_${p.port}_${proto(p).toUpperCase()}`;
      env[prefix] = `${proto(p)}://${ip}:${p.port}`;
      env[`${prefix}_PROTO`] = proto(p);
      env[`${prefix}_PORT`] = String(p.port);
      env[`${prefix}_ADDR`] = ip;
    }
  }
  return env;
}
