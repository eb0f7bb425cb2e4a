/**
 * The tables of the store the test server runs on, for integration tests that read or change rows
 * directly: the SQLite schema's until startTestServer opens a PostgreSQL store, then PostgreSQL's (see
 * db/src/store.ts). Live bindings: import them like the ones of @vwindow/db and use them once the
 * server has started.
 */
import { tablesOf, type Db, type Tables } from '@vwindow/db';
import * as sqliteSchema from '@vwindow/db/schema';

export let auditLog: Tables['auditLog'] = sqliteSchema.auditLog;
export let auditCheckpoints: Tables['auditCheckpoints'] = sqliteSchema.auditCheckpoints;
export let cases: Tables['cases'] = sqliteSchema.cases;
export let caseCaptures: Tables['caseCaptures'] = sqliteSchema.caseCaptures;
export let caseEvents: Tables['caseEvents'] = sqliteSchema.caseEvents;
export let calendarDays: Tables['calendarDays'] = sqliteSchema.calendarDays;
export let jurisdictionWebhooks: Tables['jurisdictionWebhooks'] = sqliteSchema.jurisdictionWebhooks;
export let webhookDeliveries: Tables['webhookDeliveries'] = sqliteSchema.webhookDeliveries;
export let jurisdictions: Tables['jurisdictions'] = sqliteSchema.jurisdictions;
export let servicePoints: Tables['servicePoints'] = sqliteSchema.servicePoints;
export let matters: Tables['matters'] = sqliteSchema.matters;
export let matterMaterials: Tables['matterMaterials'] = sqliteSchema.matterMaterials;
export let clusterNodes: Tables['clusterNodes'] = sqliteSchema.clusterNodes;
export let roomLeases: Tables['roomLeases'] = sqliteSchema.roomLeases;
export let signingDocuments: Tables['signingDocuments'] = sqliteSchema.signingDocuments;
export let signatures: Tables['signatures'] = sqliteSchema.signatures;
export let caseNotices: Tables['caseNotices'] = sqliteSchema.caseNotices;
export let matterNoticeBases: Tables['matterNoticeBases'] = sqliteSchema.matterNoticeBases;
export let sessionGuests: Tables['sessionGuests'] = sqliteSchema.sessionGuests;
export let ratings: Tables['ratings'] = sqliteSchema.ratings;
export let followUps: Tables['followUps'] = sqliteSchema.followUps;
export let ratingAppeals: Tables['ratingAppeals'] = sqliteSchema.ratingAppeals;
export let recordings: Tables['recordings'] = sqliteSchema.recordings;
export let recordingNotices: Tables['recordingNotices'] = sqliteSchema.recordingNotices;
export let recordingPolicies: Tables['recordingPolicies'] = sqliteSchema.recordingPolicies;
export let matterRecordingPolicies: Tables['matterRecordingPolicies'] = sqliteSchema.matterRecordingPolicies;
export let sessions: Tables['sessions'] = sqliteSchema.sessions;
export let captures: Tables['captures'] = sqliteSchema.captures;
export let identityChecks: Tables['identityChecks'] = sqliteSchema.identityChecks;
export let chatMessages: Tables['chatMessages'] = sqliteSchema.chatMessages;
export let staff: Tables['staff'] = sqliteSchema.staff;
export let signIns: Tables['signIns'] = sqliteSchema.signIns;
export let statisticsDayMarks: Tables['statisticsDayMarks'] = sqliteSchema.statisticsDayMarks;
export let statisticsDays: Tables['statisticsDays'] = sqliteSchema.statisticsDays;

/** Points the bindings above at the tables of the store `db` belongs to (startTestServer calls it). */
export function useTablesOf(db: Db): void {
  const t = tablesOf(db);
  auditLog = t.auditLog;
  auditCheckpoints = t.auditCheckpoints;
  cases = t.cases;
  caseCaptures = t.caseCaptures;
  caseEvents = t.caseEvents;
  calendarDays = t.calendarDays;
  jurisdictionWebhooks = t.jurisdictionWebhooks;
  webhookDeliveries = t.webhookDeliveries;
  jurisdictions = t.jurisdictions;
  servicePoints = t.servicePoints;
  matters = t.matters;
  matterMaterials = t.matterMaterials;
  clusterNodes = t.clusterNodes;
  roomLeases = t.roomLeases;
  signingDocuments = t.signingDocuments;
  signatures = t.signatures;
  caseNotices = t.caseNotices;
  matterNoticeBases = t.matterNoticeBases;
  sessionGuests = t.sessionGuests;
  ratings = t.ratings;
  followUps = t.followUps;
  ratingAppeals = t.ratingAppeals;
  recordings = t.recordings;
  recordingNotices = t.recordingNotices;
  recordingPolicies = t.recordingPolicies;
  matterRecordingPolicies = t.matterRecordingPolicies;
  sessions = t.sessions;
  captures = t.captures;
  identityChecks = t.identityChecks;
  chatMessages = t.chatMessages;
  staff = t.staff;
  signIns = t.signIns;
  statisticsDayMarks = t.statisticsDayMarks;
  statisticsDays = t.statisticsDays;
}
