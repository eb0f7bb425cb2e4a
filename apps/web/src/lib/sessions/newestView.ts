/**
 * Which of two views of one session is the newer, whatever order they arrived in (a page load that
 * started before a change can arrive after the push that announced it). A session only moves forward —
 * waiting → active → ended, or waiting → cancelled — and while it waits its place in the queue only
 * improves; so the view further along is the newer one, and of two equal ones the later to arrive.
 */
import type { SessionView } from '$shared';

const STAGE: Record<SessionView['status'], number> = { waiting: 0, active: 1, ended: 2, cancelled: 2 };

/** `arrived` unless `held` is further along. */
export function newestView(held: SessionView, arrived: SessionView): SessionView {
  if (held.id !== arrived.id) return arrived;
  const stage = STAGE[arrived.status] - STAGE[held.status];
  if (stage !== 0) return stage > 0 ? arrived : held;
  if (held.status === 'waiting' && held.queuePosition !== null && arrived.queuePosition !== null && arrived.queuePosition > held.queuePosition) return held;
  return arrived;
}
