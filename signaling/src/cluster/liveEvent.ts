/**
 * The live events nodes tell each other (issue 20): "this changed", by kind and ids, never the views
 * themselves. Each node's ConnectionHub, on an event, reads what it needs from the store and pushes its
 * own clerks' notifications (signaling/src/protocol/media.ts Notifications), so an event stays small
 * (PostgreSQL's NOTIFY payload is under 8000 bytes) and carries no personal data.
 *
 * One definition of every kind here; the wire form is an envelope { v, origin, seq, event } as JSON.
 */
import { z } from 'zod';

const sessionId = z.uuid();
const rowId = z.int().positive();
/** Captures and signatures are keyed by UUIDs (text ids). */
const uuidId = z.uuid();
const nodeId = z.string().min(1).max(64);

export const liveEventSchema = z.discriminatedUnion('kind', [
  /** A jurisdiction's waiting queue changed (a session joined, left, was accepted, its call gate opened). */
  z.strictObject({ kind: z.literal('queue.changed'), jurisdictionCode: z.string().regex(/^\d{6}$/) }),
  /** A session's state changed (accepted, ended, its queue position). */
  z.strictObject({ kind: z.literal('session.updated'), sessionId }),
  z.strictObject({ kind: z.literal('chat.message'), sessionId, messageId: rowId }),
  /** A capture was added (`created`) or its status changed. */
  z.strictObject({ kind: z.literal('capture.changed'), sessionId, captureId: uuidId, created: z.boolean() }),
  z.strictObject({ kind: z.literal('identity.recorded'), sessionId, verdictId: rowId }),
  z.strictObject({ kind: z.literal('case.updated'), sessionId, caseId: rowId }),
  z.strictObject({ kind: z.literal('signature.added'), sessionId, caseId: rowId, signatureId: uuidId }),
  z.strictObject({ kind: z.literal('guest.updated'), sessionId, guestId: rowId }),
  /** A staff member's first connection on `node` opened or their last one there closed. */
  z.strictObject({ kind: z.literal('presence.changed'), staffId: rowId, node: nodeId, online: z.boolean() }),
  /**
   * `node` started, or its listening connection came back after events may have been missed: every node
   * forgets what it knew of `node`'s presence, then every node tells its own again (presence.changed).
   */
  z.strictObject({ kind: z.literal('presence.sync'), node: nodeId }),
  /** A session's room is now on `node` (created, or re-created there after its node was lost). */
  z.strictObject({ kind: z.literal('room.placed'), sessionId, node: nodeId }),
]);

export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveEventKind = LiveEvent['kind'];

/** Who published an event: the node's id and its own running number (unique per publish). */
export interface LiveEventOrigin {
  node: string;
  seq: number;
}

const envelopeSchema = z.strictObject({
  v: z.literal(1),
  origin: nodeId,
  seq: z.int().nonnegative(),
  event: liveEventSchema,
});

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7_999;

/** The wire form of one event; throws when the event is not one of the kinds above or too large. */
export function encodeLiveEvent(event: LiveEvent, origin: LiveEventOrigin): string {
  const payload = JSON.stringify(envelopeSchema.parse({ v: 1, origin: origin.node, seq: origin.seq, event }));
  const bytes = Buffer.byteLength(payload);
  if (bytes > MAX_PAYLOAD_BYTES) throw new RangeError(`A live event of ${bytes} bytes is over the ${MAX_PAYLOAD_BYTES}-byte limit: send ids, not views`);
  return payload;
}

/** The event in a wire payload, or null when it is not one (another version, a bad or foreign payload). */
export function decodeLiveEvent(payload: string): { event: LiveEvent; origin: LiveEventOrigin } | null {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return null;
  return { event: parsed.data.event, origin: { node: parsed.data.origin, seq: parsed.data.seq } };
}
