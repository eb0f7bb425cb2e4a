/**
 * GET /ws: the signaling WebSocket, for signed-in staff only (the sign-in cookie is checked on upgrade),
 * opened from the product's own pages only (the Origin browsers send on every upgrade must be exactly
 * the product's, or that of another live node of the cluster; a refusal is audited). Frames larger than MAX_SIGNALING_MESSAGE_BYTES are refused by
 * the socket itself as their header arrives (close 1009), before anything is buffered.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import type { UpgradeWebSocket } from 'hono/ws';
import type { WebSocketServer } from 'ws';
import { AppError } from '../errors';
import type { AppEnv, AppServices } from '../http/context';
import { isProductOrigin } from '../http/productOrigin';
import { signInToken } from '../http/staffSession';
import { MAX_SIGNALING_MESSAGE_BYTES } from '../protocol';
import { signalingHandlers } from './handlers';
import { SignalingConnection } from './SignalingConnection';

export function registerSignaling(app: Hono<AppEnv>, services: AppServices, upgradeWebSocket: UpgradeWebSocket, wss: WebSocketServer): void {
  // ws reads this at every upgrade and checks each frame's length from its header.
  wss.options.maxPayload = MAX_SIGNALING_MESSAGE_BYTES;
  const handlers = signalingHandlers(services.sessions, services.chat, services.rooms, services.probes);
  app.get(
    '/ws',
    upgradeWebSocket(async (c) => {
      const signIn = await services.auth.signInForToken(signInToken(c));
      // Browsers always send Origin on an upgrade; a client without one is not a browser page.
      const origin = c.req.header('origin');
      // A page of another node of the cluster opens this one's signaling for a room held here.
      if (origin !== undefined && !isProductOrigin(services.config, origin, c.req.header('host')) && !services.placement.isNodeOrigin(origin)) {
        await services.audit.refused({
          actor: signIn?.staff ?? null,
          address: remoteAddress(c),
          action: 'access.refused',
          target: { type: 'ws', id: `${c.req.method} ${c.req.path}` },
          reason: 'WS_ORIGIN_REFUSED',
          detail: { origin: origin.slice(0, 200), host: (c.req.header('host') ?? '').slice(0, 200) },
        });
        const error = new AppError('WS_ORIGIN_REFUSED');
        error.audited = true;
        throw error;
      }
      if (!signIn) throw new AppError('AUTH_REQUIRED');
      const { staff, expiresAt } = signIn;
      let connection: SignalingConnection | undefined;
      return {
        onOpen(_event, socket) {
          connection = new SignalingConnection(staff, socket, handlers, services.logger, expiresAt, async (refusal) => await services.audit.refused({ ...refusal, actor: staff }));
          services.hub.add(connection);
        },
        onMessage(event) {
          void connection?.receive(event.data);
        },
        onClose() {
          if (!connection) return;
          connection.markClosed();
          services.hub.remove(connection);
          services.rooms.connectionClosed(connection);
          services.probes.closeFor(connection);
        },
      };
    }),
  );
}

function remoteAddress(c: Context<AppEnv>): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}
