import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { documentPageJpeg, makePng, pngChunk } from '../../../tests/support/sampleFiles';
import { checkImage } from './imageCheck';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function png(width: number, height: number, idat: Buffer, options: { colourType?: number; interlace?: number } = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = options.colourType ?? 2;
  header[12] = options.interlace ?? 0;
  return Buffer.concat([SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

const code = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { code: string }) => error.code);

/** The fixture's segments up to its first scan: where the SOS marker starts and where its header ends. */
function firstScan(jpeg: Buffer): { sos: number; data: number; sof: number } {
  let offset = 2;
  let sof = -1;
  for (;;) {
    const marker = jpeg[offset + 1]!;
    const length = jpeg.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xc2) sof = offset;
    if (marker === 0xda) return { sos: offset, data: offset + 2 + length, sof };
    offset += 2 + length;
  }
}

describe('checkImage', () => {
  it('takes whole images and gives their size', async () => {
    expect(await checkImage('image/png', makePng(64, 48))).toEqual({ width: 64, height: 48 });
    // 1×1 interlaced: only the first Adam7 pass has a pixel.
    expect(await checkImage('image/png', png(1, 1, deflateSync(Buffer.from([0, 1, 2, 3])), { interlace: 1 }))).toEqual({ width: 1, height: 1 });
    const jpeg = documentPageJpeg();
    const size = await checkImage('image/jpeg', jpeg);
    expect(size.width).toBeGreaterThan(0);
    expect(size.height).toBeGreaterThan(0);
  });

  it('refuses images claiming more pixels than the cap before decoding anything', async () => {
    const tiny = deflateSync(Buffer.from([0, 0, 0, 0]));
    expect(await code(checkImage('image/png', png(2 ** 31, 2 ** 31, tiny)))).toBe('CAPTURE_IMAGE_TOO_LARGE');
    expect(await code(checkImage('image/png', png(2 ** 31 - 1, 2 ** 31 - 1, tiny)))).toBe('CAPTURE_IMAGE_TOO_LARGE');
    expect(await code(checkImage('image/png', png(10_000, 10_000, tiny)))).toBe('CAPTURE_IMAGE_TOO_LARGE');
    const jpeg = Buffer.from(documentPageJpeg());
    const { sof } = firstScan(jpeg);
    jpeg.writeUInt16BE(65_535, sof + 5);
    jpeg.writeUInt16BE(65_535, sof + 7);
    expect(await code(checkImage('image/jpeg', jpeg))).toBe('CAPTURE_IMAGE_TOO_LARGE');
  });

  it('refuses PNGs whose image data does not decode', async () => {
    const rows = (height: number, filter = 0) => Buffer.concat(Array.from({ length: height }, () => Buffer.from([filter, ...Array(3 * 4).fill(9)])));
    expect(await code(checkImage('image/png', png(4, 4, deflateSync(rows(4)))))).toBe('ok');
    expect(await code(checkImage('image/png', png(4, 4, deflateSync(rows(3)))))).toBe('CAPTURE_IMAGE_INVALID');
    expect(await code(checkImage('image/png', png(4, 4, deflateSync(rows(5)))))).toBe('CAPTURE_IMAGE_INVALID');
    expect(await code(checkImage('image/png', png(4, 4, deflateSync(rows(4, 7)))))).toBe('CAPTURE_IMAGE_INVALID');
    expect(await code(checkImage('image/png', png(4, 4, Buffer.from('not zlib at all'))))).toBe('CAPTURE_IMAGE_INVALID');
    expect(await code(checkImage('image/png', png(4, 4, deflateSync(rows(4)), { colourType: 3 })))).toBe('CAPTURE_IMAGE_INVALID');
    const badCrc = makePng(8, 8);
    badCrc[30] = badCrc[30]! ^ 0xff;
    expect(await code(checkImage('image/png', badCrc))).toBe('CAPTURE_IMAGE_INVALID');
  });

  it('refuses a JPEG with no image data', async () => {
    const jpeg = documentPageJpeg();
    const { sos, data } = firstScan(jpeg);
    const eoi = Buffer.from([0xff, 0xd9]);
    const headersOnly = Buffer.concat([jpeg.subarray(0, sos), eoi]);
    const emptyScan = Buffer.concat([jpeg.subarray(0, data), eoi]);
    const nothing = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    for (const file of [headersOnly, emptyScan, nothing]) {
      await expect(checkImage('image/jpeg', file)).rejects.toMatchObject({ code: 'CAPTURE_IMAGE_INVALID', message: expect.stringMatching(/^图片无法解码（.+），请重新拍摄或上传。$/) });
    }
  });
});
