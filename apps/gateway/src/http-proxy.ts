import { ServiceUnavailableError, type ProxyAddress } from '@bosun/api';
import type { Request, Response } from 'express';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Hop-by-hop headers and the caller's credentials, which the API server does not pass on. */
const DROPPED = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'authorization', 'content-length']);

/**
 * `pods/{name}/proxy/…` and `services/{name}/proxy/…` (kubectl proxy, `kubectl get --raw`): the
 * request passed on to the pod's address, the answer streamed back as it comes, as kube-apiserver
 * proxies to pods. A connection that fails is a 503 Status, as the API server answers it.
 */
export async function proxyHttp(req: Request, res: Response, to: ProxyAddress, path: string): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !DROPPED.has(name)) headers[name] = value;
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (body.length > 0) headers['content-length'] = String(body.length);
  const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
  const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
    const send = to.scheme === 'https' ? httpsRequest : httpRequest;
    const request = send({ host: to.host, port: to.port, method: req.method, path: `${path}${query}`, headers, rejectUnauthorized: false, timeout: 30_000 }, resolve);
    request.once('timeout', () => request.destroy(new Error('timed out')));
    request.once('error', (error) => reject(new ServiceUnavailableError(`error trying to reach service: ${error.message}`)));
    res.once('close', () => request.destroy());
    request.end(body);
  });
  res.status(upstream.statusCode ?? 502);
  for (const [name, value] of Object.entries(upstream.headers)) if (value !== undefined && !DROPPED.has(name)) res.setHeader(name, value);
  res.flushHeaders();
  upstream.pipe(res);
  await new Promise<void>((resolve) => upstream.once('close', () => resolve()));
}
