/**
 * The administrator's settings for cases: each home jurisdiction's webhook (a new signing secret,
 * shown once, each time it is set), the deliveries that keep failing, and the working-day calendar
 * (节假日 / 调休). Every change is validated, written to the audit log, and — for a webhook — makes
 * the jurisdiction's pending deliveries due now. The settings page and /api/admin/* both call this.
 */
import { randomBytes } from 'node:crypto';
import {
  appendAudit,
  deleteCalendarDay,
  deleteWebhook,
  failingDeliveries,
  findCase,
  listCalendarDays,
  listWebhooks,
  retryDeliveriesNow,
  setCalendarDay,
  setWebhook,
  type Database,
} from '@vwindow/db';
import { recordRefusal, refused } from '../audit/refusals';
import type { CatalogService } from '../catalog/CatalogService';
import type { WebhookTargets } from '../cases/webhookTargets';
import { AppError, parseOrThrow } from '../errors';
import { maskApplicant } from '../privacy/citizenData';
import {
  calendarDateParam,
  calendarDayRequest,
  jurisdictionCodeParam,
  webhookRequest,
  type AdminSettings,
  type CalendarDay,
  type SignedInStaff,
  type WebhookFailure,
  type WebhookSet,
  type WebhookSummary,
} from '../protocol';

export interface AdminSettingsServiceOptions {
  database: Database;
  catalog: CatalogService;
  /** Where webhooks may go (https only, no internal addresses unless allowlisted). */
  targets: WebhookTargets;
  now?: () => Date;
}

export class AdminSettingsService {
  readonly #database: Database;
  readonly #catalog: CatalogService;
  readonly #targets: WebhookTargets;
  readonly #now: () => Date;

  constructor(options: AdminSettingsServiceOptions) {
    this.#database = options.database;
    this.#catalog = options.catalog;
    this.#targets = options.targets;
    this.#now = options.now ?? (() => new Date());
  }

  get #db() {
    return this.#database.db;
  }

  /** Everything the settings page shows. */
  async settings(staff: SignedInStaff): Promise<AdminSettings> {
    await this.#admin(staff, 'settings.read_refused', 'all');
    return {
      jurisdictions: (await this.#catalog.homeJurisdictions()).map((place) => ({ code: place.code, name: place.fullName })),
      webhooks: await this.webhooks(staff),
      failures: await this.failures(staff),
      calendar: await this.calendar(staff),
    };
  }

  async webhooks(staff: SignedInStaff): Promise<WebhookSummary[]> {
    await this.#admin(staff, 'webhook.read_refused', 'all');
    const places = await this.#catalog.jurisdictions();
    return (await listWebhooks(this.#db)).map((hook) => ({
      jurisdictionCode: hook.jurisdictionCode,
      jurisdictionName: places.fullName(hook.jurisdictionCode),
      url: hook.url,
      updatedAt: hook.updatedAt.toISOString(),
    }));
  }

  /**
   * Sets (or replaces) a home jurisdiction's webhook with a new signing secret, returned this once. A URL
   * that is not https, or whose host resolves to an internal address, is refused (audited) unless the
   * configuration allows it (WebhookTargets).
   */
  async setWebhook(staff: SignedInStaff, code: string, request: unknown): Promise<WebhookSet> {
    await this.#admin(staff, 'webhook.change_refused', String(code));
    const jurisdictionCode = parseOrThrow(jurisdictionCodeParam, code);
    const { url } = parseOrThrow(webhookRequest, request);
    if (!(await this.#catalog.homeJurisdictions()).some((place) => place.code === jurisdictionCode)) throw new AppError('UNKNOWN_JURISDICTION');
    try {
      await this.#targets.check(url);
    } catch (cause) {
      if (!(cause instanceof AppError)) throw cause;
      await recordRefusal(this.#db, { actor: staff, action: 'webhook.change_refused', target: { type: 'webhook', id: jurisdictionCode }, reason: cause.code, detail: { url, ...cause.params } });
      cause.audited = true;
      throw cause;
    }
    const secret = randomBytes(24).toString('base64url');
    const now = this.#now();
    await setWebhook(this.#db, { jurisdictionCode, url, secret, updatedAt: now });
    await this.#audit(staff, 'webhook.set', jurisdictionCode, { url });
    const retried = await retryDeliveriesNow(this.#db, { jurisdictionCode }, now);
    return { jurisdictionCode, url, secret, retried };
  }

  async removeWebhook(staff: SignedInStaff, code: string): Promise<void> {
    await this.#admin(staff, 'webhook.change_refused', String(code));
    const jurisdictionCode = parseOrThrow(jurisdictionCodeParam, code);
    await deleteWebhook(this.#db, jurisdictionCode);
    await this.#audit(staff, 'webhook.removed', jurisdictionCode, null);
  }

  /** Deliveries still pending after at least one failed attempt, each with its event (the applicant masked). */
  async failures(staff: SignedInStaff): Promise<WebhookFailure[]> {
    await this.#admin(staff, 'webhook.read_refused', 'failures');
    const places = await this.#catalog.jurisdictions();
    return await Promise.all((await failingDeliveries(this.#db)).map(async (delivery) => ({
      id: delivery.id,
      caseId: delivery.caseId,
      caseNumber: (await findCase(this.#db, delivery.caseId))?.caseNumber ?? String(delivery.caseId),
      jurisdictionCode: delivery.jurisdictionCode,
      jurisdictionName: places.fullName(delivery.jurisdictionCode),
      event: delivery.event,
      attempts: delivery.attempts,
      nextAttemptAt: delivery.nextAttemptAt.toISOString(),
      lastError: delivery.lastError,
      payload: maskApplicant(delivery.payload),
    })));
  }

  /** Makes one pending delivery due now; how many were (0 or 1). */
  async retryDelivery(staff: SignedInStaff, id: number): Promise<number> {
    await this.#admin(staff, 'webhook.change_refused', `delivery:${id}`);
    const retried = await retryDeliveriesNow(this.#db, { id }, this.#now());
    if (retried > 0) await this.#audit(staff, 'webhook.retried', String(id), { deliveryId: id }, 'webhook_delivery');
    return retried;
  }

  async calendar(staff: SignedInStaff): Promise<CalendarDay[]> {
    await this.#admin(staff, 'calendar.read_refused', 'all');
    return await listCalendarDays(this.#db);
  }

  async setCalendarDay(staff: SignedInStaff, date: string, request: unknown): Promise<CalendarDay> {
    await this.#admin(staff, 'calendar.change_refused', String(date));
    const day = { date: parseOrThrow(calendarDateParam, date), ...parseOrThrow(calendarDayRequest, request) };
    await setCalendarDay(this.#db, day);
    await this.#audit(staff, 'calendar.set', day.date, { kind: day.kind, name: day.name });
    return day;
  }

  async removeCalendarDay(staff: SignedInStaff, date: string): Promise<void> {
    await this.#admin(staff, 'calendar.change_refused', String(date));
    const day = parseOrThrow(calendarDateParam, date);
    await deleteCalendarDay(this.#db, day);
    await this.#audit(staff, 'calendar.removed', day, null);
  }

  async #admin(staff: SignedInStaff, action: string, id: string): Promise<void> {
    if (staff.role !== 'admin') throw await refused(this.#db, { actor: staff, action, target: { type: action.split('.')[0]!, id }, reason: 'FORBIDDEN' });
  }

  async #audit(staff: SignedInStaff, action: string, entityId: string, after: unknown, entityType = action.split('.')[0]!): Promise<void> {
    await appendAudit(this.#db, { actorId: staff.id, action, entityType, entityId, after });
  }
}
