import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { noLogMessage, serveContainerLog, sinceOf } from './log-endpoint';
import type { PodWorker } from './pod-worker';
import { dater, kubeletTimestamp, readLogTimes, splitLines, trackLogTimes } from './log-times';

describe('log endpoint', () => {
  it.each([
    ['a\nb\nc\n', 2, 'b\nc\n'],
    ['a\nb\nc', 2, 'b\nc'],
    ['a\n', 5, 'a\n'],
    ['', 3, ''],
  ])('tails %j to %i lines', (text, n, expected) => {
    expect(
      splitLines(Buffer.from(text), 0)
        .slice(-n)
        .map((l) => l.text)
        .join(''),
    ).toBe(expected);
  });

  it('splits lines at byte offsets, multi-byte characters included', () => {
    expect(splitLines(Buffer.from('héllo\nwörld\npartial'), 100)).toEqual([
      { offset: 100, text: 'héllo\n' },
      { offset: 107, text: 'wörld\n' },
      { offset: 114, text: 'partial' },
    ]);
  });

  it('dates a line by the first index entry that covers its first byte, now when none does yet', () => {
    const date = dater([{ size: 10, at: 1_000 }, { size: 25, at: 2_000 }], () => 9_000);
    expect([0, 9, 10, 24, 25].map(date)).toEqual([1_000, 1_000, 2_000, 2_000, 9_000]);
  });

  it('prints the kubelet’s fixed nine-digit timestamps', () => {
    expect(kubeletTimestamp(Date.parse('2026-11-28T23:54:04.137Z'))).toBe('2026-11-28T23:54:04.137000000Z');
  });

  it('says why a container has no log as the kubelet does: its waiting reason, an image that cannot be had said plainly', () => {
    expect(noLogMessage('web', 'main', false, 'PodInitializing')).toBe('container "main" in pod "web" is waiting to start: PodInitializing');
    expect(noLogMessage('web', 'main', false, 'ContainerCreating')).toBe('container "main" in pod "web" is waiting to start: ContainerCreating');
    expect(noLogMessage('web', 'main', false, 'ErrImagePull')).toBe('container "main" in pod "web" is waiting to start: image can\'t be pulled');
    expect(noLogMessage('web', 'main', false, 'ImagePullBackOff')).toBe('container "main" in pod "web" is waiting to start: trying and failing to pull image');
    expect(noLogMessage('web', 'main', false, undefined)).toBe('container "main" in pod "web" is waiting to start - no logs yet');
    expect(noLogMessage('web', 'main', true, 'CrashLoopBackOff')).toBe('previous terminated container "main" in pod "web" not found');
  });

  it('reads sinceSeconds and sinceTime as the API server checks them', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(sinceOf(new URLSearchParams('sinceSeconds=60'), now)).toBe(now - 60_000);
    expect(sinceOf(new URLSearchParams('sinceTime=2026-11-28T11:00:00Z'), now)).toBe(now - 3_600_000);
    expect(sinceOf(new URLSearchParams(''), now)).toBeUndefined();
    expect(sinceOf(new URLSearchParams('sinceSeconds=0'), now)).toContain('must be greater than 0');
    expect(sinceOf(new URLSearchParams('sinceSeconds=x'), now)).toContain('must be greater than 0');
    expect(sinceOf(new URLSearchParams('sinceTime=yesterday'), now)).toContain('RFC 3339');
    expect(sinceOf(new URLSearchParams('sinceSeconds=1&sinceTime=2026-11-28T11:00:00Z'), now)).toBe('at most one of sinceTime or sinceSeconds may be specified');
  });

  it('records when a log grows, as it grows, and once more when tracking stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bosun-log-times-'));
    const log = join(dir, '0.log');
    writeFileSync(log, 'before\n'); // written while no agent watched: dated when tracking starts
    let clock = 1_000;
    const stop = trackLogTimes(log, () => clock);
    try {
      clock = 2_000;
      appendFileSync(log, 'one\n');
      const deadline = Date.now() + 5_000;
      while (readLogTimes(log).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      clock = 3_000;
      appendFileSync(log, 'two\n');
      stop();
      const times = readLogTimes(log);
      expect(times[0]).toEqual({ size: 7, at: 1_000 });
      expect(times).toContainEqual({ size: 11, at: 2_000 });
      expect(times.at(-1)).toEqual({ size: 15, at: 3_000 });
      const date = dater(times);
      expect(splitLines(Buffer.from('before\none\ntwo\n'), 0).map((l) => date(l.offset))).toEqual([1_000, 2_000, 3_000]);
      // Tracking again (an agent restarted) adds nothing for bytes already dated.
      trackLogTimes(log, () => 4_000)();
      expect(readLogTimes(log)).toEqual(times);
    } finally {
      stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ends a follow whose log is removed (the pod deleted) instead of throwing from its timer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bosun-log-follow-'));
    const log = join(dir, '0.log');
    writeFileSync(log, 'first\n');
    let running = true;
    const worker = { logFile: () => log, isRunning: () => running } as unknown as PodWorker;
    const server: Server = createServer((req, res) => serveContainerLog(req, res, () => worker));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        get(`http://127.0.0.1:${port}/containerLogs/default/web/web?follow=true`, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text === 'first\n') {
              running = false;
              rmSync(dir, { recursive: true, force: true }); // as the agent removes a deleted pod's directory
            }
          });
          res.on('end', () => resolve(text));
        }).once('error', reject);
      });
      expect(body).toBe('first\n');
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
