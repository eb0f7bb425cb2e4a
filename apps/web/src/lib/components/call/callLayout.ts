/**
 * Which tiles a call shows, from where this clerk sits and what the room receives: the other clerk
 * large, the local window's document camera larger still on the home side, oneself small.
 */
import type { MediaSource, PeerInfo, PeerSide, SessionView } from '$shared';
import type { RemoteTrack } from '$lib/media/MediaRoom.svelte';

export type ClerkSide = Exclude<PeerSide, 'observer' | 'guest'>;

/** Where the signed-in person sits in `session`'s call: one of its two clerks, or an observer. */
export function callSideOf(staffId: number | undefined, session: Pick<SessionView, 'localClerk' | 'homeClerk'>): PeerSide {
  if (staffId === undefined) return 'observer';
  if (staffId === session.localClerk.id) return 'local';
  return staffId === session.homeClerk?.id ? 'home' : 'observer';
}

export interface PersonView {
  side: ClerkSide;
  /** Their camera, when the room receives it. */
  video: RemoteTrack | undefined;
  cameraOff: boolean;
  microphoneOff: boolean;
}

function remoteOf(remotes: readonly RemoteTrack[], side: ClerkSide, source: MediaSource): RemoteTrack | undefined {
  return remotes.find((remote) => remote.side === side && remote.source === source);
}

/** The clerk of `side` as the room receives them. */
export function personView(remotes: readonly RemoteTrack[], side: ClerkSide): PersonView {
  const video = remoteOf(remotes, side, 'camera');
  const microphone = remoteOf(remotes, side, 'microphone');
  return { side, video, cameraOff: video?.paused ?? false, microphoneOff: microphone?.paused ?? false };
}

/** The people this viewer watches: the other clerk, or both clerks for a supervisor. */
export function watchedSides(mySide: PeerSide): ClerkSide[] {
  return mySide === 'local' ? ['home'] : mySide === 'home' ? ['local'] : ['home', 'local'];
}

/** A clerk's shared screen as received (the other clerk, guests and supervisors see it, large). */
export function remoteScreen(remotes: readonly RemoteTrack[]): RemoteTrack | undefined {
  return remotes.find((remote) => remote.source === 'screen' && remote.kind === 'video');
}

/** An admitted guest (第三方) as the room receives them: a tile of their own, labelled with name and role. */
export interface GuestTileView {
  peer: PeerInfo;
  video: RemoteTrack | undefined;
  cameraOff: boolean;
  microphoneOff: boolean;
}

/** The guests in the room, in the order they came. */
export function guestTiles(remotes: readonly RemoteTrack[], peers: readonly PeerInfo[]): GuestTileView[] {
  return peers
    .filter((peer) => peer.side === 'guest')
    .map((peer) => {
      const video = remotes.find((remote) => remote.staffId === peer.staffId && remote.source === 'camera');
      const microphone = remotes.find((remote) => remote.staffId === peer.staffId && remote.source === 'microphone');
      return { peer, video, cameraOff: video?.paused ?? false, microphoneOff: microphone?.paused ?? false };
    });
}

/** The local window's document camera as received (the home clerk and supervisors see it). */
export function remoteDocument(remotes: readonly RemoteTrack[]): RemoteTrack | undefined {
  return remotes.find((remote) => remote.source === 'document' && remote.kind === 'video');
}

export type Presence = 'present' | 'waiting' | 'left';

/**
 * Whether the other clerk is in the room: 'waiting' until they have been seen once, 'left' when they
 * were and are gone. Supervisors are not waited for.
 */
export function presenceOf(mySide: PeerSide, peers: readonly PeerInfo[], seenBefore: boolean): Presence {
  if (mySide === 'observer') return 'present';
  const other: ClerkSide = mySide === 'local' ? 'home' : 'local';
  if (peers.some((peer) => peer.side === other)) return 'present';
  return seenBefore ? 'left' : 'waiting';
}
