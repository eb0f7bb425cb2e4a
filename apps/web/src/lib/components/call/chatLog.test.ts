import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '$shared';
import { formatClock, mergeMessages } from './chatLog';

const message = (id: number, text = `m${id}`): ChatMessage => ({
  id,
  sessionId: '00000000-0000-4000-8000-000000000000',
  sender: { id: 1, displayName: '陈晓燕', side: 'local' },
  text,
  sentAt: '2026-03-07T01:05:07.000Z',
});

describe('mergeMessages', () => {
  it('keeps each message once, in id order, whichever way it arrived', () => {
    const history = [message(1), message(3)];
    const merged = mergeMessages(history, [message(3), message(2), message(4)]);
    expect(merged.map((m) => m.id)).toEqual([1, 2, 3, 4]);
  });

  it('does not change the list it was given', () => {
    const history = [message(1)];
    mergeMessages(history, [message(2)]);
    expect(history).toHaveLength(1);
  });
});

describe('formatClock', () => {
  it('shows Beijing time whatever the machine time zone', () => {
    expect(formatClock('2026-03-07T01:05:07.000Z')).toBe('09:05:07');
    expect(formatClock('2026-03-07T16:30:00.000Z')).toBe('00:30:00');
  });
});
