/**
 * Who may publish what in a room: a listen-only observer nothing, a document camera only the local
 * clerk, a shared screen only one of the two clerks, and a microphone is audio and nothing else is.
 */
import { AppError } from '../errors';
import { t, type MediaSource, type PeerSide } from '../protocol';
import type { types } from 'mediasoup';

/** Throws FORBIDDEN or VALIDATION_FAILED when a peer on `side` may not publish `kind` from `source`. */
export function checkPublishing(side: PeerSide, source: MediaSource, kind: types.MediaKind): void {
  if (side === 'observer') throw new AppError('FORBIDDEN');
  if (source === 'document' && side !== 'local') throw new AppError('FORBIDDEN');
  if (source === 'screen' && side !== 'local' && side !== 'home') throw new AppError('FORBIDDEN');
  if ((source === 'microphone') !== (kind === 'audio')) {
    throw new AppError('VALIDATION_FAILED', { detail: t('server.detail.sourceKindMismatch', { source, kind }) });
  }
}
