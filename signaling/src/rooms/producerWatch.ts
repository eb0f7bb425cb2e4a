/**
 * What the room watches of each producer a browser publishes: the keyframes reaching a video producer,
 * for its consumers that are waiting for a layer (keyFrames.ts), and, for a camera, the packets the
 * worker must ask again, which tell of a congested link to the browser that publishes it
 * (uplinkLoss.ts).
 */
import type { types } from 'mediasoup';
import { watchKeyFrames } from './keyFrames';
import type { ProducerAppData } from './Peer';
import { watchUplinkLoss } from './uplinkLoss';

export interface ProducerWatchers {
  /** The consumers of the producer now (a producer handed on is consumed in another room). */
  consumersOf: () => types.Consumer[];
  /** The link to the browser publishing this camera is congested. */
  linkCongested: () => void;
}

/** Watches `producer`; watching it again changes whom to tell, it adds no second listener. */
export function watchProducer(producer: types.Producer<ProducerAppData>, watchers: ProducerWatchers): void {
  if (producer.kind !== 'video') return;
  watchKeyFrames(producer, watchers.consumersOf);
  if (producer.appData.source === 'camera') watchUplinkLoss(producer, watchers.linkCongested);
}
