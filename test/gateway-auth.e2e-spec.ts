/**
 * Security of the gateway: bearer tokens from a Kubernetes static token file, TLS with the given
 * certificate, and no listening beyond loopback without authentication.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEventLog } from '@bosun/event-log';
import { startBosun, type BosunUnderTest } from './support/bosun-process';
import { spawnLines } from './support/child-process';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

describe('gateway authentication and TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-auth-'));
  let bosun: BosunUnderTest;
  beforeAll(async () => {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=bosun-test', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    writeFileSync(join(dir, 'tokens.csv'), 's3cret-admin,admin,uid-1,"system:masters"\nalice-token,alice,uid-2\n');
    bosun = await startBosun(join(dir, 'data'), 0, [
      '--token-auth-file', join(dir, 'tokens.csv'),
      '--tls-cert-file', join(dir, 'cert.pem'),
      '--tls-private-key-file', join(dir, 'key.pem'),
    ]);
  });
  afterAll(async () => {
    await bosun?.stop();
  });

  it('serves HTTPS to clients with a valid token, and refuses others with 401 Unauthorized', () => {
    expect(bosun.url.startsWith('https://127.0.0.1:')).toBe(true);
    const ok = bosun.kubectl(['get', 'namespaces', '-o', 'name']);
    expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: '' });
    expect(ok.stdout).toContain('namespace/default');
    const wrong = bosun.kubectl(['--token', 'guess', 'get', 'namespaces']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/Unauthorized|You must be logged in/);
  });

  it('tells a user who they are, and that they may do anything (no authorisation)', () => {
    expect(bosun.kubectl(['--token', 'alice-token', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']).stdout).toBe('alice');
    expect(bosun.kubectl(['--token', 'alice-token', 'auth', 'can-i', 'delete', 'nodes'])).toMatchObject({ code: 0, stdout: 'yes\n' });
    expect(bosun.kubectl(['--token', 'guess', 'auth', 'whoami']).code).not.toBe(0);
    // can-i --list asks for a SelfSubjectRulesReview (it was a 404 NotFound)
    const list = bosun.kubectl(['--token', 'alice-token', 'auth', 'can-i', '--list']);
    expect({ code: list.code, stderr: list.stderr }).toEqual({ code: 0, stderr: '' });
    expect(list.stdout).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n\*\.\*\s+\[\]\s+\[\]\s+\[\*\]\n\s+\[\*\]\s+\[\]\s+\[\*\]\n$/);
  });

  it('records the authenticated user as the actor of what they change', async () => {
    const made = bosun.kubectl(['--token', 'alice-token', 'create', 'namespace', 'alices']);
    expect({ code: made.code, stderr: made.stderr }).toEqual({ code: 0, stderr: '' });
    const log = EmbeddedEventLog.open({ dir: join(dir, 'data') });
    const actors: string[] = [];
    try {
      for await (const batch of log.events.read(0)) {
        for (const r of batch) if (r.key === 'namespaces/alices') actors.push(`${r.type} by ${r.headers.bosun_actor}`);
      }
    } finally {
      await log.close();
    }
    expect(actors).toEqual(['NamespaceCreated by user:alice']);
  });

  it('issues service account tokens (kubectl create token) that authenticate as the account while it and the object they are bound to last', async () => {
    const admin = (args: string[]): { code: number; stdout: string; stderr: string } => bosun.kubectl(['--token', 's3cret-admin', ...args]);
    expect(admin(['create', 'serviceaccount', 'robot']).code).toBe(0);
    const token = admin(['create', 'token', 'robot']).stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const as = (t: string, args: string[]): { code: number; stdout: string; stderr: string } => bosun.kubectl(['--token', t, ...args]);
    expect(as(token, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}']).stdout).toBe(
      'system:serviceaccount:default:robot ["system:serviceaccounts","system:serviceaccounts:default","system:authenticated"]',
    );
    expect(as(token, ['get', 'serviceaccounts', 'robot', '-o', 'name'])).toMatchObject({ code: 0, stdout: 'serviceaccount/robot\n' });
    // What the API server checks when it issues one.
    expect(admin(['create', 'token', 'robot', '--duration', '1m']).stderr).toBe(
      'error: failed to create token: TokenRequest.authentication.k8s.io "robot" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes\n',
    );
    expect(admin(['create', 'token', 'nobody']).stderr).toBe('error: failed to create token: serviceaccounts "nobody" not found\n');
    // A token for another audience is not the API's; one bound to a pod dies with it.
    expect(as(admin(['create', 'token', 'robot', '--audience', 'vault']).stdout.trim(), ['auth', 'whoami']).code).not.toBe(0);
    expect(admin(['run', 'bound', '--image', 'busybox', '--overrides', '{"spec":{"serviceAccountName":"robot"}}']).code).toBe(0);
    const bound = admin(['create', 'token', 'robot', '--bound-object-kind', 'Pod', '--bound-object-name', 'bound']).stdout.trim();
    expect(as(bound, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.extra.authentication\\.kubernetes\\.io/pod-name}']).stdout).toBe('["bound"]');
    expect(admin(['delete', 'pod', 'bound', '--grace-period', '0', '--force']).code).toBe(0);
    await waitFor('the pod to be gone', () => admin(['get', 'pod', 'bound']).code !== 0);
    expect(as(bound, ['auth', 'whoami']).stderr).toMatch(/Unauthorized|You must be logged in/);
    // The key is kept in the data directory: a token outlives a restart, not its service account.
    await bosun.stop();
    bosun = await startBosun(join(dir, 'data'), 0, ['--token-auth-file', join(dir, 'tokens.csv'), '--tls-cert-file', join(dir, 'cert.pem'), '--tls-private-key-file', join(dir, 'key.pem')]);
    expect(as(token, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']).stdout).toBe('system:serviceaccount:default:robot');
    expect(admin(['delete', 'serviceaccount', 'robot']).code).toBe(0);
    expect(as(token, ['auth', 'whoami']).stderr).toMatch(/Unauthorized|You must be logged in/);
  });

  it('refuses to listen beyond loopback without a token file', async () => {
    const child = spawnLines(process.execPath, [join(__dirname, '..', 'bin', 'bosun'), 'up', '--data-dir', join(dir, 'open'), '--address', '0.0.0.0', '--port', '0']);
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toContain('refusing to listen on 0.0.0.0');
  });
});
