/**
 * The browser's end of /ws: typed requests with responses, typed notifications, and a connection
 * that comes back by itself. The state changes in one place (#setState), which logs `old -> new`.
 */
import type {
  ErrorPayload,
  NotificationMethod,
  Notifications,
  ResponseEnvelope,
  SignalingMethod,
  SignalingRequestData,
  SignalingResponses,
} from '$shared';
import { t } from '$lib/i18n';
import { BackoffWithJitter, type ReconnectPolicy } from './reconnectPolicy';

/** How long a socket given up by reconnectNow stays open (unused) before it is closed. */
const STALE_SOCKET_CLOSE_MS = 10_000;

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export class SignalingError extends Error {
  readonly code: string;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'SignalingError';
    this.code = payload.code;
  }
}

export interface SignalingClientOptions {
  /** Default: ws(s)://<this host>/ws. */
  url?: string;
  reconnectPolicy?: ReconnectPolicy;
  /** Give up on a request after this long. Default 10 s. */
  requestTimeoutMs?: number;
}

type Listener<M extends NotificationMethod> = (data: Notifications[M]) => void;

export class SignalingClient {
  #state: ConnectionState = 'connecting';
  readonly #stateListeners = new Set<(state: ConnectionState) => void>();
  readonly #url: string;
  readonly #policy: ReconnectPolicy;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, { resolve: (data: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  readonly #listeners = new Map<string, Set<(data: never) => void>>();
  readonly #reconnectListeners = new Set<() => void>();
  #socket: WebSocket | null = null;
  #nextId = 1;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #everConnected = false;

  constructor(options: SignalingClientOptions = {}) {
    this.#url = options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.#policy = options.reconnectPolicy ?? new BackoffWithJitter();
    this.#timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.#open();
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Calls `listener` with the current state and each change; returns the unsubscribe function. */
  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    listener(this.#state);
    return () => this.#stateListeners.delete(listener);
  }

  /** Resolves once connected (at once when already connected). */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const off = this.onStateChange((state) => {
        if (state === 'connected') resolve();
        else if (state === 'closed') reject(new Error('signaling closed'));
        else return;
        queueMicrotask(() => off());
      });
    });
  }

  request<M extends SignalingMethod>(method: M, data: SignalingRequestData<M>): Promise<SignalingResponses[M]> {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new SignalingError({ code: 'SERVICE_UNAVAILABLE', message: t('call.signaling.notConnected') }));
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new SignalingError({ code: 'SERVICE_UNAVAILABLE', message: t('call.signaling.timedOut') }));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve: resolve as (d: unknown) => void, reject, timer });
      socket.send(JSON.stringify({ type: 'request', id, method, data }));
    });
  }

  on<M extends NotificationMethod>(method: M, listener: Listener<M>): () => void {
    const set = this.#listeners.get(method) ?? new Set();
    set.add(listener as (data: never) => void);
    this.#listeners.set(method, set);
    return () => set.delete(listener as (data: never) => void);
  }

  /** Called after every reconnect (not the first connect): time to rejoin. */
  onReconnected(listener: () => void): () => void {
    this.#reconnectListeners.add(listener);
    return () => this.#reconnectListeners.delete(listener);
  }

  /** Drops the socket as a network failure would (for tests and the "reconnect" button). */
  dropConnection(): void {
    this.#socket?.close(4000, 'dropped');
  }

  /**
   * Gives up the current socket without waiting for it and connects again at once: after the network
   * came back, a socket whose packets were lost meanwhile may take seconds to notice (TCP retries back
   * off), while a new connection goes through now. The rejoin (or resume) follows as after any
   * reconnect. The old socket is closed only a while later: its close reaching the server first would
   * take this browser out of its room before the new connection could resume its place there.
   */
  reconnectNow(): void {
    if (this.#state === 'closed') return;
    const stale = this.#socket;
    if (stale) {
      stale.onopen = stale.onmessage = stale.onclose = null;
      setTimeout(() => stale.close(4001, 'network changed'), STALE_SOCKET_CLOSE_MS);
    }
    this.#socket = null;
    this.#failPending();
    clearTimeout(this.#retryTimer);
    this.#setState('reconnecting');
    this.#open();
  }

  close(): void {
    clearTimeout(this.#retryTimer);
    this.#setState('closed');
    this.#socket?.close(1000, 'bye');
    this.#socket = null;
    this.#failPending();
  }

  #open(): void {
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      const reconnected = this.#everConnected;
      this.#everConnected = true;
      this.#attempt = 0;
      this.#setState('connected');
      if (reconnected) for (const listener of this.#reconnectListeners) listener();
    };
    socket.onmessage = (event) => this.#receive(String(event.data));
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#failPending();
      if (this.state === 'closed') return;
      const delay = this.#policy.nextDelayMs(this.#attempt++);
      if (delay === null) {
        this.#setState('closed');
        return;
      }
      this.#setState('reconnecting');
      this.#retryTimer = setTimeout(() => this.#open(), delay);
    };
  }

  #receive(text: string): void {
    const message = JSON.parse(text) as ResponseEnvelope | { type: 'notification'; method: string; data: never };
    if (message.type === 'notification') {
      for (const listener of this.#listeners.get(message.method) ?? []) listener(message.data);
      return;
    }
    if (message.id === null) {
      console.warn('signaling error without request', message);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.ok) pending.resolve(message.data);
    else pending.reject(new SignalingError(message.error));
  }

  #failPending(): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new SignalingError({ code: 'SERVICE_UNAVAILABLE', message: t('call.signaling.dropped') }));
      this.#pending.delete(id);
    }
  }

  #setState(next: ConnectionState): void {
    if (next === this.#state) return;
    this.#state = next;
    for (const listener of this.#stateListeners) listener(next);
  }
}
