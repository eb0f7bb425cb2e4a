import { describe, expect, it } from 'vitest';
import { sentNothing } from './cameraFrames';

describe('sentNothing', () => {
  it('is true when the camera delivered no frame between the readings', () => {
    expect(sentNothing({ delivered: 40, sent: null }, { delivered: 40, sent: null })).toBe(true);
    expect(sentNothing({ delivered: 40, sent: 30 }, { delivered: 40, sent: 30 })).toBe(true);
  });

  it('is true when frames came but the encoder sent none of them (a depth camera)', () => {
    expect(sentNothing({ delivered: 40, sent: 0 }, { delivered: 70, sent: 0 })).toBe(true);
  });

  it('is false while frames come and are sent, or come before the camera is published', () => {
    expect(sentNothing({ delivered: 40, sent: 30 }, { delivered: 70, sent: 58 })).toBe(false);
    expect(sentNothing({ delivered: 40, sent: null }, { delivered: 70, sent: 3 })).toBe(false);
  });

  it('judges by what was sent alone when the browser cannot count delivered frames', () => {
    expect(sentNothing({ delivered: null, sent: 5 }, { delivered: null, sent: 9 })).toBe(false);
    expect(sentNothing({ delivered: null, sent: 9 }, { delivered: null, sent: 9 })).toBe(true);
  });
});
