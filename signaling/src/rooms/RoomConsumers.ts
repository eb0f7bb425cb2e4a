/**
 * How a room gives its peers what the others publish: one consumer per peer and producer, made on the
 * room's router when the server knows the peer's receiving transport and capabilities (a join with
 * capabilities, an adoption from standby, a new producer announced), or when the browser asks
 * (`consumer.create`); and the peers told of a new producer with its consumer ready.
 */
import type { types } from 'mediasoup';
import type { Logger } from '../logger';
import type { ConsumerInfo } from '../protocol';
import { producerInfo, type ConsumerAppData, type Peer, type ProducerAppData } from './Peer';
import { checkedByMediasoup } from './mediaInput';

export class RoomConsumers {
  readonly #router: types.Router;
  readonly #sessionId: string;
  readonly #logger: Logger;

  constructor(router: types.Router, sessionId: string, logger: Logger) {
    this.#router = router;
    this.#sessionId = sessionId;
    this.#logger = logger;
  }

  /** Whether a browser with `rtpCapabilities` can receive `producerId`. */
  canConsume(producerId: string, rtpCapabilities: types.RtpCapabilities): boolean {
    return this.#router.canConsume({ producerId, rtpCapabilities });
  }

  /** A consumer for `peer` of each of `producers` (the others') that it can receive. */
  forNewcomer(peer: Peer, producers: types.Producer<ProducerAppData>[], transportId: string, rtpCapabilities: types.RtpCapabilities): Promise<ConsumerInfo[]> {
    return Promise.all(
      producers
        .filter((producer) => this.canConsume(producer.id, rtpCapabilities))
        .map((producer) => this.consumerFor(peer, producer, transportId, rtpCapabilities)),
    );
  }

  /** Tells `peer` of a new producer, with its consumer ready when the peer's browser lets the server make it. */
  async announce(peer: Peer, producer: types.Producer<ProducerAppData>): Promise<void> {
    let consumer: ConsumerInfo | undefined;
    const receiving = peer.receiving;
    if (receiving && this.canConsume(producer.id, receiving.rtpCapabilities)) {
      try {
        consumer = await this.consumerFor(peer, producer, receiving.transportId, receiving.rtpCapabilities);
      } catch (error) {
        // The browser can still ask for it (consumer.create) when told without one.
        this.#logger.warn({ err: error, producerId: producer.id, staffId: peer.staff.id }, 'could not make a consumer ahead');
      }
    }
    if (peer.closed || producer.closed) return;
    peer.connection.notify('producer.new', { sessionId: this.#sessionId, producer: producerInfo(producer), consumer });
  }

  /** The peer's one consumer of `producer`, made on first request. */
  consumerFor(peer: Peer, producer: types.Producer<ProducerAppData>, transportId: string, rtpCapabilities: types.RtpCapabilities): Promise<ConsumerInfo> {
    return peer.consumerFor(producer.id, () => this.#make(peer, producer, transportId, rtpCapabilities));
  }

  #make(peer: Peer, producer: types.Producer<ProducerAppData>, transportId: string, rtpCapabilities: types.RtpCapabilities): Promise<ConsumerInfo> {
    // Paused until the browser has it (consumer.resume), so that no media reaches the browser before it
    // can take it; but on a transport that has not connected yet nothing can, and a consumer that
    // starts with the connection asks for its keyframe without waiting for that round trip.
    return makeConsumer(peer, producer, transportId, rtpCapabilities, (transport) => transport.dtlsState !== 'new');
  }

  /** A consumer made paused (transport connected) starts; one made running already did. */
  async resume(peer: Peer, consumerId: string): Promise<void> {
    const consumer = peer.consumer(consumerId);
    if (consumer.paused) await consumer.resume();
  }
}

/**
 * Makes `peer`'s consumer of `producer` on its transport `transportId` (counted against its limits),
 * paused when `paused(transport)` says so, and describes it for the browser.
 */
export async function makeConsumer(
  peer: Peer,
  producer: types.Producer<ProducerAppData>,
  transportId: string,
  rtpCapabilities: types.RtpCapabilities,
  paused: (transport: types.WebRtcTransport) => boolean,
): Promise<ConsumerInfo> {
  const transport = peer.transport(transportId);
  const consumer = await peer.making('consumers', async () => {
    const made = await checkedByMediasoup(() =>
      transport.consume<ConsumerAppData>({ producerId: producer.id, rtpCapabilities, paused: paused(transport), appData: { producerId: producer.id } }),
    );
    peer.addConsumer(made, producer.id);
    return made;
  });
  return {
    id: consumer.id,
    producerId: producer.id,
    kind: consumer.kind,
    rtpParameters: consumer.rtpParameters,
    source: producer.appData.source,
    staffId: producer.appData.staffId,
    side: producer.appData.side,
  };
}
