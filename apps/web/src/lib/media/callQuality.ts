/** Connection quality from WebRTC stats: round-trip time, packet loss and receive bitrate. */

export type QualityLevel = 'good' | 'fair' | 'poor' | 'unknown';

export interface CallQuality {
  level: QualityLevel;
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
}

export const unknownQuality: CallQuality = { level: 'unknown', rttMs: null, lossPercent: null, bitrateKbps: null };

/** Sums the inbound RTP counters and reads the selected candidate pair's RTT from one report. */
export function sampleStats(report: RTCStatsReport, at: number): StatsSample {
  let packetsReceived = 0;
  let packetsLost = 0;
  let bytesReceived = 0;
  let rttMs: number | null = null;
  report.forEach((stat: Record<string, unknown>) => {
    if (stat.type === 'inbound-rtp') {
      packetsReceived += Number(stat.packetsReceived ?? 0);
      packetsLost += Math.max(0, Number(stat.packetsLost ?? 0));
      bytesReceived += Number(stat.bytesReceived ?? 0);
    } else if (stat.type === 'candidate-pair' && stat.nominated && typeof stat.currentRoundTripTime === 'number') {
      rttMs = Math.round(stat.currentRoundTripTime * 1000);
    }
  });
  return { at, packetsReceived, packetsLost, bytesReceived, rttMs };
}

/** Quality between two samples of the same receive transport. */
export function qualityBetween(previous: StatsSample, current: StatsSample): CallQuality {
  const seconds = (current.at - previous.at) / 1000;
  const received = current.packetsReceived - previous.packetsReceived;
  const lost = current.packetsLost - previous.packetsLost;
  if (seconds <= 0 || received + lost <= 0) return { ...unknownQuality, rttMs: current.rttMs };
  const lossPercent = Math.round((lost / (received + lost)) * 1000) / 10;
  const bitrateKbps = Math.round(((current.bytesReceived - previous.bytesReceived) * 8) / seconds / 1000);
  const rtt = current.rttMs ?? 0;
  const level: QualityLevel = rtt < 150 && lossPercent < 2 ? 'good' : rtt < 400 && lossPercent < 8 ? 'fair' : 'poor';
  return { level, rttMs: current.rttMs, lossPercent, bitrateKbps };
}
