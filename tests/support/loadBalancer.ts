/**
 * What a load balancer in front of the nodes does (issue 20's README: "any node; WebSockets
 * upgraded"), at its simplest: a TCP listener on loopback that hands each connection to the next node
 * in turn, skipping a node that does not answer (a dead one). HTTP requests and WebSocket upgrades
 * pass through unchanged, so a page on the balancer's address reaches whichever node is alive.
 */
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export class LoadBalancer {
  readonly #server: Server;
  readonly #backends: () => number[];
  readonly #sockets = new Set<Socket>();
  #next = 0;

  /** `backends`: the nodes' loopback ports, asked again for every connection (nodes come and go). */
  private constructor(backends: () => number[]) {
    this.#backends = backends;
    this.#server = createServer((client) => this.#forward(client, 0));
  }

  static async start(backends: () => number[]): Promise<LoadBalancer> {
    const balancer = new LoadBalancer(backends);
    await new Promise<void>((resolve, reject) => {
      balancer.#server.once('error', reject);
      balancer.#server.listen(0, '127.0.0.1', resolve);
    });
    return balancer;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  #forward(client: Socket, tried: number): void {
    const ports = this.#backends();
    if (tried >= ports.length) {
      client.destroy();
      return;
    }
    const port = ports[this.#next++ % ports.length]!;
    client.pause();
    const upstream = createConnection({ host: '127.0.0.1', port });
    upstream.once('error', () => {
      if (!upstream.readyState.startsWith('open') && client.readable && !client.destroyed) this.#forward(client, tried + 1);
      else client.destroy();
    });
    upstream.once('connect', () => {
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.once('close', () => this.#sockets.delete(socket));
      }
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
