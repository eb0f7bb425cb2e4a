import { describe, expect, it } from 'vitest';
import { addressKey } from './clientAddress';
import { ConcurrencyGate } from './concurrencyGate';

describe('addressKey', () => {
  it('keeps IPv4 as it is and keys IPv6 by its /64', () => {
    expect(addressKey('127.0.0.2')).toBe('127.0.0.2');
    expect(addressKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('ConcurrencyGate', () => {
  it('lets `limit` in and hands turns on in order', async () => {
    const gate = new ConcurrencyGate(2);
    const a = await gate.enter();
    await gate.enter();
    const order: string[] = [];
    const c = gate.enter().then((release) => {
      order.push('c');
      return release;
    });
    expect(gate.waiting).toBe(1);
    a();
    a();
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect(gate.running).toBe(2);
    releaseC();
    expect(gate.running).toBe(1);
    expect(gate.idle).toBe(false);
  });
});
