import type { Duplex } from 'node:stream';

/** Answers an upgrade request the agent will not take (exec, attach, port-forward) and closes it. */
export function refuse(socket: Duplex, code: number, message: string): void {
  socket.end(`HTTP/1.1 ${code} ${code === 404 ? 'Not Found' : 'Bad Request'}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${message}`);
}
