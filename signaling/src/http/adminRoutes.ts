/**
 * Administration over HTTP (admin role): jurisdiction webhooks, the working-day calendar, webhook
 * failures; and the audit chain check (admin and supervisors).
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  appendAudit,
  deleteCalendarDay,
  deleteWebhook,
  failingDeliveries,
  listCalendarDays,
  listWebhooks,
  retryDeliveriesNow,
  setCalendarDay,
  setWebhook,
  verifyAuditChain,
} from '@vwindow/db';
import { parseOrThrow } from '../errors';
import type { AppEnv, AppServices } from './context';
import { readJson } from './requestBody';
import { requireRole } from './staffSession';
import { t } from '../protocol';

const codeParam = z.string().regex(/^\d{6}$/);
const dateParam = z.iso.date();
const webhookRequest = z.strictObject({ url: z.url({ protocol: /^https?$/, message: t('server.detail.webhookUrl') }).max(500) });
const calendarRequest = z.strictObject({ kind: z.enum(['holiday', 'workday']), name: z.string().trim().max(40).default('') });

export function adminRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const db = () => services.database.db;
  const audit = (actorId: number, action: string, entityId: string, after: unknown) =>
    appendAudit(db(), { actorId, action, entityType: action.split('.')[0]!, entityId, after });

  app.get('/audit/verify', requireRole('admin', 'supervisor'), (c) => c.json({ audit: verifyAuditChain(db()) }));

  app.use('/admin/*', requireRole('admin'));
  app.get('/admin/webhooks', (c) => c.json({ webhooks: listWebhooks(db()).map(({ secret: _secret, ...w }) => w) }));
  app.put('/admin/webhooks/:code', async (c) => {
    const code = parseOrThrow(codeParam, c.req.param('code'));
    const { url } = await readJson(c, webhookRequest);
    const secret = randomBytes(24).toString('base64url');
    setWebhook(db(), { jurisdictionCode: code, url, secret, updatedAt: new Date() });
    audit(c.var.staff.id, 'webhook.set', code, { url });
    retryDeliveriesNow(db(), { jurisdictionCode: code }, new Date());
    // The signing key is shown once, to be configured in the receiving system.
    return c.json({ webhook: { jurisdictionCode: code, url, secret } });
  });
  app.delete('/admin/webhooks/:code', (c) => {
    const code = parseOrThrow(codeParam, c.req.param('code'));
    deleteWebhook(db(), code);
    audit(c.var.staff.id, 'webhook.removed', code, null);
    return c.body(null, 204);
  });
  app.get('/admin/webhook-failures', (c) => c.json({ failures: failingDeliveries(db()) }));
  app.post('/admin/webhook-deliveries/:id/retry', (c) => {
    const id = parseOrThrow(z.coerce.number().int().positive(), c.req.param('id'));
    return c.json({ retried: retryDeliveriesNow(db(), { id }, new Date()) });
  });

  app.get('/admin/calendar', (c) => c.json({ days: listCalendarDays(db()) }));
  app.put('/admin/calendar/:date', async (c) => {
    const date = parseOrThrow(dateParam, c.req.param('date'));
    const day = await readJson(c, calendarRequest);
    setCalendarDay(db(), { date, ...day });
    audit(c.var.staff.id, 'calendar.set', date, day);
    return c.json({ day: { date, ...day } });
  });
  app.delete('/admin/calendar/:date', (c) => {
    const date = parseOrThrow(dateParam, c.req.param('date'));
    deleteCalendarDay(db(), date);
    audit(c.var.staff.id, 'calendar.removed', date, null);
    return c.body(null, 204);
  });
  return app;
}
