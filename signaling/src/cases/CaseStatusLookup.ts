/**
 * 办件进度查询, public (no sign-in, nothing personal): the case number and the last four characters of
 * the ID number must match. An address (an IPv6 one by its /64) that guessed wrong STATUS_LOOKUP_GUESSES
 * times in STATUS_LOOKUP_WINDOW_MS waits (TOO_MANY_ATTEMPTS), whatever it asks next; other addresses are
 * not affected, so a citizen's own lookup always gets its answer. The block's beginning is audited
 * (case_status.blocked). The status page and GET /api/public/case-status both ask here, and count together.
 */
import { appendAudit, type Database } from '@vwindow/db';
import { AppError } from '../errors';
import { AttemptThrottle } from '../limits/attemptThrottle';
import { addressKey } from '../limits/clientAddress';
import type { PublicCaseStatus } from '../protocol';
import type { CaseViews } from './caseViews';

/** Wrong guesses one address may make at the public status lookup per window (API and page together). */
export const STATUS_LOOKUP_GUESSES = 10;
export const STATUS_LOOKUP_WINDOW_MS = 10 * 60_000;

export class CaseStatusLookup {
  readonly #database: Database;
  readonly #views: CaseViews;
  /** Wrong guesses, by address only: one address's guesses never block another's answer. */
  readonly #guesses: AttemptThrottle;

  constructor(options: { database: Database; views: CaseViews; now?: () => Date }) {
    this.#database = options.database;
    this.#views = options.views;
    const now = options.now ?? (() => new Date());
    this.#guesses = new AttemptThrottle({ limit: STATUS_LOOKUP_GUESSES, windowMs: STATUS_LOOKUP_WINDOW_MS, now: () => now().getTime() });
  }

  async find(caseNumber: string, idLast4: string, clientAddress: string): Promise<PublicCaseStatus> {
    const address = addressKey(clientAddress);
    const minutes = this.#guesses.blockedMinutes(address);
    if (minutes > 0) throw new AppError('TOO_MANY_ATTEMPTS', { minutes });
    try {
      return await this.#views.publicStatus(caseNumber, idLast4);
    } catch (error) {
      if (error instanceof AppError && error.code === 'CASE_STATUS_NOT_FOUND' && this.#guesses.record(address)) {
        await appendAudit(this.#database.db, {
          actorId: null,
          action: 'case_status.blocked',
          entityType: 'address',
          entityId: address,
          after: { guesses: STATUS_LOOKUP_GUESSES, minutes: STATUS_LOOKUP_WINDOW_MS / 60_000 },
        });
      }
      throw error;
    }
  }
}
