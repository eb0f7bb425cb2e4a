/**
 * Every error a person can act on: a stable code, its HTTP status, and (in locales/) a plain sentence.
 * Shared by browser and server; the server sends { error: { code, message } }.
 */
export const errorStatus = {
  BAD_JSON: 400,
  VALIDATION_FAILED: 400,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_REQUIRED: 401,
  AUTH_TOO_MANY_FAILURES: 429,
  AUTH_BUSY: 429,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_METHOD: 400,
  BAD_MESSAGE: 400,
  SESSION_NOT_FOUND: 404,
  SESSION_ALREADY_TAKEN: 409,
  SESSION_NOT_WAITING: 409,
  SESSION_NOT_ACTIVE: 409,
  MATTER_NOT_IN_JURISDICTION: 400,
  NO_SERVICE_POINT: 409,
  NOT_IN_ROOM: 409,
  MEDIA_FAILED: 500,
  CAPTURE_NOT_FOUND: 404,
  CAPTURE_TYPE_NOT_ALLOWED: 415,
  CAPTURE_TYPE_MISMATCH: 415,
  UPLOAD_TRUNCATED: 400,
  LENGTH_REQUIRED: 411,
  MATERIAL_NOT_IN_MATTER: 400,
  IDENTITY_NOT_VERIFIED: 409,
  CASE_NOT_FOUND: 404,
  CASE_ILLEGAL_TRANSITION: 409,
  CASE_EXISTS: 409,
  CASE_STATUS_NOT_FOUND: 404,
  RATING_NOT_FOUND: 404,
  RATING_EXPIRED: 410,
  RATING_ALREADY_GIVEN: 409,
  RATING_NOT_READY: 409,
  FOLLOW_UP_NOT_FOUND: 404,
  FOLLOW_UP_ILLEGAL_STEP: 409,
  APPEAL_NOT_FOUND: 404,
  APPEAL_DECIDED: 409,
  APPEAL_PENDING: 409,
  UNKNOWN_JURISDICTION: 400,
  TOO_MANY_ATTEMPTS: 429,
  MEDIA_LIMIT_REACHED: 429,
  WS_ORIGIN_REFUSED: 403,
  CAPTURE_IMAGE_TOO_LARGE: 422,
  CAPTURE_IMAGE_INVALID: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVICE_UNAVAILABLE: 503,
  RECORDING_NOT_FOUND: 404,
  RANGE_NOT_SATISFIABLE: 416,
  RECORDING_NOTICE_REQUIRED: 409,
  RECORDING_UNDER_FOLLOW_UP: 409,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** Which fields were wrong, for VALIDATION_FAILED. */
  fields?: { path: string; message: string }[];
}

export interface ErrorBody {
  error: ErrorPayload;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorStatus, value);
}
