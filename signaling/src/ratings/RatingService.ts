/**
 * 好差评 after a session: a one-time rating link per ended session (kiosk or QR code), five levels,
 * reasons for a bad one, 基本满意 by default when nobody rated before expiry. A bad rating opens a
 * follow-up for the home jurisdiction's supervisor; a clerk may appeal, a supervisor decides.
 */
import { createHash, createHmac } from 'node:crypto';
import {
  appendAudit,
  applyDefaultRatings,
  calendarOverrides,
  findSession,
  openFollowUp,
  openRating,
  ratingByToken,
  ratingOfSession,
  sessionDetails,
  submitRating,
  type Database,
  type RatingRow,
} from '@vwindow/db';
import { addWorkingDays, beijingDate } from '../cases/workingDays';
import { inBackground } from '../background';
import { AppError } from '../errors';
import { createLogger, type Logger } from '../logger';
import { isBadRating, type RatingLevel, type RatingLink, type RatingPage, type RatingSubmission, type SignedInStaff } from '../protocol';
import { refusal, sideOf } from '../sessions/access';
import type { SessionService } from '../sessions/SessionService';

export interface RatingServiceOptions {
  database: Database;
  sessions: SessionService;
  secret: Buffer;
  /** How long a rating link stays open. */
  ratingDays: number;
  /** Working days a supervisor has to close a bad rating's follow-up. */
  followUpDays: number;
  now?: () => Date;
  /** Where the sweeps and the rating opened at a session's end log their failures. */
  logger?: Logger;
}

const DEFAULT_LEVEL: RatingLevel = 3;

export class RatingService {
  readonly #options: RatingServiceOptions;
  readonly #now: () => Date;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: RatingServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#logger = options.logger ?? createLogger();
    options.sessions.on('closed', (sessionId) => inBackground(this.#logger, 'could not open the rating of an ended session', () => this.open(sessionId), { sessionId }));
  }

  get #db() {
    return this.#options.database.db;
  }

  /** Applies defaults now and then every minute; `stop()` ends it. */
  async start(): Promise<void> {
    await this.applyDefaults();
    this.#timer ??= setInterval(() => inBackground(this.#logger, 'could not apply the default ratings', () => this.applyDefaults()), 60_000);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** The session's rating token: derived, so the same link can be shown again; stored only as a hash. */
  tokenFor(sessionId: string): string {
    return createHmac('sha256', this.#options.secret).update(`rating:${sessionId}`).digest('base64url');
  }

  /** Opens the rating of an ended session (cancelled ones are not rated). Safe to call twice. */
  async open(sessionId: string): Promise<void> {
    const session = await findSession(this.#db, sessionId);
    if (!session || session.status !== 'ended') return;
    const endedAt = session.endedAt ?? this.#now();
    await openRating(this.#db, {
      sessionId,
      tokenHash: hashToken(this.tokenFor(sessionId)),
      expiresAt: new Date(endedAt.getTime() + this.#options.ratingDays * 86_400_000),
      homeClerkId: session.homeClerkId,
      localServicePointId: session.localServicePointId,
      homeServicePointId: session.homeServicePointId,
      createdAt: this.#now(),
    });
  }

  /** The link the local clerk shows on the kiosk or as a QR code (either clerk of the session may ask). */
  async link(staff: SignedInStaff, sessionId: string): Promise<RatingLink> {
    const session = await findSession(this.#db, sessionId);
    if (!session) throw new AppError('SESSION_NOT_FOUND');
    const side = sideOf(staff, session);
    if (side !== 'local' && side !== 'home') throw await refusal(this.#db, staff, 'rating.link_refused', { type: 'session', id: sessionId });
    if (session.status !== 'ended') throw new AppError('RATING_NOT_READY');
    await this.open(sessionId);
    const rating = (await ratingOfSession(this.#db, sessionId))!;
    return {
      sessionId,
      path: `/rate/${this.tokenFor(sessionId)}`,
      expiresAt: rating.expiresAt.toISOString(),
      rated: rating.level !== null && !rating.isDefault,
    };
  }

  async page(token: string): Promise<RatingPage> {
    const rating = await this.#byToken(token);
    const details = (await sessionDetails(this.#db, rating.sessionId))!;
    // Expired: past expiry unrated, or already given the default 基本满意.
    const expired = rating.isDefault || (rating.level === null && rating.expiresAt <= this.#now());
    return {
      matterName: details.matter.name,
      localServicePoint: details.localServicePoint.name,
      homeJurisdiction: details.homeJurisdictionName,
      homeClerk: details.homeClerkName,
      endedAt: details.session.endedAt?.toISOString() ?? null,
      expiresAt: rating.expiresAt.toISOString(),
      state: expired ? 'expired' : rating.level !== null ? 'rated' : 'open',
      level: (rating.level as RatingLevel | null) ?? null,
    };
  }

  /** The citizen's one rating. A bad one opens a follow-up with a working-day deadline. */
  async submit(token: string, submission: RatingSubmission): Promise<RatingPage> {
    const before = await this.#byToken(token);
    const now = this.#now();
    const reasons = isBadRating(submission.level) ? submission.reasons : [];
    const comment = submission.comment === '' ? null : submission.comment;
    const rated = await submitRating(this.#db, hashToken(token), { level: submission.level, reasons, comment, at: now });
    if (!rated) {
      const now = await ratingByToken(this.#db, hashToken(token));
      if ((before.level !== null && !before.isDefault) || (now?.level != null && !now.isDefault)) throw new AppError('RATING_ALREADY_GIVEN');
      await this.applyDefaults();
      throw new AppError('RATING_EXPIRED', { days: this.#options.ratingDays });
    }
    await appendAudit(this.#db, { actorId: null, action: 'rating.given', entityType: 'rating', entityId: String(rated.id), after: { level: rated.level } });
    if (isBadRating(submission.level)) await this.#openFollowUp(rated, now);
    return await this.page(token);
  }

  /** Unrated sessions past their expiry are recorded as 基本满意 and marked as defaults. */
  async applyDefaults(): Promise<number> {
    return await applyDefaultRatings(this.#db, this.#now(), DEFAULT_LEVEL);
  }

  async #openFollowUp(rating: RatingRow, now: Date): Promise<void> {
    const session = (await findSession(this.#db, rating.sessionId))!;
    const deadline = addWorkingDays(beijingDate(now), this.#options.followUpDays, await calendarOverrides(this.#db));
    await openFollowUp(this.#db, { ratingId: rating.id, jurisdictionCode: session.homeJurisdictionCode, status: 'open', deadline, createdAt: now });
    await appendAudit(this.#db, { actorId: null, action: 'follow_up.opened', entityType: 'rating', entityId: String(rating.id), after: { deadline } });
  }

  async #byToken(token: string): Promise<RatingRow> {
    const rating = await ratingByToken(this.#db, hashToken(token));
    if (!rating) throw new AppError('RATING_NOT_FOUND');
    return rating;
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
