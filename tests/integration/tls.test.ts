/**
 * HTTPS and WSS on the product's one port: the local CA (forced on loopback with VWINDOW_TLS=local, as
 * it is used beyond loopback), a given certificate, the CA download, the Secure cookie, and start-up
 * refusals that leave nothing started.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../signaling/src/config';
import { createLogger } from '../../signaling/src/logger';
import { CA_CERTIFICATE_PATH } from '../../signaling/src/protocol';
import { startServer } from '../../signaling/src/server';
import { StartupError } from '../../signaling/src/startupError';
import { startTestServer, type TestServer } from '../support/testServer';
import { testRtcPortBase } from '../support/testPorts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function httpsRequest(url: string, ca: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', ca, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function mediasoupWorkerPids(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)]).toString();
  return out
    .split('\n')
    .filter((line) => line.includes('mediasoup'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe('HTTPS with the local certificate authority', () => {
  let server: TestServer;
  let ca: string;

  beforeAll(async () => {
    server = await startTestServer({ VWINDOW_TLS: 'local', VWINDOW_TLS_NAMES: 'window.example.gov.cn' });
    ca = readFileSync(join(server.dataDir, 'tls', 'ca.pem'), 'utf8');
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('serves the API and the pages over HTTPS, trusted through the CA only', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await httpsRequest(`${server.url}/api/health`, ca)).status).toBe(200);
    const page = await httpsRequest(`${server.url}/sign-in`, ca);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`href="${CA_CERTIFICATE_PATH}"`);
    expect(page.body).toContain('下载本系统根证书');
    // Without the CA the certificate is refused: no blanket trust anywhere.
    await expect(httpsRequest(`${server.url}/api/health`, '')).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });

  it('lets anyone download the CA certificate, and only the certificate', async () => {
    const reply = await httpsRequest(`${server.url}${CA_CERTIFICATE_PATH}`, ca);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/x-x509-ca-cert');
    expect(reply.headers['content-disposition']).toContain('vwindow-ca.crt');
    expect(reply.body.trim()).toBe(ca.trim());
    expect(reply.body).not.toMatch(/PRIVATE KEY/);
    expect(reply.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': expect.stringContaining("default-src 'none'"),
    });
  });

  it('takes state-changing requests from the https origin of the product only', async () => {
    const signIn = (origin: string) =>
      httpsRequest(`${server.url}/api/auth/sign-in`, ca, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'pinghu.local', password: 'Window@2026' }),
      });
    expect((await signIn(server.url.replace('https:', 'http:'))).status).toBe(403);
    const signedIn = await signIn(server.url);
    expect(signedIn.status).toBe(200);
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    // The sign-out form of the pages: SvelteKit's own origin check sees https behind this server.
    const form = (origin: string) =>
      httpsRequest(`${server.url}/sign-out`, ca, {
        method: 'POST',
        headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: '',
      });
    expect((await form(server.url.replace('https:', 'http:'))).status).toBe(403);
    expect((await form(server.url)).status).toBe(303);
  });

  it('marks the sign-in cookie Secure and takes the WebSocket upgrade over TLS', async () => {
    const reply = await httpsRequest(`${server.url}/api/auth/sign-in`, ca, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'pinghu.home', password: 'Window@2026' }),
    });
    expect(reply.status).toBe(200);
    const setCookie = String(reply.headers['set-cookie']);
    expect(setCookie).toMatch(/;\s*Secure/i);
    const socket = new WebSocket(`${server.url.replace('https', 'wss')}/ws`, { headers: { cookie: setCookie.split(';')[0]! }, ca });
    const [raw] = (await once(socket, 'message')) as [Buffer];
    expect(JSON.parse(raw.toString())).toMatchObject({ type: 'notification' });
    socket.close();
  });

  it('serves no CA when the port speaks plain HTTP on loopback', async () => {
    const plain = await startTestServer();
    try {
      expect(plain.url).toMatch(/^http:/);
      expect((await fetch(`${plain.url}${CA_CERTIFICATE_PATH}`)).status).toBe(404);
    } finally {
      await plain.dispose();
    }
  });

  it('uses a given certificate (here the local CA’s own files) with VWINDOW_TLS_CERT and VWINDOW_TLS_KEY', async () => {
    const given = await startTestServer({ VWINDOW_TLS_CERT: join(server.dataDir, 'tls', 'server.pem'), VWINDOW_TLS_KEY: join(server.dataDir, 'tls', 'server.key') });
    try {
      expect(given.url).toMatch(/^https:/);
      expect((await httpsRequest(`${given.url}/api/health`, ca)).status).toBe(200);
      expect((await httpsRequest(`${given.url}${CA_CERTIFICATE_PATH}`, ca)).status).toBe(404);
    } finally {
      await given.dispose();
    }
  });
});

describe('start-up refusals leave nothing started', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vwindow-tls-refusal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const start = async (env: Record<string, string>) =>
    await startServer(loadConfig({ VWINDOW_PORT: '0', VWINDOW_DATA_DIR: dir, VWINDOW_WORKERS: '1', VWINDOW_RTC_PORT_BASE: String(testRtcPortBase()), ...env }), { logger: createLogger('silent') });

  it('refuses an unreadable certificate naming VWINDOW_TLS_CERT and the file, before the database or a worker', async () => {
    const before = new Set(mediasoupWorkerPids());
    const error = await start({ VWINDOW_TLS_CERT: join(dir, 'missing.pem'), VWINDOW_TLS_KEY: join(dir, 'missing.key') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/^VWINDOW_TLS_CERT: cannot read the certificate file .*missing\.pem/);
    expect(existsSync(join(dir, 'virtual-window.sqlite'))).toBe(false);
    expect(mediasoupWorkerPids().filter((pid) => !before.has(pid))).toEqual([]);
  });

  it('refuses a port in use naming VWINDOW_PORT, with its workers stopped', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const before = new Set(mediasoupWorkerPids());
    const started = () => mediasoupWorkerPids().filter((pid) => !before.has(pid));
    try {
      const error = await start({ VWINDOW_PORT: String(port) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StartupError);
      expect((error as Error).message).toMatch(/^VWINDOW_PORT: cannot listen on 127\.0\.0\.1:\d+ \(the port is in use\)/);
      for (let i = 0; i < 50 && started().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(started()).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});
