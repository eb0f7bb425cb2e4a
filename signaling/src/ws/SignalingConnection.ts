/**
 * One signed-in browser's WebSocket: parses and validates each message at the edge, dispatches it to
 * the method's handler, and answers. A bad message gets an error reply and touches nothing else.
 * `Who` is whoever the connection belongs to: a signed-in staff member, or an admitted guest (第三方,
 * ../guests/guestSignaling.ts), each with the handlers of their own.
 */
import type { WSContext } from 'hono/ws';
import { unauditedRefusal, type Refusal } from '../audit/refusals';
import { AppError, answerFor, validationError } from '../errors';
import type { Logger } from '../logger';
import {
  MAX_SIGNALING_MESSAGE_BYTES,
  isSignalingMethod,
  requestEnvelope,
  requestSchemas,
  type NotificationEnvelope,
  type NotificationMethod,
  type Notifications,
  type ResponseEnvelope,
  type SignalingMethod,
  type SignalingResponses,
  type SignedInStaff,
} from '../protocol';
import type { z } from 'zod';

/** Who a connection belongs to, as rooms see them: an id (a guest's is negative) and a name. */
export interface ConnectionIdentity {
  id: number;
  displayName: string;
}

export type Handlers<Who extends ConnectionIdentity = SignedInStaff> = {
  [M in SignalingMethod]: (
    data: z.output<(typeof requestSchemas)[M]>,
    connection: SignalingConnection<Who>,
  ) => Promise<SignalingResponses[M]> | SignalingResponses[M];
};

export class SignalingConnection<Who extends ConnectionIdentity = SignedInStaff> {
  readonly staff: Who;
  readonly #socket: WSContext;
  readonly #logger: Logger;
  readonly #handle: (method: SignalingMethod, data: unknown) => unknown;
  readonly #refused: (refusal: Omit<Refusal, 'actor'>) => Promise<unknown>;
  #closed = false;
  /** The messages of this connection are handled one after the other, in the order they came: this is the last one's turn. */
  #turn: Promise<void> = Promise.resolve();

  /** When the sign-in behind this connection ends (TURN credentials end with it). */
  readonly signInExpiresAt: Date;

  /** `refused` writes the audit row, with this connection's actor, of a refusal no service has recorded (AuditService.refused). */
  constructor(
    staff: Who,
    socket: WSContext,
    handlers: Handlers<Who>,
    logger: Logger,
    signInExpiresAt: Date,
    refused: (refusal: Omit<Refusal, 'actor'>) => Promise<unknown>,
  ) {
    this.staff = staff;
    this.signInExpiresAt = signInExpiresAt;
    this.#socket = socket;
    this.#handle = (method, data) => (handlers[method] as (data: unknown, c: SignalingConnection<Who>) => unknown)(data, this);
    this.#refused = refused;
    this.#logger = logger.child({ staffId: staff.id });
  }

  /** This connection's logger (with the staff id). */
  get logger(): Logger {
    return this.#logger;
  }

  /**
   * Handles one message after every message received before it on this connection has been answered
   * (strictly in order); resolves once it is answered. Never rejects: a handler that fails gets its
   * error reply, and an unexpected failure is logged.
   */
  receive(raw: unknown): Promise<void> {
    const turn = this.#turn.then(() => this.#receiveOne(raw));
    this.#turn = turn;
    return turn;
  }

  async #receiveOne(raw: unknown): Promise<void> {
    let id: number | null = null;
    let method = '';
    try {
      if (typeof raw !== 'string' || raw.length > MAX_SIGNALING_MESSAGE_BYTES) throw new AppError('BAD_MESSAGE', { detail: 'not a text message of at most 64 KiB' });
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new AppError('BAD_JSON');
      }
      const envelope = requestEnvelope.safeParse(json);
      if (!envelope.success) {
        const error = validationError(envelope.error);
        throw new AppError('BAD_MESSAGE', { detail: String(error.params.detail) }, error.fields);
      }
      id = envelope.data.id;
      method = envelope.data.method;
      if (!isSignalingMethod(method)) throw new AppError('UNKNOWN_METHOD', { method: method.slice(0, 64) });
      const parsed = requestSchemas[method].safeParse(envelope.data.data ?? {});
      if (!parsed.success) throw validationError(parsed.error);
      const started = performance.now();
      const data = await this.#handle(method, parsed.data);
      this.#send({ type: 'response', id, ok: true, data });
      this.#logger.debug({ method, ms: Math.round((performance.now() - started) * 10) / 10 }, 'request handled');
    } catch (error) {
      const { answer: appError, unexpected } = answerFor(error);
      if (unexpected) this.#logger.error({ err: error }, 'signaling handler failed');
      else if (appError.status >= 500) this.#logger.error({ err: error, method }, 'signaling request failed');
      if (unauditedRefusal(error)) {
        error.audited = true;
        try {
          await this.#refused({ action: 'access.refused', target: { type: 'ws', id: method.slice(0, 64) }, reason: error.code });
        } catch (auditError) {
          this.#logger.error({ err: auditError }, 'could not record a refusal');
        }
      }
      try {
        this.#send({ type: 'response', id, ok: false, error: appError.toPayload() });
      } catch (sendError) {
        this.#logger.warn({ err: sendError }, 'could not send an error reply');
      }
    }
  }

  notify<M extends NotificationMethod>(method: M, data: Notifications[M]): void {
    this.#send({ type: 'notification', method, data } as NotificationEnvelope);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.close(1000, 'closing');
  }

  get closed(): boolean {
    return this.#closed;
  }

  markClosed(): void {
    this.#closed = true;
  }

  #send(message: ResponseEnvelope | NotificationEnvelope): void {
    if (this.#closed) return;
    this.#socket.send(JSON.stringify(message));
  }
}
