import { describe, expect, it } from 'vitest';
import { cameraConstraints, describeMediaError, documentCameraConstraints, groupDevices, pickDocumentCamera } from './devices';

const device = (kind: MediaDeviceKind, deviceId: string, label = '') => ({ kind, deviceId, label });

describe('groupDevices', () => {
  it('lists cameras and microphones, skipping the browser’s default aliases and outputs', () => {
    const lists = groupDevices([
      device('audioinput', 'default', 'Default - Mic A'),
      device('audioinput', 'mic-a', 'Mic A'),
      device('videoinput', 'cam-1', 'USB Camera'),
      device('videoinput', 'cam-2', 'Document Camera'),
      device('audiooutput', 'spk', 'Speaker'),
    ]);
    expect(lists.cameras).toEqual([
      { deviceId: 'cam-1', label: 'USB Camera' },
      { deviceId: 'cam-2', label: 'Document Camera' },
    ]);
    expect(lists.microphones).toEqual([{ deviceId: 'mic-a', label: 'Mic A' }]);
  });

  it('names devices whose labels the browser hides until permission is given', () => {
    const lists = groupDevices([device('videoinput', 'x'), device('videoinput', 'y'), device('audioinput', 'z')]);
    expect(lists.cameras.map((c) => c.label)).toEqual(['摄像头 1', '摄像头 2']);
    expect(lists.microphones.map((m) => m.label)).toEqual(['麦克风 1']);
  });

  it('skips devices without an id (no permission yet)', () => {
    expect(groupDevices([device('videoinput', '')]).cameras).toEqual([]);
  });
});

describe('pickDocumentCamera', () => {
  const cameras = [
    { deviceId: 'face', label: 'Face' },
    { deviceId: 'doc', label: 'Doc' },
  ];

  it('takes the first camera that is not the face camera', () => {
    expect(pickDocumentCamera(cameras, 'face')).toBe('doc');
    expect(pickDocumentCamera(cameras, 'doc')).toBe('face');
  });

  it('takes the camera asked for when it exists', () => {
    expect(pickDocumentCamera(cameras, 'doc', 'face')).toBe('face');
    expect(pickDocumentCamera(cameras, 'face', 'gone')).toBe('doc');
  });

  it('has none when there is only the face camera', () => {
    expect(pickDocumentCamera([{ deviceId: 'face', label: 'Face' }], 'face')).toBeNull();
    expect(pickDocumentCamera([], null)).toBeNull();
  });
});

describe('constraints', () => {
  it('asks the document camera for 1080p on exactly the chosen device', () => {
    expect(documentCameraConstraints('doc')).toMatchObject({ deviceId: { exact: 'doc' }, width: { ideal: 1920 }, height: { ideal: 1080 } });
  });

  it('leaves the face camera device to the browser unless one is chosen', () => {
    expect(cameraConstraints()).not.toHaveProperty('deviceId');
    expect(cameraConstraints('cam')).toMatchObject({ deviceId: { exact: 'cam' } });
  });
});

describe('describeMediaError', () => {
  it('explains the failures a person can fix', () => {
    expect(describeMediaError(new DOMException('x', 'NotAllowedError'))).toContain('权限');
    expect(describeMediaError(new DOMException('x', 'NotFoundError'))).toContain('未找到');
    expect(describeMediaError(new DOMException('x', 'NotReadableError'))).toContain('占用');
    expect(describeMediaError(new Error('boom'))).toBe('无法打开摄像头或麦克风：boom');
  });
});
