/**
 * The WebSocket protocol, declared once for browser and server. The browser sends requests
 * `{ type: 'request', id, method, data }`; the server answers `{ type: 'response', id, ok, data | error }`
 * and pushes `{ type: 'notification', method, data }`. Each method's request data has a schema that
 * the server checks before anything else happens.
 */
import { z } from 'zod';
import type { ErrorPayload } from './errors';
import { mediaRequestSchemas, type MediaResponses, type NotificationMethod, type Notifications } from './media';
import { probeRequestSchemas, type ProbeResponses } from './networkProbe';
import type { SignedInStaff } from './roles';
import { chatSendRequest, type ChatMessage } from './sessions';

/** The largest signaling message either side takes, in bytes (a larger WebSocket frame closes the socket, 1009). */
export const MAX_SIGNALING_MESSAGE_BYTES = 64 * 1024;

export const requestEnvelope = z.strictObject({
  type: z.literal('request'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().min(1).max(64),
  data: z.unknown().optional(),
});
export type RequestEnvelope = z.infer<typeof requestEnvelope>;

/** Request data schemas, one per method. */
export const requestSchemas = {
  hello: z.strictObject({ client: z.string().max(64).optional() }),
  'chat.send': chatSendRequest,
  ...mediaRequestSchemas,
  ...probeRequestSchemas,
} as const;

export type SignalingMethod = keyof typeof requestSchemas;

/** What each method answers with. */
export interface SignalingResponses extends MediaResponses, ProbeResponses {
  hello: { staff: SignedInStaff; serverTime: string };
  'chat.send': { message: ChatMessage };
}

export type SignalingRequestData<M extends SignalingMethod> = z.input<(typeof requestSchemas)[M]>;

export type ResponseEnvelope =
  | { type: 'response'; id: number; ok: true; data: unknown }
  | { type: 'response'; id: number | null; ok: false; error: ErrorPayload };

export interface NotificationEnvelope<M extends NotificationMethod = NotificationMethod> {
  type: 'notification';
  method: M;
  data: Notifications[M];
}

export function isSignalingMethod(method: string): method is SignalingMethod {
  return Object.hasOwn(requestSchemas, method);
}
