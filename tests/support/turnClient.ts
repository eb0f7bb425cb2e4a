/**
 * A small TURN client for tests (RFC 5766 / 8656 messages over UDP, TCP or TLS): Allocate with the
 * long-term credential mechanism and CreatePermission, enough to see what a real turnserver accepts.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect as connectTcp } from 'node:net';
import { connect as connectTls } from 'node:tls';

const MAGIC = 0x2112a442;
const ATTR = { USERNAME: 0x0006, MESSAGE_INTEGRITY: 0x0008, ERROR_CODE: 0x0009, REALM: 0x0014, NONCE: 0x0015, XOR_PEER_ADDRESS: 0x0012, REQUESTED_TRANSPORT: 0x0019, XOR_RELAYED_ADDRESS: 0x0016 };
const METHOD = { ALLOCATE: 0x0003, CREATE_PERMISSION: 0x0008 };

export interface TurnReply {
  ok: boolean;
  /** The error code of an error response (401, 403, 438…). */
  errorCode?: number;
  attributes: Map<number, Buffer>;
}

function attribute(type: number, value: Buffer): Buffer {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

function xorAddress(ip: string, port: number): Buffer {
  const value = Buffer.alloc(8);
  value.writeUInt8(0x01, 1);
  value.writeUInt16BE(port ^ (MAGIC >>> 16), 2);
  const parts = ip.split('.').map(Number);
  value.writeUInt32BE((((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) ^ MAGIC) >>> 0, 4);
  return value;
}

function message(method: number, attributes: Buffer[], integrityKey?: Buffer): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(method, 0);
  header.writeUInt32BE(MAGIC, 4);
  randomBytes(12).copy(header, 8);
  let body = Buffer.concat(attributes);
  if (integrityKey) {
    header.writeUInt16BE(body.length + 24, 2);
    const mac = createHmac('sha1', integrityKey).update(Buffer.concat([header, body])).digest();
    body = Buffer.concat([body, attribute(ATTR.MESSAGE_INTEGRITY, mac)]);
  }
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function parse(buffer: Buffer): TurnReply {
  const type = buffer.readUInt16BE(0);
  const length = buffer.readUInt16BE(2);
  const attributes = new Map<number, Buffer>();
  for (let offset = 20; offset < 20 + length; ) {
    const attrType = buffer.readUInt16BE(offset);
    const attrLength = buffer.readUInt16BE(offset + 2);
    attributes.set(attrType, buffer.subarray(offset + 4, offset + 4 + attrLength));
    offset += 4 + Math.ceil(attrLength / 4) * 4;
  }
  const isError = (type & 0x0110) === 0x0110;
  const code = attributes.get(ATTR.ERROR_CODE);
  return { ok: !isError, ...(isError && code ? { errorCode: code.readUInt8(2) * 100 + code.readUInt8(3) } : {}), attributes };
}

export type TurnTransport = { kind: 'udp' | 'tcp'; host: string; port: number } | { kind: 'tls'; host: string; port: number; ca: string; servername?: string };

/** One connection to a TURN server; `send` waits for the answer to each request. */
export class TurnConnection {
  readonly #send: (data: Buffer) => void;
  readonly #close: () => void;
  readonly #replies: Buffer[] = [];
  #waiting: ((reply: Buffer) => void) | null = null;
  #nonce: Buffer | null = null;
  #realm: Buffer | null = null;
  #key: Buffer | null = null;
  #username = '';

  static async open(transport: TurnTransport): Promise<TurnConnection> {
    if (transport.kind === 'udp') {
      const socket = createSocket('udp4');
      await new Promise<void>((resolve) => socket.connect(transport.port, transport.host, resolve));
      const connection = new TurnConnection((data) => socket.send(data), () => socket.close());
      socket.on('message', (data) => connection.#receive(data));
      return connection;
    }
    const socket =
      transport.kind === 'tls'
        ? connectTls({ host: transport.host, port: transport.port, ca: transport.ca, servername: transport.servername, minVersion: 'TLSv1.2' })
        : connectTcp({ host: transport.host, port: transport.port });
    await new Promise<void>((resolve, reject) => {
      socket.once(transport.kind === 'tcp' ? 'connect' : 'secureConnect', resolve);
      socket.once('error', reject);
    });
    const connection = new TurnConnection((data) => socket.write(data), () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 20 && pending.length >= 20 + pending.readUInt16BE(2)) {
        const size = 20 + pending.readUInt16BE(2);
        connection.#receive(pending.subarray(0, size));
        pending = pending.subarray(size);
      }
    });
    socket.on('error', () => {});
    return connection;
  }

  private constructor(send: (data: Buffer) => void, close: () => void) {
    this.#send = send;
    this.#close = close;
  }

  #receive(data: Buffer): void {
    if (this.#waiting) {
      const waiting = this.#waiting;
      this.#waiting = null;
      waiting(data);
    } else this.#replies.push(data);
  }

  async #request(data: Buffer, timeoutMs = 5000): Promise<TurnReply> {
    const queued = this.#replies.shift();
    if (queued) return parse(queued);
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no TURN answer')), timeoutMs);
      this.#waiting = (buffer) => {
        clearTimeout(timer);
        resolve(buffer);
      };
      this.#send(data);
    });
    return parse(reply);
  }

  /** Allocate a UDP relay with these credentials: the unauthenticated try for realm and nonce first. */
  async allocate(username: string, credential: string): Promise<TurnReply> {
    const transportAttr = attribute(ATTR.REQUESTED_TRANSPORT, Buffer.from([17, 0, 0, 0]));
    const challenge = await this.#request(message(METHOD.ALLOCATE, [transportAttr]));
    if (challenge.errorCode !== 401) return challenge;
    this.#realm = challenge.attributes.get(ATTR.REALM) ?? Buffer.alloc(0);
    this.#nonce = challenge.attributes.get(ATTR.NONCE) ?? Buffer.alloc(0);
    this.#username = username;
    this.#key = createHash('md5').update(`${username}:${this.#realm.toString()}:${credential}`).digest();
    return this.#request(message(METHOD.ALLOCATE, [transportAttr, ...this.#auth()], this.#key));
  }

  /** Asks to relay to `ip` (after a successful allocate): 403 when the server denies that peer. */
  async createPermission(ip: string, port = 40000): Promise<TurnReply> {
    if (!this.#key) throw new Error('allocate first');
    return this.#request(message(METHOD.CREATE_PERMISSION, [attribute(ATTR.XOR_PEER_ADDRESS, xorAddress(ip, port)), ...this.#auth()], this.#key));
  }

  #auth(): Buffer[] {
    return [attribute(ATTR.USERNAME, Buffer.from(this.#username)), attribute(ATTR.REALM, this.#realm!), attribute(ATTR.NONCE, this.#nonce!)];
  }

  close(): void {
    this.#close();
  }
}

export const TURN_ATTRIBUTES = ATTR;
