/** The chat of one session as the call view keeps it: in order of sending, each message once. */
import type { ChatMessage } from '$shared';

/** Adds `incoming` to `messages` (history, live pushes and our own echo may overlap), ordered by id. */
export function mergeMessages(messages: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const byId = new Map<number, ChatMessage>();
  for (const message of [...messages, ...incoming]) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

const clock = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** '09:05:07', Beijing time. */
export function formatClock(iso: string): string {
  return clock.format(new Date(iso));
}
