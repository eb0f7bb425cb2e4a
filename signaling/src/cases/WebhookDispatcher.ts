/**
 * Sends queued case events to each jurisdiction's webhook: JSON, signed with HMAC-SHA256, retried with
 * exponential backoff (1 s doubling to 5 min) until the receiver answers 2xx. The queue is the
 * webhook_deliveries table, so nothing pending is lost across restarts. `stop()` is safe to call twice.
 * Each attempt is checked again against WebhookTargets, on the addresses it actually connects to;
 * redirects are not followed; over http (development) the applicant is sent masked.
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dueDeliveries, markAttemptFailed, markDelivered, webhookOf, type Database, type WebhookDeliveryRow } from '@vwindow/db';
import { inBackground } from '../background';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { webhookPayloadFor } from '../privacy/citizenData';
import type { WebhookTargets } from './webhookTargets';

export interface WebhookDispatcherOptions {
  database: Database;
  logger: Logger;
  targets: WebhookTargets;
  /** How often to look for due deliveries. Default 500 ms. */
  pollMs?: number;
  /** First retry delay, doubled per attempt. Default 1 s. */
  baseDelayMs?: number;
  /** Longest retry delay. Default 5 min. */
  maxDelayMs?: number;
  /** Per-request timeout. Default 5 s. */
  timeoutMs?: number;
}

export function signatureOf(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhookDispatcher {
  readonly #options: Required<Omit<WebhookDispatcherOptions, 'database' | 'logger' | 'targets'>> & Pick<WebhookDispatcherOptions, 'database' | 'logger' | 'targets'>;
  #timer: NodeJS.Timeout | undefined;
  /** The tick under way, if any. */
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(options: WebhookDispatcherOptions) {
    this.#options = { pollMs: 500, baseDelayMs: 1000, maxDelayMs: 300_000, timeoutMs: 5000, ...options };
  }

  start(): void {
    if (this.#timer || this.#stopped) return;
    // A tick that fails (the database away for a moment) is logged; the next one tries again.
    this.#timer = setInterval(() => inBackground(this.#options.logger, 'webhook deliveries: could not read or send', () => this.tick()), this.#options.pollMs);
    this.#timer.unref();
  }

  /** Sends what is due now; one tick at a time. */
  async tick(): Promise<void> {
    if (this.#running || this.#stopped) return;
    const running = this.#deliverDue();
    this.#running = running;
    try {
      await running;
    } finally {
      this.#running = null;
    }
  }

  async #deliverDue(): Promise<void> {
    for (const delivery of await dueDeliveries(this.#options.database.db, new Date())) {
      if (this.#stopped) break;
      await this.#send(delivery);
    }
  }

  /** No tick after this; resolves once a tick under way has finished (before the database closes). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  async #send(delivery: WebhookDeliveryRow): Promise<void> {
    const { database, logger } = this.#options;
    const hook = await webhookOf(database.db, delivery.jurisdictionCode);
    let error: string | null;
    if (!hook) {
      error = 'no webhook configured for the jurisdiction';
    } else {
      try {
        error = await this.#post(hook.url, hook.secret, delivery);
      } catch (e) {
        error = (e as Error).message;
      }
    }
    if (this.#stopped && error) return;
    if (error === null) {
      await markDelivered(database.db, delivery.id, new Date());
      return;
    }
    // Without a webhook there is nothing to try: wait the longest delay (a new webhook, or "retry", sends it).
    const delay = hook ? Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** delivery.attempts) : this.#options.maxDelayMs;
    await markAttemptFailed(database.db, delivery.id, error, new Date(Date.now() + delay));
    logger.warn({ delivery: delivery.id, attempts: delivery.attempts + 1, error, retryInMs: delay }, 'webhook delivery failed');
  }

  /** One attempt: null when the receiver answered 2xx, else what went wrong (a refused address included). */
  #post(target: string, secret: string, delivery: WebhookDeliveryRow): Promise<string | null> {
    const { url, lookup } = this.#options.targets.connectionFor(target);
    const body = JSON.stringify(webhookPayloadFor(delivery.payload, url));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: 'POST',
          lookup,
          // A connection of its own each time, so that every delivery resolves and checks the address again.
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-vwindow-event': delivery.event,
            'x-vwindow-delivery': String(delivery.id),
            'x-vwindow-signature': signatureOf(secret, body),
          },
          signal: AbortSignal.timeout(this.#options.timeoutMs),
        },
        (response) => {
          response.resume();
          const status = response.statusCode ?? 0;
          // A redirect is an answer like any other non-2xx: not followed.
          resolve(status >= 200 && status < 300 ? null : `HTTP ${status}`);
        },
      );
      req.on('error', (e) => (e instanceof AppError ? resolve(e.message) : reject(e)));
      req.end(body);
    });
  }
}
