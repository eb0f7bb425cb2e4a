import { describe, expect, it } from 'vitest';
import { BackoffWithJitter } from './reconnectPolicy';

describe('BackoffWithJitter', () => {
  it('grows with each attempt, stays under the cap, and gives up after maxAttempts', () => {
    const policy = new BackoffWithJitter(250, 5000, 8);
    for (let attempt = 0; attempt < 8; attempt++) {
      for (let i = 0; i < 50; i++) {
        const delay = policy.nextDelayMs(attempt)!;
        const ceiling = Math.min(5000, 250 * 2 ** attempt);
        expect(delay).toBeGreaterThanOrEqual(attempt === 0 ? 0 : ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
    expect(policy.nextDelayMs(8)).toBeNull();
  });
});
