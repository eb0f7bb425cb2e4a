import { describe, expect, it } from 'vitest';
import type { RemoteTrack } from '$lib/media/MediaRoom.svelte';
import { callSideOf, guestTiles, personView, presenceOf, remoteDocument, remoteScreen, watchedSides } from './callLayout';

const remote = (side: 'local' | 'home', source: RemoteTrack['source'], paused = false): RemoteTrack => ({
  producerId: `${side}-${source}`,
  consumerId: `c-${side}-${source}`,
  staffId: side === 'local' ? 1 : 2,
  side,
  source,
  kind: source === 'microphone' ? 'audio' : 'video',
  track: {} as MediaStreamTrack,
  paused,
});

describe('call layout', () => {
  it('seats the two clerks on their sides and everyone else as an observer', () => {
    const session = { localClerk: { id: 1, displayName: '甲' }, homeClerk: { id: 2, displayName: '乙' } };
    expect(callSideOf(1, session)).toBe('local');
    expect(callSideOf(2, session)).toBe('home');
    expect(callSideOf(3, session)).toBe('observer');
    expect(callSideOf(undefined, session)).toBe('observer');
    // Waiting: nobody has accepted yet, so only the local clerk has a side.
    expect(callSideOf(2, { ...session, homeClerk: null })).toBe('observer');
  });

  it('finds the other clerk’s camera and reads their mute state from their own producers', () => {
    const remotes = [remote('local', 'camera'), remote('local', 'microphone', true), remote('local', 'document')];
    const local = personView(remotes, 'local');
    expect(local.video?.producerId).toBe('local-camera');
    expect(local.microphoneOff).toBe(true);
    expect(local.cameraOff).toBe(false);
    expect(personView(remotes, 'home')).toMatchObject({ video: undefined, cameraOff: false, microphoneOff: false });
  });

  it('shows a shared screen as the large tile, and nothing once it closed', () => {
    expect(remoteScreen([remote('home', 'camera')])).toBeUndefined();
    expect(remoteScreen([remote('home', 'camera'), remote('home', 'screen')])?.producerId).toBe('home-screen');
  });

  it('gives each guest in the room a tile of their own with their camera and mute state', () => {
    const guestCamera: RemoteTrack = { ...remote('home', 'camera'), producerId: 'g-camera', staffId: -7, side: 'guest' };
    const guestMicrophone: RemoteTrack = { ...remote('home', 'microphone', true), producerId: 'g-mic', staffId: -7, side: 'guest' };
    const peers = [
      { staffId: 2, displayName: '乙', side: 'home' as const },
      { staffId: -7, displayName: '王小明', side: 'guest' as const, guestRole: 'sign_interpreter' as const },
      { staffId: -8, displayName: '李四', side: 'guest' as const, guestRole: 'family_member' as const },
    ];
    const tiles = guestTiles([remote('home', 'camera'), guestCamera, guestMicrophone], peers);
    expect(tiles.map((tile) => [tile.peer.displayName, tile.video?.producerId, tile.microphoneOff])).toEqual([
      ['王小明', 'g-camera', true],
      ['李四', undefined, false],
    ]);
  });

  it('shows the document camera as its own tile', () => {
    expect(remoteDocument([remote('local', 'camera')])).toBeUndefined();
    expect(remoteDocument([remote('local', 'camera'), remote('local', 'document')])?.producerId).toBe('local-document');
  });

  it('a clerk watches the other clerk, a supervisor both', () => {
    expect(watchedSides('local')).toEqual(['home']);
    expect(watchedSides('home')).toEqual(['local']);
    expect(watchedSides('observer')).toEqual(['home', 'local']);
  });

  it('tells waiting for the other clerk from the other clerk having left', () => {
    const home = { staffId: 2, displayName: '沈佳怡', side: 'home' as const };
    const supervisor = { staffId: 9, displayName: '监督', side: 'observer' as const };
    expect(presenceOf('local', [home], false)).toBe('present');
    expect(presenceOf('local', [], false)).toBe('waiting');
    expect(presenceOf('local', [supervisor], true)).toBe('left');
    expect(presenceOf('observer', [], true)).toBe('present');
  });
});
