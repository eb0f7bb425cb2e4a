/**
 * A room's data channel: one data producer on the room's router (over a DirectTransport), consumed by
 * every browser's receiving transport from the moment it joins. Nothing is sent on it. What it does is
 * give a receiving transport something to receive before there is any media, so that the browser
 * connects it (ICE, DTLS, SCTP) while standing by: the other side's camera then flows at the accept
 * over a connection that is already up instead of one made at that moment.
 */
import type { types } from 'mediasoup';
import type { DataConsumerInfo } from '../protocol';

export class RoomChannel {
  readonly #router: types.Router;
  #direct: Promise<types.DirectTransport> | null = null;
  #producer: Promise<types.DataProducer> | null = null;
  #closed = false;

  constructor(router: types.Router) {
    this.#router = router;
  }

  /** A consumer of the channel on `transport` (a receiving transport made with SCTP enabled). */
  async consumerFor(transport: types.WebRtcTransport): Promise<DataConsumerInfo> {
    if (this.#closed) throw new Error('the room channel is closed');
    if (!this.#producer) {
      const direct = this.#router.createDirectTransport();
      this.#direct = direct;
      this.#producer = direct.then((transport) => (this.#closed ? Promise.reject(new Error('the room channel is closed')) : transport.produceData({ label: 'room' })));
      this.#producer.catch(() => {
        // The next join tries again.
        this.#producer = null;
        void direct.then((transport) => transport.close()).catch(() => undefined);
      });
    }
    const producer = await this.#producer;
    const consumer = await transport.consumeData({ dataProducerId: producer.id });
    return { id: consumer.id, dataProducerId: producer.id, sctpStreamParameters: consumer.sctpStreamParameters, label: consumer.label, protocol: consumer.protocol };
  }

  /** Closes the channel (its transport on the shared router, and so every consumer of it); safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#direct?.then((transport) => transport.close()).catch(() => undefined);
  }
}
