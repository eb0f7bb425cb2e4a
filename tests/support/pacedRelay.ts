/**
 * A relay between an RTP sender (FFmpeg) and the worker that delivers each stream's packets on a
 * timetable of its own, so that minutes of media can be sent in seconds while the start goes as in
 * a real call: media time m is delivered at start + schedule(m), real time for the first
 * `realTimeSeconds` (while recorders take their time zero from the first packets) and `speed` times
 * faster after. Media time comes from each stream's RTP timestamps, zero at the timestamp of its
 * first RTCP sender report (FFmpeg's RTP muxer sends one before its first packet, stamped with the
 * stream's zero), so the streams keep the sender's one timeline. Sender reports are passed on with
 * their NTP time rewritten to the timetable, so that they stay true for the packets as delivered.
 */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';

export interface RelayedStream {
  /** The worker's ports (a PlainTransport without RTCP mux, comedia). */
  rtpPort: number;
  rtcpPort: number;
  clockRate: number;
}

interface Held {
  ts: number;
  data: Buffer;
}

class Stream {
  // Room for a few seconds of the sender's packets while this thread is busy.
  readonly rtp = createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
  readonly rtcp = createSocket('udp4');
  /** RTP packets in the order received, delivered when due. */
  readonly queue: Held[] = [];
  /** RTCP packets, passed on at once (sender reports with their NTP time rewritten). */
  readonly reports: Held[] = [];
  zero: number | undefined;
  constructor(readonly target: RelayedStream) {
    this.rtp.on('message', (data: Buffer) => data.length >= 12 && this.queue.push({ ts: data.readUInt32BE(4), data }));
    this.rtcp.on('message', (data: Buffer) => {
      const senderReport = data.length >= 20 && data[1] === 200;
      if (senderReport && this.zero === undefined) this.zero = data.readUInt32BE(16);
      this.reports.push({ ts: senderReport ? data.readUInt32BE(16) : Number.NaN, data });
    });
  }
  /** Seconds of media of an RTP timestamp. */
  media(ts: number): number {
    return ((ts - this.zero!) | 0) / this.target.clockRate;
  }
}

const NTP_EPOCH_OFFSET = 2_208_988_800;

export class PacedRelay {
  readonly #streams: Stream[];
  readonly #schedule: (mediaSeconds: number) => number;
  readonly #timer: NodeJS.Timeout;
  #start: number | undefined;

  /** Listens for the sender; `ports()` are where it sends each stream's RTP and RTCP. */
  static async create(targets: RelayedStream[], options: { speed: number; realTimeSeconds: number }): Promise<PacedRelay> {
    const relay = new PacedRelay(targets, options);
    await Promise.all(relay.#streams.flatMap((stream) => [stream.rtp, stream.rtcp].map((socket) => (socket.bind(0, '127.0.0.1'), once(socket, 'listening')))));
    return relay;
  }

  private constructor(targets: RelayedStream[], { speed, realTimeSeconds }: { speed: number; realTimeSeconds: number }) {
    this.#streams = targets.map((target) => new Stream(target));
    this.#schedule = (m) => 1000 * (m <= realTimeSeconds ? m : realTimeSeconds + (m - realTimeSeconds) / speed);
    this.#timer = setInterval(() => this.#deliver(), 2);
  }

  /** The local ports the sender sends each stream to: RTP and RTCP. */
  ports(): { rtp: number; rtcp: number }[] {
    return this.#streams.map((stream) => ({ rtp: stream.rtp.address().port, rtcp: stream.rtcp.address().port }));
  }

  /** Whether everything received has been delivered. */
  get drained(): boolean {
    return this.#streams.every((stream) => stream.queue.length === 0 && stream.reports.length === 0);
  }

  #deliver(): void {
    if (this.#start === undefined) {
      // The timetable starts once every stream's zero is known.
      if (!this.#streams.every((stream) => stream.zero !== undefined)) return;
      this.#start = Date.now() + 50;
    }
    const now = Date.now();
    for (const stream of this.#streams) {
      for (const report of stream.reports.splice(0)) {
        if (!Number.isNaN(report.ts)) {
          // The report's NTP time: when its RTP timestamp is (or was) delivered.
          const ms = this.#start + this.#schedule(stream.media(report.ts));
          report.data.writeUInt32BE(Math.floor(ms / 1000) + NTP_EPOCH_OFFSET, 8);
          report.data.writeUInt32BE(Math.floor(((ms % 1000) / 1000) * 2 ** 32), 12);
        }
        stream.rtcp.send(report.data, stream.target.rtcpPort, '127.0.0.1');
      }
      while (stream.queue.length > 0 && this.#start + this.#schedule(stream.media(stream.queue[0]!.ts)) <= now) {
        stream.rtp.send(stream.queue.shift()!.data, stream.target.rtpPort, '127.0.0.1');
      }
    }
  }

  close(): void {
    clearInterval(this.#timer);
    for (const stream of this.#streams) for (const socket of [stream.rtp, stream.rtcp]) socket.close();
  }
}
