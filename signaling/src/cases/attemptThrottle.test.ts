import { describe, expect, it } from 'vitest';
import { AttemptThrottle } from './attemptThrottle';

describe('AttemptThrottle', () => {
  it('blocks a key after the limit until its window ends', () => {
    let now = 0;
    const throttle = new AttemptThrottle({ limit: 3, windowMs: 10 * 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(throttle.blockedMinutes('ip')).toBe(0);
      throttle.fail('ip');
    }
    expect(throttle.blockedMinutes('ip')).toBe(10);
    expect(throttle.blockedMinutes('other')).toBe(0);
    now = 9 * 60_000 + 1;
    expect(throttle.blockedMinutes('ip')).toBe(1);
    now = 10 * 60_000;
    expect(throttle.blockedMinutes('ip')).toBe(0);
  });

  it('forgets the oldest keys beyond maxKeys', () => {
    const throttle = new AttemptThrottle({ limit: 1, windowMs: 60_000, maxKeys: 2 });
    throttle.fail('a');
    throttle.fail('b');
    throttle.fail('c');
    expect(throttle.blockedMinutes('a')).toBe(0);
    expect(throttle.blockedMinutes('c')).toBe(1);
  });
});
