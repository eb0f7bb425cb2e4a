/** How a guest (第三方) is labelled on their tile and in lists: 第三方 · 手语翻译. */
import type { GuestRole, PeerInfo } from '$shared';
import { t } from '$lib/i18n';

export function guestRoleName(role: GuestRole): string {
  return t(`names.guestRole.${role}`);
}

export function guestLabel(peer: Pick<PeerInfo, 'guestRole'>): string {
  return peer.guestRole ? `${t('call.sides.guest')} · ${guestRoleName(peer.guestRole)}` : t('call.sides.guest');
}
