import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { coturnConfig } from './coturnConfig';
import { iceServersFor, turnCredential } from './turnCredentials';

const SECRET = 'x'.repeat(40);

describe('TURN credentials (coturn use-auth-secret)', () => {
  it('derives expiry:staffId and the base64 HMAC-SHA1 of it', () => {
    const expiresAt = new Date('2026-11-30T10:00:00.750Z');
    const { username, credential } = turnCredential(SECRET, 42, expiresAt);
    expect(username).toBe('1796032800:42');
    // RFC 2104 HMAC-SHA1 known answer for this key and message, computed independently.
    expect(credential).toBe(createHmac('sha1', Buffer.from(SECRET)).update('1796032800:42').digest('base64'));
    expect(credential).toHaveLength(28);
    expect(turnCredential(`${SECRET}y`, 42, expiresAt).credential).not.toBe(credential);
    expect(turnCredential(SECRET, 43, expiresAt).credential).not.toBe(credential);
  });

  it('gives one iceServers entry with every URL, or none without TURN', () => {
    const until = new Date('2026-11-30T10:00:00Z');
    expect(iceServersFor(null, 1, until)).toEqual([]);
    expect(iceServersFor({ urls: ['turns:t.example:443?transport=tcp', 'turn:t.example:3478?transport=udp'], secret: SECRET }, 1, until)).toEqual([
      { urls: ['turns:t.example:443?transport=tcp', 'turn:t.example:3478?transport=udp'], username: '1796032800:1', credential: turnCredential(SECRET, 1, until).credential },
    ]);
  });
});

describe('TURN configuration', () => {
  it('is off by default, external with URLs and a secret, embedded with its address and ports', () => {
    expect(loadConfig({}).turn).toEqual({ mode: 'off' });
    expect(loadConfig({ VWINDOW_TURN_URLS: 'turns:turn.example.gov.cn:443?transport=tcp', VWINDOW_TURN_SECRET: SECRET }).turn).toEqual({
      mode: 'external',
      urls: ['turns:turn.example.gov.cn:443?transport=tcp'],
      secret: SECRET,
    });
    expect(loadConfig({ VWINDOW_TURN: 'embedded', VWINDOW_RTC_LISTEN_IP: '10.0.0.5' }).turn).toEqual({
      mode: 'embedded',
      urls: undefined,
      secret: undefined,
      listenIp: '10.0.0.5',
      address: '10.0.0.5',
      tlsPort: 5349,
      plainPort: 3478,
    });
    expect(loadConfig({ VWINDOW_TURN: 'embedded', VWINDOW_TURN_LISTEN_IP: '0.0.0.0', VWINDOW_RTC_ANNOUNCED_ADDRESS: '203.0.113.5', VWINDOW_TURN_PORT: '443' }).turn).toMatchObject({
      listenIp: '0.0.0.0',
      address: '203.0.113.5',
      tlsPort: 443,
    });
  });

  it('refuses a short secret, URLs without a secret, a secret without TURN, bad URLs, one port for both', () => {
    expect(() => loadConfig({ VWINDOW_TURN: 'embedded', VWINDOW_TURN_SECRET: 'short' })).toThrow(/VWINDOW_TURN_SECRET is 5 characters long: it must have at least 32/);
    expect(() => loadConfig({ VWINDOW_TURN_URLS: 'turn:t.example:3478' })).toThrow(/VWINDOW_TURN_URLS is set but VWINDOW_TURN_SECRET is not/);
    expect(() => loadConfig({ VWINDOW_TURN_SECRET: SECRET })).toThrow(/VWINDOW_TURN_SECRET is set but there is no TURN server/);
    expect(() => loadConfig({ VWINDOW_TURN_URLS: 'http://t.example', VWINDOW_TURN_SECRET: SECRET })).toThrow(/VWINDOW_TURN_URLS="http:\/\/t.example": must be turn: or turns: URLs/);
    expect(() => loadConfig({ VWINDOW_TURN: 'embedded', VWINDOW_TURN_PORT: '3478' })).toThrow(/the TLS and the plain port must differ/);
    expect(() => loadConfig({ VWINDOW_TURN: 'embedded', VWINDOW_TURN_LISTEN_IP: '0.0.0.0', VWINDOW_HOST: '0.0.0.0' })).toThrow(/set VWINDOW_TURN_ADDRESS/);
    expect(() => loadConfig({ VWINDOW_TURN: 'relay' })).toThrow(/must be off or embedded/);
  });
});

describe('coturn configuration file', () => {
  const base = {
    listenIp: '10.0.0.5',
    tlsPort: 443,
    plainPort: 3478,
    secret: SECRET,
    tls: { certFile: '/d/tls/server.pem', keyFile: '/d/tls/server.key' },
    allowedPeers: ['10.0.0.5', '203.0.113.5'],
    dbFile: '/d/turn/turndb',
    pidFile: '/d/turn/turnserver.pid',
    realm: 'vwindow',
  };

  it('denies every peer but the SFU, has no CLI, no multicast, no TLS below 1.2, time-limited credentials only', () => {
    const lines = coturnConfig(base).split('\n');
    for (const line of [
      'listening-ip=10.0.0.5',
      'tls-listening-port=443',
      'listening-port=3478',
      'cert=/d/tls/server.pem',
      'use-auth-secret',
      `static-auth-secret=${SECRET}`,
      'no-cli',
      'no-multicast-peers',
      'no-tlsv1',
      'no-tlsv1_1',
      'denied-peer-ip=0.0.0.0-255.255.255.255',
      'denied-peer-ip=::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      'allowed-peer-ip=10.0.0.5',
      'allowed-peer-ip=203.0.113.5',
    ]) {
      expect(lines).toContain(line);
    }
    expect(lines).not.toContain('allow-loopback-peers');
    expect(lines.some((l) => l.startsWith('user=') || l.startsWith('lt-cred-mech'))).toBe(false);
  });

  it('allows loopback peers only for a loopback SFU, and has no TLS listener without a certificate', () => {
    const lines = coturnConfig({ ...base, tls: null, allowedPeers: ['127.0.0.1'], plainPort: 0 }).split('\n');
    expect(lines).toContain('allow-loopback-peers');
    expect(lines).toEqual(expect.arrayContaining(['no-tls', 'no-udp', 'no-tcp']));
  });

  it('names no listening or relay address when it listens on every address', () => {
    const lines = coturnConfig({ ...base, listenIp: '0.0.0.0' }).split('\n');
    expect(lines.some((l) => l.startsWith('listening-ip=') || l.startsWith('relay-ip='))).toBe(false);
  });
});
