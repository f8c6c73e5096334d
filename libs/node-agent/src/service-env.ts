type Anything = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const envName = (name: string): string => name.toUpperCase().replace(/-/g, '_');

/**
 * Kubernetes' service environment variables for a container, as the kubelet chooses them: the
 * `kubernetes` Service of `default` (the API: KUBERNETES_SERVICE_HOST, what in-cluster clients read)
 * always, and — unless the pod turns `enableServiceLinks` off — every Service of the pod's own
 * namespace (one of them named `kubernetes` standing for its namespace's). For each with a cluster IP:
 * `<NAME>_SERVICE_HOST` / `_SERVICE_PORT` (and `_SERVICE_PORT_<PORT NAME>`) and the Docker-link style
 * `<NAME>_PORT`, `<NAME>_PORT_<port>_<PROTO>`, `…_PROTO`, `…_PORT`, `…_ADDR`. Only services that exist
 * when the container starts are seen, as in Kubernetes. `services` may hold any namespaces'.
 */
export function serviceEnv(services: readonly Anything[], pod: Anything): Record<string, string> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const links = pod.spec?.enableServiceLinks !== false;
  const chosen = new Map<string, Anything>();
  for (const service of services) {
    // Services without a cluster IP give no variables, and do not hide the kubernetes Service.
    if (!hasClusterIp(service)) continue;
    const name = String(service.metadata?.name);
    const ns = service.metadata?.namespace ?? 'default';
    if (ns === 'default' && name === 'kubernetes') {
      if (!chosen.has(name)) chosen.set(name, service);
    } else if (ns === namespace && links) {
      chosen.set(name, service);
    }
  }
  return envOf([...chosen.values()]);
}

function hasClusterIp(service: Anything): boolean {
  const ip = service.spec?.clusterIP;
  return typeof ip === 'string' && ip !== '' && ip !== 'None';
}

function envOf(services: readonly Anything[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const service of services) {
    const ip = service.spec?.clusterIP;
    const ports = (service.spec?.ports ?? []) as Anything[];
    if (ports.length === 0) continue;
    const name = envName(String(service.metadata.name));
    env[`${name}_SERVICE_HOST`] = ip;
    env[`${name}_SERVICE_PORT`] = String(ports[0].port);
    for (const p of ports) if (p.name) env[`${name}_SERVICE_PORT_${envName(String(p.name))}`] = String(p.port);
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
