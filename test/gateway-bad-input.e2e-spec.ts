/**
 * Bad input at the API: every answer is a Kubernetes Status with the right code, nothing is written
 * (the list resourceVersion — the log's offset — does not move), and the server stays up.
 */
import fc from 'fast-check';
import { EmbeddedEventLog, type LogRecord } from '@bosun/event-log';
import { bosunForSuite } from './support/bosun-process';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

describe('gateway bad input', () => {
  const bosun = bosunForSuite();

  const call = async (method: string, path: string, body?: string | Buffer, contentType = 'application/json') => {
    const res = await fetch(`${bosun.url}${path}`, { method, body, headers: body === undefined ? {} : { 'Content-Type': contentType } });
    const text = await res.text();
    return { code: res.status, text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() };
  };
  const offset = async (): Promise<string> => (await call('GET', '/api/v1/pods')).json.metadata.resourceVersion;
  const expectStatus = (r: { code: number; json: any }, code: number, reason: string) => {
    expect({ code: r.code, kind: r.json?.kind, status: r.json?.status, reason: r.json?.reason, statusCode: r.json?.code }).toEqual({ code, kind: 'Status', status: 'Failure', reason, statusCode: code });
  };
  const pod = (extra: Record<string, unknown> = {}) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] }, ...extra });
  const pods = '/api/v1/namespaces/default/pods';

  it('answers each kind of bad request with the right Status and writes nothing', async () => {
    // The cluster settles first. At start the apiserver's loops and the controllers make the built-in
    // objects (each built-in namespace's default ServiceAccount and kube-root-ca.crt, the system
    // PriorityClasses, the default RBAC roles), and then write nothing on their own: the log's offset
    // stays where it is for a second and a half.
    const count = async (path: string): Promise<number> => (await call('GET', path)).json?.items?.length ?? 0;
    await waitFor('the built-in objects', async () => (await count('/api/v1/serviceaccounts')) === 4 && (await count('/api/v1/configmaps')) === 4 && (await count('/apis/scheduling.k8s.io/v1/priorityclasses')) === 2, 30_000);
    let before = await offset();
    await waitFor('a log that nothing more is written to', async () => {
      const was = before;
      before = await new Promise<string>((r) => setTimeout(() => void offset().then(r), 1_500));
      return before === was;
    }, 60_000);
    expectStatus(await call('POST', pods, '{"kind": "Pod", '), 400, 'BadRequest');
    expectStatus(await call('POST', pods, 'kind: [unclosed', 'application/yaml'), 400, 'BadRequest');
    expectStatus(await call('POST', pods, pod({ kind: 'Service' })), 400, 'BadRequest');
    expectStatus(await call('POST', pods, pod({ apiVersion: 'apps/v1' })), 400, 'BadRequest');
    expectStatus(await call('POST', '/api/v1/namespaces/other/pods', pod({ metadata: { name: 'p', namespace: 'default' } })), 400, 'BadRequest');
    expectStatus(await call('POST', '/api/v1/namespaces/nowhere/pods', pod()), 404, 'NotFound');
    // As kube-apiserver's decoder: a body with an unknown field is undecodable under Strict (400), before validation.
    expectStatus(await call('POST', `${pods}?fieldValidation=Strict`, pod({ spec: { containers: [{ name: 'c', image: 'b', imagee: 'x' }] } })), 400, 'BadRequest');
    expectStatus(await call('POST', pods, pod({ spec: { containers: [{ name: 'Bad_Name', image: 'b' }] } })), 422, 'Invalid');
    expectStatus(await call('POST', pods, pod(), 'text/plain'), 415, 'UnsupportedMediaType');
    expectStatus(await call('POST', pods, Buffer.alloc(4 * 1024 * 1024, 'x')), 413, 'RequestEntityTooLarge');
    expectStatus(await call('GET', `${pods}?labelSelector=${encodeURIComponent('a in (b')}`), 400, 'BadRequest');
    expectStatus(await call('GET', `${pods}?fieldSelector=spec.bogus=1`), 400, 'BadRequest');
    expectStatus(await call('GET', `${pods}?limit=ten`), 400, 'BadRequest');
    expectStatus(await call('GET', `${pods}?limit=1&continue=not-a-token`), 400, 'BadRequest');
    expectStatus(await call('GET', `${pods}/missing`), 404, 'NotFound');
    expectStatus(await call('GET', '/api/v1/bogus'), 404, 'NotFound');
    expectStatus(await call('DELETE', `${pods}/missing`), 404, 'NotFound');
    expect(await offset()).toBe(before);

    expect((await call('POST', pods, pod())).code).toBe(201);
    // The scheduler answers the new pod (no nodes: Unschedulable); measure once it has.
    await waitFor('the scheduler’s verdict on p', async () => (await call('GET', `${pods}/p`)).json?.status?.conditions?.some((c: any) => c.type === 'PodScheduled'));
    const created = await offset();
    expectStatus(await call('PUT', `${pods}/p`, pod({ metadata: { name: 'other' } })), 400, 'BadRequest');
    expectStatus(await call('PUT', `${pods}/p`, pod({ metadata: { name: 'p', resourceVersion: '1' } })), 409, 'Conflict');
    const current = (await call('GET', `${pods}/p`)).json;
    expectStatus(await call('PUT', `${pods}/p`, JSON.stringify({ ...current, spec: { ...current.spec, containers: [{ ...current.spec.containers[0], command: ['sh'] }] } })), 422, 'Invalid');
    expectStatus(await call('POST', pods, pod()), 409, 'AlreadyExists');
    expectStatus(await call('PATCH', `${pods}/p`, '[{"op":"replace","path":"/nope/x","value":1}]', 'application/json-patch+json'), 422, 'Invalid');
    expectStatus(await call('PATCH', `${pods}/p`, '[{"op":"test","path":"/metadata/name","value":"q"}]', 'application/json-patch+json'), 422, 'Invalid');
    expectStatus(await call('PATCH', `${pods}/p`, '{"op":"replace"}', 'application/json-patch+json'), 400, 'BadRequest');
    expectStatus(await call('PATCH', `${pods}/p`, '{"metadata":', 'application/merge-patch+json'), 400, 'BadRequest');
    expectStatus(await call('DELETE', `${pods}/p/status`), 405, 'MethodNotAllowed');
    expectStatus(await call('DELETE', '/api/v1/pods'), 405, 'MethodNotAllowed');
    // A namespaced kind has no create across all namespaces, whatever namespace the body names.
    expectStatus(await call('POST', '/api/v1/pods', pod({ metadata: { name: 'everywhere', namespace: 'default' } })), 405, 'MethodNotAllowed');
    // An Accept header naming nothing kube-apiserver serves: 406 before anything is done.
    for (const [method, body] of [['GET', undefined], ['POST', pod({ metadata: { name: 'unreadable' } })]] as const) {
      const refused = await fetch(`${bosun.url}${pods}`, { method, body, headers: { Accept: 'application/xml', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) } });
      expect([refused.status, await refused.json()]).toEqual([
        406,
        {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
          reason: 'NotAcceptable',
          code: 406,
        },
      ]);
    }
    // A path no route serves: kube-apiserver's words, naming no path, its details empty (omitempty).
    expect((await call('GET', '/api/v1/namespaces/default/nodes')).json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
    expectStatus(await call('DELETE', `${pods}?labelSelector=${encodeURIComponent('a in (b')}`), 400, 'BadRequest');
    expect(await offset()).toBe(created);
  });

  it('survives random bodies and paths: always a Status or a success, never a crash', async () => {
    const before = await offset();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((v) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fuzz' }, spec: v }))),
        fc.constantFrom(pods, '/api/v1/namespaces/default/services', '/api/v1/nodes', '/api/v1/namespaces/default/replicationcontrollers'),
        async (body, path) => {
          const r = await call('POST', path, body);
          if (r.code === 201) {
            accepted++; // a random body can be a valid object; then it is written, as one event
            return;
          }
          expect(r.json?.kind).toBe('Status');
          expect(r.code).toBeGreaterThanOrEqual(400);
          expect(r.code).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
    expect((await call('GET', '/version')).code).toBe(200);
    // The log gained exactly one Created event per accepted create (controllers may add status
    // events of their own); read the data directory directly, as the replay CLI would.
    const log = EmbeddedEventLog.open({ dir: bosun.dataDir });
    const records: LogRecord[] = [];
    for await (const batch of log.events.read(Number(before) + 1)) records.push(...batch);
    await log.close();
    expect(records.filter((r) => r.type.endsWith('Created') && r.headers.ce_source === '/bosun/gateway')).toHaveLength(accepted);
  });
});
