import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handOver, takeOver, type HandedCall } from './callHandoff';
import { ConsumedProducers } from './ConsumedProducers';

function call(sessionId: string): HandedCall & { closes: number } {
  return {
    sessionId,
    closes: 0,
    get closed() {
      return this.closes > 0;
    },
    close() {
      this.closes += 1;
    },
  };
}

describe('call hand-over', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives the call to the page of its session once, and to no other', () => {
    const started = call('a');
    handOver(started, 1000);
    expect(takeOver('b')).toBeNull();
    expect(takeOver('a')).toBe(started);
    expect(takeOver('a')).toBeNull();
    vi.advanceTimersByTime(2000);
    expect(started.closes).toBe(0); // taken: the page closes it, not the timer
  });

  it('hangs up a call nobody takes in time, and one replaced by a newer call for the same session', () => {
    const forgotten = call('c');
    handOver(forgotten, 1000);
    vi.advanceTimersByTime(999);
    expect(forgotten.closes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(forgotten.closes).toBe(1);
    expect(takeOver('c')).toBeNull();

    const first = call('d');
    const second = call('d');
    handOver(first, 1000);
    handOver(second, 1000);
    expect(first.closes).toBe(1);
    expect(takeOver('d')).toBe(second);
  });

  it('does not hand over a call that hung up meanwhile', () => {
    const ended = call('e');
    handOver(ended, 1000);
    ended.close();
    expect(takeOver('e')).toBeNull();
  });
});

describe('consumed producers', () => {
  it('lets each producer be claimed once until it is released', () => {
    const consumed = new ConsumedProducers();
    expect(consumed.claim('p1')).toBe(true);
    expect(consumed.claim('p1')).toBe(false);
    expect(consumed.has('p1')).toBe(true);
    consumed.release('p1');
    expect(consumed.claim('p1')).toBe(true);
    consumed.clear();
    expect(consumed.has('p1')).toBe(false);
  });
});
