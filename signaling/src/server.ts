/**
 * Starts the whole product in one process on one port: the database (migrated, seeded on first
 * start), the mediasoup worker pool, the Hono API and /ws WebSocket, and the SvelteKit pages.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { deleteExpiredSignIns, maskDatabaseUrl, openStore, roomHolder, seedDemoData, type Database } from '@vwindow/db';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AdminSettingsService } from './admin/AdminSettingsService';
import { StaffDirectory } from './admin/StaffDirectory';
import { AuditService } from './audit/AuditService';
import { AuthService } from './auth/AuthService';
import { CatalogService } from './catalog/CatalogService';
import { CaptureService } from './captures/CaptureService';
import { CaptureStore } from './captures/CaptureStore';
import { CaseService } from './cases/CaseService';
import { CaseStatusLookup } from './cases/CaseStatusLookup';
import { CaseViews } from './cases/caseViews';
import { NoticeService } from './cases/notices/NoticeService';
import { SignatureService } from './signatures/SignatureService';
import { HandwrittenSigner } from './signatures/Signer';
import { WebhookDispatcher } from './cases/WebhookDispatcher';
import { WebhookTargets } from './cases/webhookTargets';
import { IdentityService } from './identity/IdentityService';
import type { Config } from './config';
import { createApp } from './http/app';
import type { AppServices } from './http/context';
import { inBackground } from './background';
import { createLogger, type Logger } from './logger';
import { WorkerPool } from './media/WorkerPool';
import { FollowUpService } from './followUps/FollowUpService';
import { RatingService } from './ratings/RatingService';
import { SupervisionService } from './supervision/SupervisionService';
import { NetworkProbes } from './rooms/NetworkProbes';
import { RoomRegistry } from './rooms/RoomRegistry';
import { RoomPlacement } from './cluster/RoomPlacement';
import { RecordingService } from './recording/RecordingService';
import { RecordingLibrary } from './recording/RecordingLibrary';
import { SessionChat } from './sessions/SessionChat';
import { SessionService } from './sessions/SessionService';
import { SessionPresence } from './sessions/sessionPresence';
import { ConnectionHub } from './ws/ConnectionHub';
import { startLiveNotifications } from './ws/liveNotifications';
import { LiveNotifier } from './ws/notices';
import { StaffPresence } from './ws/staffPresence';
import { openLiveEvents } from './cluster/openLiveEvents';
import type { LiveEvents } from './cluster/liveEvents';
import { loadServerSecret } from './secrets';
import { loadPageHandler } from './web/pageRequests';
import { isImmutableAsset, securityHeaderList } from './http/securityHeaders';
import { registerSignaling } from './ws/signalingRoute';
import { GuestService } from './guests/GuestService';
import { registerGuestSignaling } from './guests/guestSignaling';
import { GUEST_SIGNALING_PATH } from './protocol/guests';
import { resolveServerTls } from './tls/serverTls';
import { startTurnRelay } from './turn/turnRelay';
import { StartupError } from './startupError';

/** How long an idle HTTP connection is kept open (see where the server is made). */
const KEEP_ALIVE_MS = 65_000;

export interface RunningServer {
  /** http://host:port or https://host:port, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  readonly services: AppServices;
  /** Stops accepting, closes connections, workers and the database; safe to call twice. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /**
   * Several nodes on one store (issue 20): the shared PostgreSQL's URL, over which live events (queue,
   * session, case and chat changes, presence) reach every node's consoles by LISTEN/NOTIFY. Absent: one
   * node, events in process (the SQLite store).
   */
  liveEvents?: { databaseUrl?: string; nodeId?: string };
}

function isApiPath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0] ?? '/';
  return path === '/api' || path.startsWith('/api/') || path === '/ws' || path === GUEST_SIGNALING_PATH;
}

export async function startServer(givenConfig: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(givenConfig.logLevel);
  const startedAt = new Date();
  // First what can refuse the start without leaving anything behind: the certificate.
  const tls = await resolveServerTls(givenConfig, logger);
  // Then the embedded TURN server (it refuses a port in use or a missing coturn before anything else).
  const turn = await startTurnRelay(givenConfig, tls, logger);
  // With TLS the sign-in cookie is Secure whatever VWINDOW_COOKIE_SECURE says.
  const config: Config =
    tls.mode === 'plain' ? givenConfig : { ...givenConfig, signIn: { ...givenConfig.signIn, cookieSecure: true } };
  let database: Database | undefined;
  let workers: WorkerPool | undefined;
  let events: LiveEvents | undefined;
  // This node's name among the nodes: configured, or the host name and port (known now unless the port
  // is picked at start, VWINDOW_PORT=0, then after listening). Live events carry the same name.
  const configuredNodeId = config.node.id ?? (config.port !== 0 ? `${hostname()}:${config.port}` : undefined);
  try {
    // PostgreSQL when VWINDOW_DATABASE_URL is set (migrated under its advisory lock), else the SQLite file;
    // live events over the same PostgreSQL (LISTEN/NOTIFY), or in this process.
    events = await openLiveEvents({
      ...options.liveEvents,
      databaseUrl: options.liveEvents?.databaseUrl ?? config.databaseUrl,
      nodeId: options.liveEvents?.nodeId ?? configuredNodeId,
      connectionWaitMs: config.databaseWaitMs,
      logger,
    });
    database = await openStore({ databaseUrl: config.databaseUrl, file: config.databaseFile, maxConnections: config.databaseConnections, connectionWaitMs: config.databaseWaitMs });
    logger.info(config.databaseUrl ? { store: 'postgres', url: maskDatabaseUrl(config.databaseUrl) } : { store: 'sqlite', file: config.databaseFile }, 'database ready');
    if (config.seed === 'demo') {
      const summary = await seedDemoData(database);
      if (summary.seeded) logger.info(summary, 'seeded demo data');
    }
    workers = await WorkerPool.create({
      size: config.workers,
      listenIp: config.rtc.listenIp,
      announcedAddress: config.rtc.announcedAddress,
      portBase: config.rtc.portBase,
      logger,
    });
  } catch (error) {
    workers?.close();
    await database?.close();
    await events?.close();
    await turn.close();
    throw error;
  }
  const auth = new AuthService({
    database,
    signInHours: config.signIn.hours,
    lockoutAttempts: config.signIn.lockoutAttempts,
    lockoutMinutes: config.signIn.lockoutMinutes,
  });
  const hub = new ConnectionHub();
  const staffPresence = new StaffPresence({ hub });
  const live = new LiveNotifier({ hub, events, logger });
  const recordings = new RecordingLibrary({ database, dir: join(config.dataDir, 'recordings') });
  const sessions = new SessionService({
    database,
    live,
    presence: staffPresence,
    callGate: { check: (staff, session) => recordings.requireNotice(staff, session), openAmong: (waiting) => recordings.noticeSatisfiedAmong(waiting) },
    logger,
  });
  const chat = new SessionChat({ database, live });
  recordings.on('noticeConfirmed', (sessionId) => inBackground(logger, 'could not tell the queue of a confirmed recording notice', () => sessions.callGateChanged(sessionId), { sessionId }));
  const iceServers = (staffId: number, until: Date) => turn.iceServers(staffId, until);
  const recording = new RecordingService({
    database,
    sessions,
    dir: join(config.dataDir, 'recordings'),
    ports: config.recording.ports,
    segmentSeconds: config.recording.segmentSeconds,
    enabled: config.recording.enabled,
    logger,
    // With several nodes on one shared data directory, another live node's recordings are not leftovers.
    recordedElsewhere: async (sessionId) => {
      const holder = await roomHolder(database.db, sessionId);
      return holder !== null && holder.nodeId !== configuredNodeId;
    },
  });
  // Which node holds each session's room (one node: always this one). The store is the services' own.
  const placement = new RoomPlacement({ db: database.db, logger, clusterUrl: config.node.clusterUrl, stillOpen: async (ids) => await sessions.stillOpen(ids) });
  const rooms = new RoomRegistry({ workers, sessions, logger, iceServers, placement, onSessionRoom: async (room) => await recording.attachRoom(room) });
  placement.on('lost', (sessionId) => rooms.closeLost(sessionId));
  placement.on('adopted', (sessionId, from) => {
    // Taken from a lost node: first what it recorded and did not register (before this node records anew).
    if (from !== placement.nodeId) void recording.takeOver(sessionId);
    rooms.prepare(sessionId, true);
  });
  // An accept made on another node starts the recording where the room is.
  events.subscribe((event) => {
    if (event.kind === 'session.updated') recording.changedElsewhere(event.sessionId);
  });
  // Clerks connected to a lost node are gone (their pages come back through a live one).
  placement.on('nodeGone', (nodeId) => staffPresence.forgetNode(nodeId));
  placement.on('ended', (sessionId) => rooms.closeEnded(sessionId));
  const probes = new NetworkProbes({ workers, logger, iceServers });
  const presence = new SessionPresence({ database, sessions, presence: staffPresence, logger, waitingMs: config.abandon.waitingSeconds * 1000, activeMs: config.abandon.activeSeconds * 1000 });
  presence.start();
  const store = new CaptureStore({ dir: join(config.dataDir, 'captures'), maxBytes: config.uploadLimitMb * 1024 * 1024 });
  const captures = new CaptureService({ database, live, store });
  const identity = new IdentityService({ database, live });
  const catalog = new CatalogService({ database });
  // Signatures and notices check case access through CaseService, made just below.
  const readable = async (staff: Parameters<CaseService['readable']>[0], caseId: number) => await cases.readable(staff, caseId);
  const notices = new NoticeService({ database, readable });
  const signatures = new SignatureService({ database, live, readable, signer: new HandwrittenSigner() });
  const caseViews = new CaseViews({ database, store, packageParts: () => [signatures, notices] });
  const cases = new CaseService({ database, identity, live, views: caseViews, catalog, notices });
  const targets = new WebhookTargets(config.webhooks);
  const webhooks = new WebhookDispatcher({ database, logger, targets });
  webhooks.start();
  const ratings = new RatingService({
    database,
    sessions,
    secret: loadServerSecret(config.dataDir),
    logger,
    ratingDays: config.ratingDays,
    followUpDays: config.followUpDays,
  });
  await ratings.start();
  const guests = new GuestService({ database, sessions, live, logger });
  // Changes made on other nodes reach the consoles connected here; new connections get what they show.
  const liveNotifications = startLiveNotifications({ events, hub, presence: staffPresence, sessions, chat, captures, identity, cases, signatures, guests, logger });
  hub.onConnect((connection) => inBackground(logger, 'could not send a new connection its queue and sessions', () => liveNotifications.sendCurrent(connection)));
  const followUps = new FollowUpService({ database, catalog });
  const supervision = new SupervisionService({ database, catalog });
  const settings = new AdminSettingsService({ database, catalog, targets });
  const staffDirectory = new StaffDirectory({ database });
  const audit = new AuditService({ database, recordingsDir: join(config.dataDir, 'recordings') });
  const services: AppServices = {
    ...{ config, tls, turn, logger, database, auth, workers, hub, staffPresence, sessions, chat, rooms, placement, probes, recording },
    recordings,
    ...{ captures, identity, cases, caseViews, webhooks, ratings, guests, followUps, supervision, startedAt, signatures, notices },
    ...{ catalog, settings, staffDirectory, audit, caseStatus: new CaseStatusLookup({ database, views: caseViews }) },
  };

  services.recordings.startRetention((error) => logger.error({ err: error }, 'recording retention purge failed'));
  const app = createApp(services);
  const { injectWebSocket, upgradeWebSocket, wss } = createNodeWebSocket({ app });
  registerSignaling(app, services, upgradeWebSocket, wss);
  registerGuestSignaling(app, services, upgradeWebSocket);
  const api = getRequestListener(app.fetch);
  const pages = await loadPageHandler(services);
  // The web app's answers get the API's security headers as defaults (./http/securityHeaders.ts):
  // its pages replace the Content-Security-Policy with their own (svelte.config.js), its hashed
  // assets the Cache-Control.
  const pageHeaders = await securityHeaderList();
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (isApiPath(req.url)) {
      void api(req, res);
      return;
    }
    for (const [name, value] of pageHeaders) {
      if (name === 'cache-control' && isImmutableAsset(req.url ?? '/')) continue;
      res.setHeader(name, value);
    }
    pages(req, res);
  };
  const server: Server =
    tls.mode === 'plain' ? createServer(listener) : createHttpsServer({ cert: tls.cert, key: tls.key }, listener);
  // An idle keep-alive connection stays open longer than a load balancer's or a browser's own idle
  // limit (commonly 60 s): with Node's 5 s, a client reusing one just as the server closed it got
  // ECONNRESET. Headers must still come within the header timeout, which stays above it.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  injectWebSocket(server);

  /** Stops the timers and jobs around sessions, the recorders (their last segments written) and the rooms. */
  const stopSessionWork = async (): Promise<void> => {
    liveNotifications.stop();
    // First out of the cluster (its leases with it), so that closing the rooms writes nothing more.
    await placement.stop().catch((error: unknown) => logger.warn({ err: error }, 'could not take this node out of the cluster'));
    presence.stop();
    await services.webhooks.stop();
    services.ratings.stop();
    services.recordings.stopRetention();
    await services.recording.close();
    services.rooms.close();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // Nothing half-started: what started above stops before the refusal is reported.
    await stopSessionWork();
    services.workers.close();
    await services.database.close();
    await events.close();
    await turn.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new StartupError('VWINDOW_PORT', `cannot listen on ${config.host}:${config.port} (${code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'no permission for this port' : 'no such address on this machine (VWINDOW_HOST)'})`);
    }
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${tls.mode === 'plain' ? 'http' : 'https'}://${host}:${port}`;
  /** Stops everything started above once it listens, in order (a clean stop, or a node that cannot register). */
  const stopAll = async (): Promise<void> => {
    await stopSessionWork();
    services.probes.close();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    services.workers.close();
    await services.database.close();
    await events.close();
    await services.turn.close();
  };
  const nodeId = configuredNodeId ?? `${hostname()}:${port}`;
  try {
    await placement.start({
      nodeId,
      address: { publicUrl: config.node.publicUrl ?? url, mediaAddress: `${config.rtc.announcedAddress ?? config.rtc.listenIp}:${config.rtc.portBase}` },
    });
  } catch (error) {
    await stopAll();
    throw error;
  }

  const sweep = setInterval(() => inBackground(logger, 'could not delete expired sign-ins', () => deleteExpiredSignIns(services.database.db, new Date())), 3_600_000);
  sweep.unref();

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    services,
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        await stopAll();
        logger.info('server stopped');
      })();
      return closing;
    },
  };
}
