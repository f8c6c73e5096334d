/** The part of spdy-transport (untyped) the port-forward endpoint uses. */
declare module 'spdy-transport' {
  import type { EventEmitter } from 'node:events';
  import type { Duplex } from 'node:stream';
  export const connection: {
    create(socket: Duplex, options: { protocol: 'spdy' | 'http2'; isServer: boolean; windowSize?: number }): EventEmitter & { start(version: number): void };
  };
}
