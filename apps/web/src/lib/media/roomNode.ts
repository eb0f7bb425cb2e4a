/**
 * Following a session's room to the server node that holds it (several servers sharing one
 * database): a join may be answered "elsewhere" (RoomElsewhere), naming that node's signaling URL, or
 * none while the node holding it goes away (its lease lapses within seconds and a live node makes the
 * room again). The room then asks again, a bounded number of times.
 */
import type { SignalingClient } from '../signaling/SignalingClient';

/** How many times a join follows "elsewhere" (or waits for the room to be re-created) before giving up: ~20 s. */
export const MAX_ROOM_HOPS = 20;
/** The wait before asking again when the room's node is going away or could not be reached. */
export const ROOM_RETRY_MS = 1000;
/** How long connecting to the room's node may take. */
const CONNECT_MS = 3000;

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `client` connects within a few seconds (false: it closed, or took too long). */
export async function connectsInTime(client: SignalingClient): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CONNECT_MS)));
  try {
    return await Promise.race([client.ready().then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}
