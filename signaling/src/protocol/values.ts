/**
 * Every enumerated domain value, defined once: the drizzle schema (db/src/schema), the server and the
 * browser all import them from here. Plain constants with no imports, so that the schema (and
 * drizzle-kit) can load this module on its own.
 */

/** Staff roles; each lands on its own console after sign-in. */
export const staffRoles = ['local_clerk', 'home_clerk', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** 行政区划 levels. */
export const jurisdictionLevels = ['province', 'city', 'county'] as const;
export type JurisdictionLevel = (typeof jurisdictionLevels)[number];

/** A service point starts sessions (local), takes them (home), or both. */
export const servicePointSides = ['local', 'home', 'both'] as const;
export type ServicePointSide = (typeof servicePointSides)[number];

/** 视频会话. */
export const sessionStatuses = ['waiting', 'active', 'ended', 'cancelled'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

/** 材料采集: a frame taken from a camera, or an uploaded file. */
export const captureKinds = ['still', 'upload'] as const;
export type CaptureKind = (typeof captureKinds)[number];
export const captureStatuses = ['pending', 'accepted', 'recapture_requested'] as const;
export type CaptureStatus = (typeof captureStatuses)[number];

/** 身份核验 verdicts. */
export const identityVerdicts = ['verified', 'not_verified'] as const;
export type IdentityVerdict = (typeof identityVerdicts)[number];

/** 办件. */
export const caseStatuses = ['received', 'accepted', 'declined', 'supplement_requested', 'in_progress', 'completed', 'delivered'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
/** 送达 methods. */
export const deliveryMethods = ['mail', 'pickup', 'electronic'] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];

/** Days that break the Monday–Friday rule: 节假日, or a weekend day worked in exchange (调休). */
export const calendarDayKinds = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof calendarDayKinds)[number];

export const webhookDeliveryStatuses = ['pending', 'delivered'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** 差评整改 and appeals. */
export const followUpStatuses = ['open', 'return_called', 'rectified', 'closed'] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];
export const appealStatuses = ['pending', 'upheld', 'rejected'] as const;
export type AppealStatus = (typeof appealStatuses)[number];
export const appealDecisions = ['upheld', 'rejected'] as const;
export type AppealDecisionValue = (typeof appealDecisions)[number];

/**
 * The supervisor's figures are grouped by these: the whole period, the local service point, the matter
 * and the home clerk (statistics_days keeps one row per day, jurisdiction and group of each).
 */
export const statisticsDimensions = ['total', 'servicePoint', 'matter', 'clerk'] as const;
export type StatisticsDimension = (typeof statisticsDimensions)[number];

/** 即将到期 in the case lists: due within this many working days (and not yet overdue). */
export const DUE_SOON_WORKING_DAYS = 3;

/** A row of a session's recording: a finished segment file, or a gap (the recorder was down). */
export const recordingEntryKinds = ['segment', 'gap'] as const;

/** 第三方: who a guest invited into a session is (手语翻译, 家属, 部门专家). */
export const guestRoles = ['sign_interpreter', 'family_member', 'department_expert'] as const;
export type GuestRole = (typeof guestRoles)[number];
/**
 * A guest invitation: sent (link not used yet), knocking (the guest typed a name and waits), admitted
 * (in the call), refused (by the inviting clerk), removed (taken out of the call). The link is used
 * once, by the knock; the session's end closes it whatever the state.
 */
export const guestStatuses = ['invited', 'knocking', 'admitted', 'refused', 'removed'] as const;
export type GuestStatus = (typeof guestStatuses)[number];
/** 签名: what the citizen signs (a PDF made from the case), and how the signature was made. */
export const signingDocumentKinds = ['application_form', 'receipt'] as const;
export type SigningDocumentKind = (typeof signingDocumentKinds)[number];
/** `handwritten`: an image drawn on the kiosk; a CA-based signature would add its own method. */
export const signatureMethods = ['handwritten'] as const;
export type SignatureMethod = (typeof signatureMethods)[number];

/** 一次性告知书: issued when the home clerk asks for a supplement (补正) or declines (不予受理). */
export const noticeKinds = ['supplement', 'decline'] as const;
export type NoticeKind = (typeof noticeKinds)[number];
/** Working days the citizen has to bring what a supplement notice lists (行政许可法 §32: 五日内). */
export const NOTICE_SUPPLEMENT_WORKING_DAYS = 5;
