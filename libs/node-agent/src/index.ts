export * from './node-agent';
export * from './image-map';
export * from './pod-status';
export { PodWorker, crashBackOffMs, startBackOffMs, expandVariables, containerEnv } from './pod-worker';
export { tailLines } from './log-endpoint';
export { runProbe, ProbeLoop } from './probes';
export { ServiceProxy, targetsOf, type ProxyTarget } from './service-proxy';
export { bosunTables, rulesScript, ServiceRules, type ServiceRule } from './service-rules';
export { serviceEnv } from './service-env';
