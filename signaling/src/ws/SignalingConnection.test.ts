/** One connection's messages: answered strictly in the order they came, a failing handler answered with its error. */
import { WSContext } from 'hono/ws';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import type { SignedInStaff } from '../protocol';
import { SignalingConnection, type Handlers } from './SignalingConnection';

const staff = { id: 7, displayName: '测试' } as SignedInStaff;

function connectionWith(capabilities: (call: number) => Promise<unknown>) {
  const sent: { id: number; ok: boolean; error?: { code: string } }[] = [];
  const socket = new WSContext({ send: (data) => void sent.push(JSON.parse(String(data)) as (typeof sent)[number]), close: () => undefined, readyState: 1 });
  let calls = 0;
  const handlers = { 'media.capabilities': () => capabilities(++calls) } as unknown as Handlers;
  const refusals: unknown[] = [];
  const connection = new SignalingConnection(staff, socket, handlers, createLogger('silent'), new Date(Date.now() + 60_000), async (refusal) => void refusals.push(refusal));
  const request = (id: number) => JSON.stringify({ type: 'request', id, method: 'media.capabilities', data: {} });
  return { connection, sent, request, refusals };
}

describe('SignalingConnection', () => {
  it('answers the messages of one connection in the order they came, a slow one holding back the next', async () => {
    const started: number[] = [];
    const { connection, sent, request } = connectionWith(async (call) => {
      started.push(call);
      // The first is slow: the second must not start before it is answered.
      if (call === 1) await new Promise((resolve) => setTimeout(resolve, 40));
      return { routerRtpCapabilities: call };
    });
    const first = connection.receive(request(1));
    const second = connection.receive(request(2));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toEqual([1]);
    await Promise.all([first, second]);
    expect(started).toEqual([1, 2]);
    expect(sent.map((m) => m.id)).toEqual([1, 2]);
  });

  it('answers a handler that fails with its error and goes on with the next message', async () => {
    const { connection, sent, request } = connectionWith(async (call) => {
      if (call === 1) throw new Error('the database went away');
      return { routerRtpCapabilities: call };
    });
    // receive() never rejects: nothing is left unhandled.
    await expect(Promise.all([connection.receive(request(1)), connection.receive(request(2)), connection.receive('not json')])).resolves.toBeDefined();
    expect(sent).toMatchObject([
      { id: 1, ok: false, error: { code: 'INTERNAL' } },
      { id: 2, ok: true },
      { id: null, ok: false, error: { code: 'BAD_JSON' } },
    ]);
  });
});
