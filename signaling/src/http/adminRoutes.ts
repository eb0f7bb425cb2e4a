/**
 * Administration over HTTP (admin role): jurisdiction webhooks, the working-day calendar, webhook
 * failures, the audit log; and the audit chain check (admin and supervisors). Thin adapters over
 * AdminSettingsService and AuditService, which the admin pages call too.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { parseOrThrow } from '../errors';
import { auditQuery, auditVerifyQuery } from '../protocol';
import type { AppEnv, AppServices } from './context';
import { readJson } from './requestBody';
import { requireRole } from './staffSession';

export function adminRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { settings, audit } = services;

  app.get('/audit/verify', requireRole('admin', 'supervisor'), async (c) => {
    const { full } = parseOrThrow(auditVerifyQuery, c.req.query());
    return c.json({ audit: await audit.verify(c.var.staff, { full: full === '1' }) });
  });

  app.use('/admin/*', requireRole('admin'));
  app.get('/admin/audit', async (c) => c.json({ entries: await audit.list(c.var.staff, parseOrThrow(auditQuery, c.req.query())) }));
  app.get('/admin/webhooks', async (c) => c.json({ webhooks: await settings.webhooks(c.var.staff) }));
  app.put('/admin/webhooks/:code', async (c) => {
    const { secret, url, jurisdictionCode } = await settings.setWebhook(c.var.staff, c.req.param('code'), await readJson(c, z.unknown()));
    // The signing key is shown once, to be configured in the receiving system.
    return c.json({ webhook: { jurisdictionCode, url, secret } });
  });
  app.delete('/admin/webhooks/:code', async (c) => {
    await settings.removeWebhook(c.var.staff, c.req.param('code'));
    return c.body(null, 204);
  });
  app.get('/admin/webhook-failures', async (c) => c.json({ failures: await settings.failures(c.var.staff) }));
  app.post('/admin/webhook-deliveries/:id/retry', async (c) => {
    const id = parseOrThrow(z.coerce.number().int().positive(), c.req.param('id'));
    return c.json({ retried: await settings.retryDelivery(c.var.staff, id) });
  });

  app.get('/admin/calendar', async (c) => c.json({ days: await settings.calendar(c.var.staff) }));
  app.put('/admin/calendar/:date', async (c) => {
    const day = await settings.setCalendarDay(c.var.staff, c.req.param('date'), await readJson(c, z.unknown()));
    return c.json({ day });
  });
  app.delete('/admin/calendar/:date', async (c) => {
    await settings.removeCalendarDay(c.var.staff, c.req.param('date'));
    return c.body(null, 204);
  });
  return app;
}
