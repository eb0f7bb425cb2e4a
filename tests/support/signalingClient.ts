/** A small WebSocket client for integration tests: typed-enough requests and waiting for notifications. */
import { once } from 'node:events';
import WebSocket from 'ws';
import type { RunningServer } from '../../signaling/src/server';

interface Response {
  type: 'response';
  id: number | null;
  ok: boolean;
  data?: unknown;
  error?: { code: string; message: string };
}
interface Notification {
  type: 'notification';
  method: string;
  data: unknown;
}

export class TestSignalingClient {
  readonly socket: WebSocket;
  readonly notifications: Notification[] = [];
  readonly #pending = new Map<number, (response: Response) => void>();
  readonly #orphans: Response[] = [];
  #nextId = 1;

  /** Opens /ws (or `path`, e.g. the guests' /ws/guest) as a page of the product would: with the cookie and the product's own Origin. */
  static async connect(server: RunningServer, cookie: string, path = '/ws'): Promise<TestSignalingClient> {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}${path}`, { headers: { cookie, origin: new URL(server.url).origin } });
    const client = new TestSignalingClient(socket);
    await once(socket, 'open');
    return client;
  }

  /** Opens a signaling WebSocket at `wsUrl` (another node's, say) from a page of `origin`. */
  static async connectTo(wsUrl: string, cookie: string, origin: string): Promise<TestSignalingClient> {
    const socket = new WebSocket(wsUrl, { headers: { cookie, origin } });
    const client = new TestSignalingClient(socket);
    await once(socket, 'open');
    return client;
  }

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString()) as Response | Notification;
      if (message.type === 'notification') this.notifications.push(message);
      else if (message.id !== null && this.#pending.has(message.id)) {
        this.#pending.get(message.id)!(message);
        this.#pending.delete(message.id);
      } else this.#orphans.push(message);
    });
  }

  /** Sends a request and resolves with the whole response (ok or not). */
  request(method: string, data: unknown = {}): Promise<Response> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.socket.send(JSON.stringify({ type: 'request', id, method, data }));
    });
  }

  /** Sends raw text; resolves with the next reply that has no pending request. */
  async sendRaw(text: string): Promise<Response> {
    const before = this.#orphans.length;
    this.socket.send(text);
    for (let i = 0; i < 500 && this.#orphans.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    const reply = this.#orphans.shift();
    if (!reply) throw new Error('no reply');
    return reply;
  }

  /** Resolves with the first notification of `method` (already received or still to come) that matches. */
  async waitFor(method: string, match: (data: never) => boolean = () => true, timeoutMs = 5000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.notifications.findIndex((n) => n.method === method && match(n.data as never));
      if (index >= 0) return this.notifications.splice(index, 1)[0]!.data;
      if (Date.now() > deadline) throw new Error(`no ${method} notification within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.socket.close();
  }
}
