import { describe, expect, it } from 'vitest';
import { selfTestVerdict, type CheckStatus, type SelfTestItem } from './selfTestVerdict';

const all = (status: CheckStatus, over: Partial<Record<SelfTestItem, CheckStatus>> = {}) => ({
  camera: status,
  microphone: status,
  udp: status,
  tcp: status,
  relay: status,
  ...over,
});

describe('selfTestVerdict', () => {
  it('waits while anything is still being checked', () => {
    expect(selfTestVerdict(all('pending')).key).toBe('pending');
    expect(selfTestVerdict(all('ok', { relay: 'checking' })).key).toBe('pending');
  });

  it('says a call works with camera, microphone and UDP, whatever TCP and TURN say', () => {
    expect(selfTestVerdict(all('ok', { tcp: 'failed', relay: 'unconfigured' }))).toEqual({ tone: 'ok', key: 'ok' });
  });

  it('names the fallbacks: TCP only, then TURN only, then nothing', () => {
    expect(selfTestVerdict(all('ok', { udp: 'failed' }))).toEqual({ tone: 'warn', key: 'tcpOnly' });
    expect(selfTestVerdict(all('ok', { udp: 'failed', tcp: 'failed' }))).toEqual({ tone: 'warn', key: 'relayOnly' });
    expect(selfTestVerdict(all('ok', { udp: 'failed', tcp: 'failed', relay: 'unconfigured' }))).toEqual({ tone: 'bad', key: 'noNetwork' });
  });

  it('puts missing devices first', () => {
    expect(selfTestVerdict(all('ok', { microphone: 'unavailable' }))).toEqual({ tone: 'bad', key: 'noDevices' });
    expect(selfTestVerdict(all('failed', { camera: 'ok', microphone: 'ok' })).key).toBe('noNetwork');
  });
});
