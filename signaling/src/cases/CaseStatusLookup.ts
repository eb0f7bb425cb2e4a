/**
 * 办件进度查询, public (no sign-in, nothing personal): the case number and the last four characters of
 * the ID number must match. Ten wrong guesses per client address, and per case number, in ten
 * minutes; then TOO_MANY_ATTEMPTS. The status page and GET /api/public/case-status both ask here.
 */
import { AppError } from '../errors';
import { AttemptThrottle } from './attemptThrottle';
import type { PublicCaseStatus } from '../protocol';
import type { CaseViews } from './caseViews';

export class CaseStatusLookup {
  readonly #views: CaseViews;
  readonly #throttle = new AttemptThrottle({ limit: 10, windowMs: 10 * 60_000 });

  constructor(options: { views: CaseViews }) {
    this.#views = options.views;
  }

  find(caseNumber: string, idLast4: string, clientAddress: string): PublicCaseStatus {
    const keys = [`ip:${clientAddress}`, `case:${caseNumber}`];
    const minutes = Math.max(...keys.map((k) => this.#throttle.blockedMinutes(k)));
    if (minutes > 0) throw new AppError('TOO_MANY_ATTEMPTS', { minutes });
    try {
      return this.#views.publicStatus(caseNumber, idLast4);
    } catch (error) {
      if (error instanceof AppError && error.code === 'CASE_STATUS_NOT_FOUND') keys.forEach((k) => this.#throttle.fail(k));
      throw error;
    }
  }
}
