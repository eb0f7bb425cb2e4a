/**
 * A clerk's view of the session's guests (第三方): read once, then kept current from the
 * 'guest.updated' pushes; the actions (invite, admit, refuse, remove) go to the HTTP API, whose
 * GuestService decides. The invitation's one-time link is kept only in this page's memory.
 */
import type { ErrorBody, GuestInvitation, GuestRole, GuestView } from '$shared';
import { signaling } from '$lib/signaling/connection';

export class SessionGuests {
  guests = $state<GuestView[]>([]);
  /** The last invitation made here: its link is shown (with its QR code) until the guest knocks. */
  invitation = $state<GuestInvitation | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  readonly #sessionId: string;
  readonly #off: () => void;

  constructor(sessionId: string) {
    this.#sessionId = sessionId;
    this.#off = signaling().on('guest.updated', ({ guest }) => {
      if (guest.sessionId === this.#sessionId) this.#put(guest);
    });
    void this.#load();
  }

  async invite(role: GuestRole): Promise<void> {
    await this.#act(`/api/sessions/${this.#sessionId}/guests`, { role }, (body: { invitation: GuestInvitation }) => {
      this.invitation = body.invitation;
      this.#put(body.invitation.guest);
    });
  }

  admit(guestId: number): Promise<void> {
    return this.#decide(guestId, 'admit');
  }

  refuse(guestId: number): Promise<void> {
    return this.#decide(guestId, 'refuse');
  }

  remove(guestId: number): Promise<void> {
    return this.#decide(guestId, 'remove');
  }

  close(): void {
    this.#off();
  }

  #decide(guestId: number, action: 'admit' | 'refuse' | 'remove'): Promise<void> {
    return this.#act(`/api/sessions/${this.#sessionId}/guests/${guestId}/${action}`, undefined, (body: { guest: GuestView }) => this.#put(body.guest));
  }

  async #act<T>(path: string, json: unknown, done: (body: T) => void): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      const response = await fetch(path, {
        method: 'POST',
        ...(json === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }),
      });
      const body = (await response.json()) as T | ErrorBody;
      if (body && typeof body === 'object' && 'error' in body) this.error = body.error.message;
      else done(body);
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }

  async #load(): Promise<void> {
    try {
      const response = await fetch(`/api/sessions/${this.#sessionId}/guests`);
      const body = (await response.json()) as { guests: GuestView[] } | ErrorBody;
      if ('guests' in body) for (const guest of body.guests) this.#put(guest);
    } catch {
      // Offline for now: the pushes keep the list once the connection is back.
    }
  }

  #put(guest: GuestView): void {
    const others = this.guests.filter((g) => g.id !== guest.id);
    this.guests = [...others, guest].sort((a, b) => a.id - b.id);
    if (this.invitation?.guest.id === guest.id && guest.status !== 'invited') this.invitation = null;
  }
}
