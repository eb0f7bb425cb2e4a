/** The self-test page's checks and the plain verdict drawn from them. */

export const selfTestItems = ['camera', 'microphone', 'udp', 'tcp', 'relay'] as const;
export type SelfTestItem = (typeof selfTestItems)[number];
export type CheckStatus = 'pending' | 'checking' | 'ok' | 'failed' | 'unavailable' | 'unconfigured';

export interface Verdict {
  tone: 'pending' | 'ok' | 'warn' | 'bad';
  /** The key under selfTest.verdict in the i18n layer. */
  key: 'pending' | 'ok' | 'tcpOnly' | 'relayOnly' | 'noNetwork' | 'noDevices';
}

export function selfTestVerdict(status: Record<SelfTestItem, CheckStatus>): Verdict {
  if (selfTestItems.some((item) => status[item] === 'pending' || status[item] === 'checking')) return { tone: 'pending', key: 'pending' };
  if (status.camera !== 'ok' || status.microphone !== 'ok') return { tone: 'bad', key: 'noDevices' };
  if (status.udp === 'ok') return { tone: 'ok', key: 'ok' };
  if (status.tcp === 'ok') return { tone: 'warn', key: 'tcpOnly' };
  if (status.relay === 'ok') return { tone: 'warn', key: 'relayOnly' };
  return { tone: 'bad', key: 'noNetwork' };
}
