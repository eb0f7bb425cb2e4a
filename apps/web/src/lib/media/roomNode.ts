/**
 * Following a session's room to the server node that holds it (several servers sharing one
 * database): a join may be answered "elsewhere" (RoomElsewhere), naming that node's signaling URL, or
 * none while the node holding it goes away (its lease lapses within seconds and a live node makes the
 * room again). The room then asks again, a bounded number of times.
 */
import type { RoomElsewhere } from '$shared';
import type { SignalingClient } from '../signaling/SignalingClient';
import { roomSignaling } from '../signaling/connection';

/** How many times a join follows "elsewhere" (or waits for the room to be re-created) before giving up: ~20 s. */
export const MAX_ROOM_HOPS = 20;
/** The wait before asking again when the room's node is going away or could not be reached. */
const ROOM_RETRY_MS = 1000;
/** How long connecting to the room's node may take. */
const CONNECT_MS = 3000;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `client` connects within a few seconds (false: it closed, or took too long). */
async function connectsInTime(client: SignalingClient): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CONNECT_MS)));
  try {
    return await Promise.race([client.ready().then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A media room's signaling: the page's own connection (`home`), or one to the node holding the room.
 * `subscribe` puts the room's listeners on whichever is in use; when a connection to another node
 * closes (that node went away, or the way to it), the room goes back to `home` and `onNodeLost` asks
 * it where the room is now.
 */
export class RoomLink {
  readonly home: SignalingClient;
  #current: SignalingClient;
  #off: (() => void)[] = [];
  readonly #subscribe: (client: SignalingClient) => (() => void)[];
  readonly #onNodeLost: () => void;

  constructor(home: SignalingClient, subscribe: (client: SignalingClient) => (() => void)[], onNodeLost: () => void) {
    this.home = home;
    this.#current = home;
    this.#subscribe = subscribe;
    this.#onNodeLost = onNodeLost;
    this.#listen(home);
  }

  /** The connection the room's requests go over now. */
  get current(): SignalingClient {
    return this.#current;
  }

  /** Goes over to the node named by an "elsewhere" answer; back to `home`, after a pause, when it cannot be reached. */
  async follow(answer: RoomElsewhere): Promise<void> {
    const wsUrl = answer.elsewhere.wsUrl;
    if (wsUrl !== null) {
      const next = roomSignaling(wsUrl);
      this.#use(next);
      if (await connectsInTime(next)) return;
    }
    this.#use(this.home);
    await pause(ROOM_RETRY_MS);
  }

  /** Stops listening; a connection to another node closes once `after` (the leave) settles. */
  close(after: Promise<unknown> = Promise.resolve()): void {
    for (const off of this.#off) off();
    this.#off = [];
    const current = this.#current;
    if (current !== this.home) void after.finally(() => current.close());
  }

  #use(client: SignalingClient): void {
    const previous = this.#current;
    if (previous === client) return;
    for (const off of this.#off) off();
    this.#current = client;
    this.#listen(client);
    if (previous !== this.home) previous.close();
  }

  #listen(client: SignalingClient): void {
    this.#off = this.#subscribe(client);
    if (client === this.home) return;
    this.#off.push(
      client.onStateChange((state) => {
        if (state !== 'closed' || this.#current !== client) return;
        this.#use(this.home);
        this.#onNodeLost();
      }),
    );
  }
}
