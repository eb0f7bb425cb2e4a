/** The in-process live events (one node, the SQLite store) and the event definitions they share with PostgreSQL's. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeLiveEvent, encodeLiveEvent, type LiveEvent, type LiveEventOrigin } from './liveEvent';
import { InProcessLiveEvents } from './liveEvents';

const sessionId = randomUUID();

function collect(events: InProcessLiveEvents): { event: LiveEvent; origin: LiveEventOrigin }[] {
  const seen: { event: LiveEvent; origin: LiveEventOrigin }[] = [];
  events.subscribe((event, origin) => seen.push({ event, origin }));
  return seen;
}

describe('in-process live events', () => {
  it('deliver every event once to every subscriber, after publish returns, in order', async () => {
    const events = new InProcessLiveEvents({ nodeId: 'node-a' });
    const first = collect(events);
    const second = collect(events);
    const published = events.publish({ kind: 'session.updated', sessionId });
    expect(first).toEqual([]);
    await published;
    for (let i = 1; i <= 200; i++) void events.publish({ kind: 'chat.message', sessionId, messageId: i });
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const seen of [first, second]) {
      expect(seen).toHaveLength(201);
      expect(seen[0]).toEqual({ event: { kind: 'session.updated', sessionId }, origin: { node: 'node-a', seq: 0 } });
      expect(seen.slice(1).map((s) => (s.event.kind === 'chat.message' ? s.event.messageId : 0))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    }
    await events.close();
  });

  it('stop delivering to an unsubscribed handler, and go on past a handler that throws', async () => {
    const errors: string[] = [];
    const events = new InProcessLiveEvents({ onError: (error, context) => errors.push(`${context}: ${error.message}`) });
    events.subscribe(() => {
      throw new Error('broken view');
    });
    const seen = collect(events);
    const gone: LiveEvent[] = [];
    const unsubscribe = events.subscribe((event) => gone.push(event));
    unsubscribe();
    await events.publish({ kind: 'queue.changed', jurisdictionCode: '330482' });
    await Promise.resolve();
    expect(seen.map((s) => s.event)).toEqual([{ kind: 'queue.changed', jurisdictionCode: '330482' }]);
    expect(gone).toEqual([]);
    expect(errors).toEqual(['live event subscriber (queue.changed): broken view']);
  });

  it('deliver nothing here of an event published servedHere (this node served its own connections already), but still check it', async () => {
    const events = new InProcessLiveEvents();
    const seen = collect(events);
    await events.publish({ kind: 'session.updated', sessionId }, { servedHere: true });
    await expect(events.publish({ kind: 'session.updated', sessionId: 'not-a-uuid' }, { servedHere: true })).rejects.toThrow();
    await events.publish({ kind: 'queue.changed', jurisdictionCode: '330482' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.map((s) => s.event)).toEqual([{ kind: 'queue.changed', jurisdictionCode: '330482' }]);
    await events.close();
  });

  it('refuse what is not a live event, a PostgreSQL transaction, and anything once closed', async () => {
    const events = new InProcessLiveEvents();
    const seen = collect(events);
    await expect(events.publish({ kind: 'session.updated', sessionId: 'not-a-uuid' })).rejects.toThrow();
    await expect(events.publish({ kind: 'queue.changed', jurisdictionCode: '330482', extra: 1 } as LiveEvent)).rejects.toThrow();
    await expect(events.publish({ kind: 'session.updated', sessionId }, { transaction: {} as never })).rejects.toThrow(/publish after the change committed/);
    await events.close();
    await expect(events.publish({ kind: 'session.updated', sessionId })).rejects.toThrow(/closed/);
    await Promise.resolve();
    expect(seen).toEqual([]);
  });
});

describe('the wire form of a live event', () => {
  it('round-trips, stays small, and rejects foreign payloads', () => {
    const payload = encodeLiveEvent({ kind: 'signature.added', sessionId, caseId: 7, signatureId: sessionId }, { node: 'node-b', seq: 42 });
    expect(Buffer.byteLength(payload)).toBeLessThan(200);
    expect(decodeLiveEvent(payload)).toEqual({ event: { kind: 'signature.added', sessionId, caseId: 7, signatureId: sessionId }, origin: { node: 'node-b', seq: 42 } });
    expect(decodeLiveEvent('not json')).toBeNull();
    expect(decodeLiveEvent(JSON.stringify({ v: 2, origin: 'x', seq: 0, event: { kind: 'session.updated', sessionId } }))).toBeNull();
    expect(decodeLiveEvent(JSON.stringify({ v: 1, origin: 'x', seq: 0, event: { kind: 'room.gone', sessionId } }))).toBeNull();
  });
});
