/**
 * Sessions live while someone is at them. A waiting session whose local window has had no signaling
 * connection for `waitingMs` (its clerk closed the tab, the hall's network went) leaves the queue; an
 * active session where neither clerk has had one for `activeMs` is ended. Both are marked 已放弃 and
 * audited (SessionService.abandon). Presence is the clerk's signaling connection, any tab: the waiting
 * page and the call keep one open. Checked every `checkMs`; `stop()` is safe to call twice.
 */
import { openSessions, type Database } from '@vwindow/db';
import { inBackground } from '../background';
import type { Logger } from '../logger';
import type { StaffPresence } from '../ws/staffPresence';
import type { SessionService } from './SessionService';

export interface SessionPresenceOptions {
  database: Database;
  sessions: SessionService;
  /** Who is at a console on any node. */
  presence: Pick<StaffPresence, 'offlineSince'>;
  logger: Logger;
  /** VWINDOW_ABANDON_WAITING_SECONDS, default 2 minutes. */
  waitingMs: number;
  /** VWINDOW_ABANDON_ACTIVE_SECONDS, default 5 minutes. */
  activeMs: number;
  /** Default a quarter of the shorter time, between 250 ms and 15 s. */
  checkMs?: number;
  now?: () => number;
}

export class SessionPresence {
  readonly #options: SessionPresenceOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: SessionPresenceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    if (this.#timer) return;
    const checkMs = this.#options.checkMs ?? Math.min(15_000, Math.max(250, Math.min(this.#options.waitingMs, this.#options.activeMs) / 4));
    this.#timer = setInterval(() => inBackground(this.#options.logger, 'could not check for abandoned sessions', () => this.check()), checkMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Gives up every open session nobody has been at for its time; returns their ids. */
  async check(): Promise<string[]> {
    const { presence, sessions, database } = this.#options;
    const now = this.#now();
    const abandoned: string[] = [];
    for (const session of await openSessions(database.db)) {
      const clerks = session.status === 'waiting' ? [session.localClerkId] : [session.localClerkId, session.homeClerkId];
      const away = clerks.map((id) => (id === null ? 0 : presence.offlineSince(id)));
      if (away.some((since) => since === null)) continue;
      const from = Math.max(...(away as number[]), (session.acceptedAt ?? session.createdAt).getTime());
      const limit = session.status === 'waiting' ? this.#options.waitingMs : this.#options.activeMs;
      if (now - from < limit) continue;
      try {
        if ((await sessions.abandon(session.id, Math.round((now - from) / 1000)))) abandoned.push(session.id);
      } catch (error) {
        this.#options.logger.error({ err: error, sessionId: session.id }, 'could not give up an abandoned session');
      }
    }
    if (abandoned.length > 0) this.#options.logger.info({ sessions: abandoned }, 'abandoned sessions given up');
    return abandoned;
  }
}
