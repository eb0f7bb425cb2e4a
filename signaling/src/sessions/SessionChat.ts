/**
 * The chat of a session (文字交流): the two clerks and the supervisors over it write while it is active;
 * whoever may see the session reads its history. Each line is pushed to the session's watchers on
 * every node (a live event), never kept anywhere but the store.
 */
import { chatHistory, findSession, insertChatMessage, type Database, type SessionRow } from '@vwindow/db';
import { AppError } from '../errors';
import type { ChatMessage, SignedInStaff } from '../protocol';
import { notice, sessionWatchers, type LiveNotifier, type Notice } from '../ws/notices';
import { refusal, sideOf } from './access';

export interface SessionChatOptions {
  database: Database;
  live: LiveNotifier;
  now?: () => Date;
}

export class SessionChat {
  readonly #database: Database;
  readonly #live: LiveNotifier;
  readonly #now: () => Date;

  constructor(options: SessionChatOptions) {
    this.#database = options.database;
    this.#live = options.live;
    this.#now = options.now ?? (() => new Date());
  }

  get #db() {
    return this.#database.db;
  }

  /** `staff` says `text` in the session (refused, audited, unless they are in it; only while it is active). */
  async send(staff: SignedInStaff, sessionId: string, text: string): Promise<ChatMessage> {
    const session = await this.#mustFind(sessionId);
    const side = sideOf(staff, session);
    if (side === null) throw await refusal(this.#db, staff, 'chat.refused', { type: 'session', id: sessionId });
    if (session.status !== 'active') throw new AppError('SESSION_NOT_ACTIVE');
    const row = await insertChatMessage(this.#db, { sessionId, senderId: staff.id, text, createdAt: this.#now() });
    const message: ChatMessage = {
      id: row.id,
      sessionId,
      sender: { id: staff.id, displayName: staff.displayName, side },
      text: row.text,
      sentAt: row.createdAt.toISOString(),
    };
    this.#live.tell({ kind: 'chat.message', sessionId, messageId: message.id }, [notice(sessionWatchers(session), 'chat.message', { message })]);
    return message;
  }

  /** Everything said in the session, oldest first, for whoever may see it. */
  async history(staff: SignedInStaff, sessionId: string): Promise<ChatMessage[]> {
    const session = await this.#mustFind(sessionId);
    if (sideOf(staff, session) === null) throw await refusal(this.#db, staff, 'chat.read_refused', { type: 'session', id: sessionId });
    return await this.#history(session);
  }

  /** A chat message of a session, to its clerks and the supervisors over it (another node's live event). */
  async notices(sessionId: string, messageId: number): Promise<Notice[]> {
    const session = await findSession(this.#db, sessionId);
    const message = session && (await this.#history(session)).find((m) => m.id === messageId);
    return message ? [notice(sessionWatchers(session), 'chat.message', { message })] : [];
  }

  async #history(session: SessionRow): Promise<ChatMessage[]> {
    const sessionId = session.id;
    return (await chatHistory(this.#db, sessionId)).map(({ message, senderName }) => ({
      id: message.id,
      sessionId,
      sender: {
        id: message.senderId,
        displayName: senderName,
        side: message.senderId === session.localClerkId ? 'local' : message.senderId === session.homeClerkId ? 'home' : 'observer',
      },
      text: message.text,
      sentAt: message.createdAt.toISOString(),
    }));
  }

  async #mustFind(id: string): Promise<SessionRow> {
    const session = await findSession(this.#db, id);
    if (!session) throw new AppError('SESSION_NOT_FOUND');
    return session;
  }
}
