/**
 * Connection quality from WebRTC stats: round-trip time, packet loss, receive bitrate, and whether
 * the other side's video arrives smaller than it did (the SFU sends a lower simulcast layer when this
 * browser's link is thin) or has stopped arriving (a link down). The reason is what the clerk is told.
 */

export type QualityLevel = 'good' | 'fair' | 'poor' | 'unknown';

/**
 * Why the quality is not good, in the order they are told: media stopped coming; video reduced to a
 * lower layer for lack of bandwidth; packets lost; long round trips.
 */
export type QualityReason = 'stalled' | 'lowBandwidth' | 'loss' | 'delay';

export interface CallQuality {
  level: QualityLevel;
  reason: QualityReason | null;
  rttMs: number | null;
  lossPercent: number | null;
  bitrateKbps: number | null;
}

export interface StatsSample {
  at: number;
  packetsReceived: number;
  packetsLost: number;
  bytesReceived: number;
  rttMs: number | null;
  /** Frame width of each inbound video, by track. */
  videoWidths: Record<string, number>;
  /** The highest interarrival jitter of the sound received (ms; null: none received). */
  audioJitterMs: number | null;
}

export const unknownQuality: CallQuality = { level: 'unknown', reason: null, rttMs: null, lossPercent: null, bitrateKbps: null };

/** A video counts as reduced below this share of the widest it has been in the call. */
const REDUCED_WIDTH_SHARE = 0.75;

/**
 * mediasoup-client receives the SFU's bandwidth probes on an extra inbound stream of its own (mid
 * 'probator', SSRC 1234). The SFU keeps probing while nothing else arrives, with gaps in its sequence
 * numbers, so counting it would turn an outage into "packets lost".
 */
const PROBATOR_MID = 'probator';

/** Sums the inbound RTP counters and reads the selected candidate pair's RTT from one report. */
export function sampleStats(report: RTCStatsReport, at: number): StatsSample {
  let packetsReceived = 0;
  let packetsLost = 0;
  let bytesReceived = 0;
  let rttMs: number | null = null;
  let audioJitterMs: number | null = null;
  const videoWidths: Record<string, number> = {};
  report.forEach((stat: Record<string, unknown>) => {
    if (stat.type === 'inbound-rtp' && stat.mid !== PROBATOR_MID) {
      packetsReceived += Number(stat.packetsReceived ?? 0);
      packetsLost += Math.max(0, Number(stat.packetsLost ?? 0));
      bytesReceived += Number(stat.bytesReceived ?? 0);
      if (stat.kind === 'video' && typeof stat.frameWidth === 'number') videoWidths[String(stat.trackIdentifier ?? stat.id)] = stat.frameWidth;
      if (stat.kind === 'audio' && typeof stat.jitter === 'number') audioJitterMs = Math.max(audioJitterMs ?? 0, stat.jitter * 1000);
    } else if (stat.type === 'candidate-pair' && stat.nominated && typeof stat.currentRoundTripTime === 'number') {
      rttMs = Math.round(stat.currentRoundTripTime * 1000);
    }
  });
  return { at, packetsReceived, packetsLost, bytesReceived, rttMs, videoWidths, audioJitterMs };
}

/** The widest each video has been so far, with `sample`'s widths taken in. */
export function widestVideos(widest: Record<string, number>, sample: StatsSample): Record<string, number> {
  const next = { ...widest };
  for (const [track, width] of Object.entries(sample.videoWidths)) next[track] = Math.max(next[track] ?? 0, width);
  return next;
}

/**
 * Quality between two samples of the same receive transport. `widest`: the widest each video has been
 * before (see widestVideos); `flowing`: media arrived before, so nothing arriving now is an outage.
 */
export function qualityBetween(previous: StatsSample, current: StatsSample, widest: Record<string, number> = {}, flowing = false): CallQuality {
  const seconds = (current.at - previous.at) / 1000;
  const received = current.packetsReceived - previous.packetsReceived;
  const lost = current.packetsLost - previous.packetsLost;
  if (seconds <= 0 || received + lost <= 0) {
    return flowing && seconds > 0 ? { level: 'poor', reason: 'stalled', rttMs: current.rttMs, lossPercent: null, bitrateKbps: 0 } : { ...unknownQuality, rttMs: current.rttMs };
  }
  const lossPercent = Math.round((lost / (received + lost)) * 1000) / 10;
  const bitrateKbps = Math.round(((current.bytesReceived - previous.bytesReceived) * 8) / seconds / 1000);
  const rtt = current.rttMs ?? 0;
  const reduced = Object.entries(current.videoWidths).some(([track, width]) => width > 0 && width < (widest[track] ?? 0) * REDUCED_WIDTH_SHARE);
  let level: QualityLevel = rtt < 150 && lossPercent < 2 ? 'good' : rtt < 400 && lossPercent < 8 ? 'fair' : 'poor';
  if (reduced && level === 'good') level = 'fair';
  const reason: QualityReason | null = level === 'good' ? null : reduced ? 'lowBandwidth' : lossPercent >= 2 ? 'loss' : 'delay';
  return { level, reason, rttMs: current.rttMs, lossPercent, bitrateKbps };
}
