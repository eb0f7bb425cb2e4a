/**
 * The other side of a media room as this browser receives it: one consumer per producer of the others
 * (with the consumer the server made ahead, or one asked for), the remote tracks the call view draws
 * (reactive), what was announced while the join was under way, and the catch-up after a resume. And
 * the consumers the server makes before 受理 (consumer.ahead, see signaling's rooms/AheadConsumers.ts):
 * set up at once but not drawn, they become the call's tracks when the server hands them out.
 * MediaRoom owns the transports; this reads them through `RemoteContext`.
 */
import type { Device, types } from 'mediasoup-client';
import type { ConsumerInfo, JoinedRoom, MediaSource, PeerSide, ProducerInfo, ResumedRoom } from '$shared';
import { SignalingError, type SignalingClient } from '../signaling/SignalingClient';
import { ConsumedProducers } from './ConsumedProducers';
import { ConsumersAhead } from './ConsumersAhead';

export interface RemoteTrack {
  producerId: string;
  consumerId: string;
  staffId: number;
  side: PeerSide;
  source: MediaSource;
  kind: 'audio' | 'video';
  track: MediaStreamTrack;
  paused: boolean;
}

/** What the remote side needs of its room: the receiving transport and device now, the room's id, whether a join is under way. */
export interface RemoteContext {
  signaling(): SignalingClient;
  recv(): types.Transport | null;
  device(): Device | null;
  roomId(): string;
  joining(): boolean;
}

/** A performance mark (the benchmark reads them to show where the time goes). */
export function mark(name: string): void {
  performance.mark(`vwindow:${name}`);
}

/**
 * A handler for a failed consume. The server refusing it (the producer or consumer went away
 * meanwhile, as around a reconnect, whose rejoin consumes again) is an answer of the protocol, not
 * worth a console line; anything else is a fault and is reported.
 */
export function unlessRefused(label: string): (error: unknown) => void {
  return (error) => {
    if (!(error instanceof SignalingError)) console.warn(label, error);
  };
}

export class RemoteMedia {
  tracks = $state<RemoteTrack[]>([]);
  readonly #context: RemoteContext;
  /** Producers announced while joining, before the receive transport existed; consumed when it does. */
  #announcedWhileJoining: { info: ProducerInfo; ready?: ConsumerInfo }[] = [];
  readonly #consuming = new ConsumedProducers();
  readonly #ahead = new ConsumersAhead();
  /** Consumers made ahead that were announced before the receiving transport existed. */
  #aheadWhileJoining: { roomId: string; info: ProducerInfo; made: ConsumerInfo }[] = [];

  constructor(context: RemoteContext) {
    this.#context = context;
  }

  /** Keeps `info` (and its consumer made ahead) for when the join under way has its transport. */
  announcedWhileJoining(info: ProducerInfo, ready?: ConsumerInfo): void {
    this.#announcedWhileJoining.push({ info, ready });
  }

  /** Forgets what was announced during an earlier join. */
  forgetAnnounced(): void {
    this.#announcedWhileJoining = [];
    this.#aheadWhileJoining = [];
  }

  /**
   * Consumes what the others publish, with the consumers the server made. A producer created while
   * the join was answered came as producer.new before it could be consumed.
   */
  async receive(joined: JoinedRoom): Promise<void> {
    const ready = (producerId: string) => joined.consumers?.find((c) => c.producerId === producerId);
    const announced = this.#announcedWhileJoining.splice(0);
    for (const { roomId, info, made } of this.#aheadWhileJoining.splice(0)) void this.prepareAhead(roomId, info, made).catch(unlessRefused('consume ahead failed'));
    await Promise.all([
      ...joined.producers.map((p) => this.consume(p, ready(p.id))),
      ...announced.map(({ info, ready: made }) => this.consume(info, made ?? ready(info.id)).catch(unlessRefused('consume failed'))),
    ]);
  }

  /** After a resume: drops what the others no longer publish, consumes what they published meanwhile. */
  catchUp(answer: Extract<ResumedRoom, { resumed: true }>): void {
    for (const remote of this.tracks) if (!answer.producers.some((p) => p.id === remote.producerId)) this.drop(remote.producerId);
    for (const producer of answer.producers) {
      if (answer.consumedProducerIds.includes(producer.id)) {
        this.markPaused(producer.id, producer.paused);
      } else {
        this.drop(producer.id);
        void this.consume(producer).catch(unlessRefused('consume failed'));
      }
    }
  }

  /**
   * Sets up the consumer `made` ahead of a call that may come (its receiver, one SDP round) and tells
   * the server, which starts it only at 受理; nothing is drawn until the call hands it out (`consume`).
   */
  prepareAhead(roomId: string, info: ProducerInfo, made: ConsumerInfo): Promise<void> {
    const recv = this.#context.recv();
    if (!recv) {
      // Told before the join under way has its receiving transport (or its room's id, which a standby
      // room's answer brings): set up once it has, if it is this room's.
      if (this.#context.joining()) this.#aheadWhileJoining.push({ roomId, info, made });
      return Promise.resolve();
    }
    if (roomId !== this.#context.roomId() || this.#ahead.has(info.id) || this.#consuming.has(info.id)) return Promise.resolve();
    return this.#ahead.add(info.id, async (stillWanted) => {
      let consumer: types.Consumer;
      try {
        consumer = await recv.consume({ id: made.id, producerId: made.producerId, kind: made.kind, rtpParameters: made.rtpParameters as types.RtpParameters });
      } catch (error) {
        // The transports closed (a reconnect, the page left) or the server took it back meanwhile: nothing lost.
        if (recv.closed || !stillWanted()) return null;
        throw error;
      }
      if (recv.closed || !stillWanted()) {
        consumer.close(); // taken back, or the transports closed, meanwhile
        return null;
      }
      mark(`ahead:${info.source}`);
      // Ready: the server starts it at 受理. Not fatal if this misses (the room changed meanwhile): the
      // call asks again when it takes the consumer.
      await this.#context
        .signaling()
        .request('consumer.resume', { sessionId: this.#context.roomId(), consumerId: made.id })
        .catch(() => undefined);
      return consumer;
    });
  }

  /** Receives `info`, with the consumer the server made ahead (`ready`) or one asked for now. */
  async consume(info: ProducerInfo, ready?: ConsumerInfo): Promise<void> {
    const recv = this.#context.recv();
    const device = this.#context.device();
    if (!recv || !device) {
      if (this.#context.joining()) this.#announcedWhileJoining.push({ info, ready });
      return;
    }
    if (!this.#consuming.claim(info.id)) return;
    try {
      // Set up before 受理 and already started by the server: drawn at once.
      const ahead = ready ? await this.#ahead.take(info.id, ready.id) : null;
      if (ahead) {
        if (!this.#consuming.has(info.id)) {
          ahead.close();
          return;
        }
        mark(`consume-ahead:${info.source}`);
        this.#addTrack(info, ahead);
        // Started by the server at the accept if it knew this browser had it; otherwise now (harmless twice).
        await this.#context.signaling().request('consumer.resume', { sessionId: this.#context.roomId(), consumerId: ahead.id });
        return;
      }
      const made =
        ready ??
        (await this.#context.signaling().request('consumer.create', {
          sessionId: this.#context.roomId(),
          transportId: recv.id,
          producerId: info.id,
          rtpCapabilities: device.rtpCapabilities as never,
        }));
      mark(`consume-start:${info.source}`);
      const consumer = await recv.consume({
        id: made.id,
        producerId: made.producerId,
        kind: made.kind,
        rtpParameters: made.rtpParameters as types.RtpParameters,
      });
      mark(`client-consumed:${info.source}`);
      if (recv.closed || !this.#consuming.has(info.id)) {
        consumer.close(); // left, rejoined or the producer closed meanwhile
        return;
      }
      // Resumed before anything is drawn: the keyframe it asks for is on its way while the tile is made.
      const resumed = this.#context.signaling().request('consumer.resume', { sessionId: this.#context.roomId(), consumerId: made.id });
      this.#addTrack(info, consumer);
      await resumed;
      mark(`consume:${info.source}`);
    } catch (error) {
      this.drop(info.id);
      throw error;
    }
  }

  #addTrack(info: ProducerInfo, consumer: types.Consumer): void {
    this.tracks = [
      ...this.tracks,
      { producerId: info.id, consumerId: consumer.id, staffId: info.staffId, side: info.side, source: info.source, kind: info.kind, track: consumer.track, paused: info.paused },
    ];
  }

  drop(producerId: string): void {
    this.#ahead.drop(producerId);
    this.#aheadWhileJoining = this.#aheadWhileJoining.filter((p) => p.info.id !== producerId);
    this.#consuming.release(producerId);
    this.#announcedWhileJoining = this.#announcedWhileJoining.filter((p) => p.info.id !== producerId);
    this.tracks = this.tracks.filter((r) => r.producerId !== producerId);
  }

  markPaused(producerId: string, paused: boolean): void {
    this.tracks = this.tracks.map((r) => (r.producerId === producerId ? { ...r, paused } : r));
  }

  /** The transports closed: nothing is received any more. */
  clear(): void {
    this.#ahead.clear();
    this.#consuming.clear();
    this.tracks = [];
  }
}
