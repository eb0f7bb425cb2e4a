import { describe, expect, it } from 'vitest';
import type { SessionView } from '$shared';
import { newestView } from './newestView';

const view = (status: SessionView['status'], queuePosition: number | null = null, id = 's1') => ({ id, status, queuePosition }) as SessionView;

describe('newestView', () => {
  it('never lets an older view (a late page load) replace a newer push', () => {
    const waiting = view('waiting', 1);
    const active = view('active');
    const ended = view('ended');
    expect(newestView(active, waiting)).toBe(active);
    expect(newestView(waiting, active)).toBe(active);
    expect(newestView(ended, active)).toBe(ended);
    expect(newestView(view('cancelled'), waiting).status).toBe('cancelled');
  });

  it('keeps the better place in the queue, and otherwise takes the later arrival', () => {
    const second = view('waiting', 2);
    const first = view('waiting', 1);
    expect(newestView(first, second)).toBe(first);
    expect(newestView(second, first)).toBe(first);
    const again = view('active');
    expect(newestView(view('active'), again)).toBe(again);
    const other = view('waiting', 3, 's2');
    expect(newestView(first, other)).toBe(other);
  });
});
