/** GET /ws: the signaling WebSocket, for signed-in staff only (the sign-in cookie is checked on upgrade). */
import type { Hono } from 'hono';
import type { UpgradeWebSocket } from 'hono/ws';
import { AppError } from '../errors';
import type { AppEnv, AppServices } from '../http/context';
import { signInToken } from '../http/staffSession';
import { signalingHandlers } from './handlers';
import { SignalingConnection } from './SignalingConnection';

export function registerSignaling(app: Hono<AppEnv>, services: AppServices, upgradeWebSocket: UpgradeWebSocket): void {
  const handlers = signalingHandlers(services.sessions, services.rooms, services.probes);
  app.get(
    '/ws',
    upgradeWebSocket((c) => {
      // Browsers send Origin on WebSocket upgrades; only pages of this server may open one.
      const origin = c.req.header('origin');
      if (origin !== undefined && URL.canParse(origin) && new URL(origin).host !== c.req.header('host')) throw new AppError('FORBIDDEN');
      const signIn = services.auth.signInForToken(signInToken(c));
      if (!signIn) throw new AppError('AUTH_REQUIRED');
      const { staff, expiresAt } = signIn;
      let connection: SignalingConnection | undefined;
      return {
        onOpen(_event, socket) {
          connection = new SignalingConnection(staff, socket, handlers, services.logger, expiresAt);
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
