import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs on its defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.rtc).toEqual({ listenIp: '127.0.0.1', announcedAddress: undefined, portBase: 40000 });
    expect(config.seed).toBe('demo');
    expect(config.workers).toBeGreaterThanOrEqual(1);
    expect(config.databaseFile.endsWith('data/virtual-window.sqlite')).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      VWINDOW_PORT: '8080',
      VWINDOW_HOST: '0.0.0.0',
      VWINDOW_DATA_DIR: '/var/lib/vw',
      VWINDOW_WORKERS: '4',
      VWINDOW_RTC_LISTEN_IP: '10.0.0.5',
      VWINDOW_RTC_ANNOUNCED_ADDRESS: 'window.example.gov.cn',
      VWINDOW_RTC_PORT_BASE: '50000',
      VWINDOW_SEED: 'none',
      VWINDOW_COOKIE_SECURE: 'true',
      VWINDOW_LOCKOUT_ATTEMPTS: '3',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/vw',
      databaseFile: '/var/lib/vw/virtual-window.sqlite',
      workers: 4,
      seed: 'none',
      rtc: { listenIp: '10.0.0.5', announcedAddress: 'window.example.gov.cn', portBase: 50000 },
      signIn: { cookieSecure: true, lockoutAttempts: 3 },
    });
  });

  it('takes PostgreSQL from VWINDOW_DATABASE_URL, refusing other URLs without showing the password', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ VWINDOW_DATABASE_URL: 'postgres://vw:s3cret@db.example:5432/vwindow' }).databaseUrl).toBe('postgres://vw:s3cret@db.example:5432/vwindow');
    expect(loadConfig({ VWINDOW_DATABASE_URL: 'postgresql://db.example/vwindow' }).databaseUrl).toBe('postgresql://db.example/vwindow');
    for (const bad of ['mysql://vw:s3cret@db.example/vwindow', 'postgres://vw:s3cret@/vwindow', 'db.example:5432', 'sqlite:///tmp/x.sqlite']) {
      let message = '';
      try {
        loadConfig({ VWINDOW_DATABASE_URL: bad });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message, bad).toContain('VWINDOW_DATABASE_URL=');
      expect(message, bad).toContain('must be a postgres:// or postgresql:// URL');
      expect(message, bad).not.toContain('s3cret');
    }
  });

  it('reads where webhooks may go, refusing a malformed allowlist', () => {
    expect(loadConfig({}).webhooks).toEqual({ allowHttp: false, allowlist: [] });
    expect(loadConfig({ VWINDOW_WEBHOOK_ALLOW_HTTP: '1', VWINDOW_WEBHOOK_ALLOWLIST: '10.1.2.0/24, cases.home.gov.cn,fd00::/8' }).webhooks).toEqual({
      allowHttp: true,
      allowlist: ['10.1.2.0/24', 'cases.home.gov.cn', 'fd00::/8'],
    });
    expect(() => loadConfig({ VWINDOW_WEBHOOK_ALLOWLIST: '10.1.2.0/33' })).toThrow(/VWINDOW_WEBHOOK_ALLOWLIST=.*CIDR/);
    expect(() => loadConfig({ VWINDOW_WEBHOOK_ALLOWLIST: 'http://x' })).toThrow(ConfigError);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ VWINDOW_PORT: '' }).port).toBe(3000);
  });

  it('names every bad value in one error', () => {
    let error: unknown;
    try {
      loadConfig({ VWINDOW_PORT: 'eighty', VWINDOW_RTC_LISTEN_IP: '300.1.1.1', VWINDOW_WORKERS: '0', VWINDOW_SEED: 'all' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/VWINDOW_PORT="eighty": must be a whole number from 0 to 65535/);
    expect(problems.join('\n')).toMatch(/VWINDOW_RTC_LISTEN_IP="300.1.1.1": must be an IPv4 or IPv6 address/);
    expect(problems.join('\n')).toMatch(/VWINDOW_WORKERS="0": must be at least 1/);
    expect(problems.join('\n')).toMatch(/VWINDOW_SEED="all": must be demo or none/);
  });

  it('refuses ports out of range and a port base that overflows with the workers', () => {
    expect(() => loadConfig({ VWINDOW_PORT: '70000' })).toThrow(/at most 65535/);
    expect(() => loadConfig({ VWINDOW_RTC_PORT_BASE: '65535', VWINDOW_WORKERS: '2' })).toThrow(/would pass 65535/);
    expect(() => loadConfig({ VWINDOW_COOKIE_SECURE: 'maybe' })).toThrow(/must be true or false/);
  });
});

describe('TLS configuration', () => {
  it('reads the certificate files and the extra names', () => {
    const config = loadConfig({ VWINDOW_TLS_CERT: '/etc/vw/cert.pem', VWINDOW_TLS_KEY: '/etc/vw/key.pem', VWINDOW_TLS_NAMES: 'window.example.gov.cn, 10.0.0.5' });
    expect(config.tls).toEqual({ mode: 'auto', certFile: '/etc/vw/cert.pem', keyFile: '/etc/vw/key.pem', names: ['window.example.gov.cn', '10.0.0.5'] });
    expect(loadConfig({}).tls).toEqual({ mode: 'auto', certFile: undefined, keyFile: undefined, names: [] });
  });

  it('wants both files or neither, and no file with a forced mode', () => {
    expect(() => loadConfig({ VWINDOW_TLS_CERT: '/etc/vw/cert.pem' })).toThrow(/VWINDOW_TLS_CERT is set but VWINDOW_TLS_KEY is not/);
    expect(() => loadConfig({ VWINDOW_TLS_KEY: '/etc/vw/key.pem' })).toThrow(/VWINDOW_TLS_KEY is set but VWINDOW_TLS_CERT is not/);
    expect(() => loadConfig({ VWINDOW_TLS: 'off', VWINDOW_TLS_CERT: 'a', VWINDOW_TLS_KEY: 'b' })).toThrow(/needs VWINDOW_TLS=auto/);
    expect(() => loadConfig({ VWINDOW_TLS: 'always' })).toThrow(/must be auto, local or off/);
    expect(() => loadConfig({ VWINDOW_TLS_NAMES: 'ok.example, bad/name' })).toThrow(/VWINDOW_TLS_NAMES/);
  });
});

describe('README configuration table', () => {
  it('lists every variable', async () => {
    const { readFileSync } = await import('node:fs');
    const { configVariables } = await import('./config');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(configVariables)) expect(readme).toContain(`| \`${name}\` |`);
  });
});
