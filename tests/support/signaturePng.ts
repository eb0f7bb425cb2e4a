/**
 * Signature images for tests, as a kiosk's canvas gives them: an RGBA PNG on a transparent background,
 * with a stroke drawn across (or nothing, for an empty pad). Made with node:zlib, no canvas.
 */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/** A width × height RGBA PNG; `inked(x, y)` says which pixels are black ink (the rest transparent). Rows use filter 1 (Sub) and 2 (Up) alternately. */
export function signaturePng(width: number, height: number, inked: (x: number, y: number) => boolean): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc(height * (width * 4 + 1));
  let previous = Buffer.alloc(width * 4);
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(width * 4);
    for (let x = 0; x < width; x++) if (inked(x, y)) row[x * 4 + 3] = 255;
    const filter = y % 2 === 0 ? 1 : 2;
    const start = y * (width * 4 + 1);
    raw[start] = filter;
    for (let i = 0; i < row.length; i++) {
      const predictor = filter === 1 ? (i >= 4 ? row[i - 4]! : 0) : previous[i]!;
      raw[start + 1 + i] = (row[i]! - predictor) & 0xff;
    }
    previous = row;
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A stroke: a 3-pixel-wide diagonal band across a 300 × 120 pad. */
export const drawnSignature = (): Buffer => signaturePng(300, 120, (x, y) => Math.abs(y - x * 0.4) < 1.5);
/** An empty pad. */
export const emptySignature = (): Buffer => signaturePng(300, 120, () => false);
export const dataUrl = (png: Buffer): string => `data:image/png;base64,${png.toString('base64')}`;
