/** What every HTTP handler can reach, and the typed Hono environment. */
import type { HttpBindings } from '@hono/node-server';
import type { Database } from '@vwindow/db';
import type { AdminSettingsService } from '../admin/AdminSettingsService';
import type { StaffDirectory } from '../admin/StaffDirectory';
import type { AuditService } from '../audit/AuditService';
import type { AuthService } from '../auth/AuthService';
import type { CatalogService } from '../catalog/CatalogService';
import type { CaptureService } from '../captures/CaptureService';
import type { CaseService } from '../cases/CaseService';
import type { CaseStatusLookup } from '../cases/CaseStatusLookup';
import type { CaseViews } from '../cases/caseViews';
import type { NoticeService } from '../cases/notices/NoticeService';
import type { SignatureService } from '../signatures/SignatureService';
import type { WebhookDispatcher } from '../cases/WebhookDispatcher';
import type { Config } from '../config';
import type { IdentityService } from '../identity/IdentityService';
import type { FollowUpService } from '../followUps/FollowUpService';
import type { GuestService } from '../guests/GuestService';
import type { RatingService } from '../ratings/RatingService';
import type { SupervisionService } from '../supervision/SupervisionService';
import type { Logger } from '../logger';
import type { WorkerPool } from '../media/WorkerPool';
import type { NetworkProbes } from '../rooms/NetworkProbes';
import type { RoomPlacement } from '../cluster/RoomPlacement';
import type { RoomRegistry } from '../rooms/RoomRegistry';
import type { RecordingService } from '../recording/RecordingService';
import type { RecordingLibrary } from '../recording/RecordingLibrary';
import type { SessionService } from '../sessions/SessionService';
import type { SessionChat } from '../sessions/SessionChat';
import type { ConnectionHub } from '../ws/ConnectionHub';
import type { SignedInStaff } from '../protocol';
import type { ServerTls } from '../tls/serverTls';
import type { TurnRelay } from '../turn/turnRelay';
import type { StaffPresence } from '../ws/staffPresence';

export interface AppServices {
  config: Config;
  /** How the port speaks (plain, given certificate, local CA). */
  tls: ServerTls;
  /** TURN: none, an existing server, or the embedded coturn. */
  turn: TurnRelay;
  logger: Logger;
  database: Database;
  auth: AuthService;
  workers: WorkerPool;
  hub: ConnectionHub;
  /** Who is at a console on any node (this node's connections and the presence other nodes told). */
  staffPresence: StaffPresence;
  sessions: SessionService;
  chat: SessionChat;
  rooms: RoomRegistry;
  /** Which node holds each session's room (cluster/RoomPlacement.ts). */
  placement: RoomPlacement;
  /** The self-test page's network probes. */
  probes: NetworkProbes;
  /** Server-side recording of sessions (录音录像). */
  recording: RecordingService;
  /** Recordings as people reach them: views, files, the notice, purges. */
  recordings: RecordingLibrary;
  captures: CaptureService;
  identity: IdentityService;
  cases: CaseService;
  caseViews: CaseViews;
  caseStatus: CaseStatusLookup;
  /** 签名: documents to sign and the citizen's signatures. */
  signatures: SignatureService;
  /** 一次性告知书. */
  notices: NoticeService;
  webhooks: WebhookDispatcher;
  ratings: RatingService;
  /** 第三方: guests invited into sessions. */
  guests: GuestService;
  followUps: FollowUpService;
  supervision: SupervisionService;
  catalog: CatalogService;
  settings: AdminSettingsService;
  staffDirectory: StaffDirectory;
  audit: AuditService;
  startedAt: Date;
}

export interface AppEnv {
  Bindings: HttpBindings;
  /** `staff` is set by the sign-in guard on every route but the public ones. */
  Variables: { staff: SignedInStaff };
}
