export * from './envelope';
export * from './cluster-state';
export * from './command-reply';
export * from './command-client';
export * from './actor-host';
export * from './work-queue';
export * from './leader-election';
export * from './fold-fingerprint';
