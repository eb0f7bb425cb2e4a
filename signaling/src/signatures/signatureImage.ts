/**
 * The signature as drawn on the kiosk: a PNG (signature_pad's toDataURL on a transparent canvas). It is
 * taken only if it is a whole, decodable PNG (the capture check, ../captures/imageCheck.ts) of at most
 * SIGNATURE_IMAGE_MAX_BYTES and, decoded, has ink: at least MIN_INK_PIXELS pixels that differ from the
 * background (transparent, or the first pixel's colour for an opaque image). An empty pad is refused.
 */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { AppError } from '../errors';
import { checkImage } from '../captures/imageCheck';
import { SIGNATURE_IMAGE_MAX_BYTES } from '../protocol';

/** Fewer inked pixels than this is an empty signature (a tap leaves a dot of about 30). */
export const MIN_INK_PIXELS = 40;
/** The largest signature canvas taken, per side. */
export const MAX_SIGNATURE_SIDE = 4096;

const invalid = (detail: string) => new AppError('SIGNATURE_IMAGE_INVALID', { detail });

/** The PNG bytes of a `data:image/png;base64,…` URL. */
export function pngOfDataUrl(dataUrl: string): Buffer {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.length > SIGNATURE_IMAGE_MAX_BYTES) throw invalid(`图片超过 ${SIGNATURE_IMAGE_MAX_BYTES / 1024} KB`);
  return bytes;
}

interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
  data: Buffer;
}

function readPng(png: Buffer): PngHeader {
  let offset = 8;
  let header: Omit<PngHeader, 'data'> | null = null;
  const idat: Buffer[] = [];
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8]!, colourType: body[9]!, interlace: body[12]! };
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header) throw invalid('缺少 IHDR');
  return { ...header, data: inflateSync(Buffer.concat(idat)) };
}

/** Reverses the PNG row filters in place; `bpp` bytes per pixel. */
function unfilter(data: Buffer, width: number, height: number, bpp: number): Buffer[] {
  const stride = width * bpp;
  const rows: Buffer[] = [];
  let previous: Buffer = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1);
    const filter = data[start]!;
    const row = data.subarray(start + 1, start + 1 + stride);
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? row[x - bpp]! : 0;
      const up = previous[x]!;
      const upLeft = x >= bpp ? previous[x - bpp]! : 0;
      let add = 0;
      if (filter === 1) add = left;
      else if (filter === 2) add = up;
      else if (filter === 3) add = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        add = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      row[x] = (row[x]! + add) & 0xff;
    }
    rows.push(row);
    previous = row;
  }
  return rows;
}

/** How many pixels carry ink: opaque-ish ones on a transparent image, or ones unlike the background on an opaque one. */
export function inkedPixels(png: Buffer): number {
  const image = readPng(png);
  if (image.bitDepth !== 8 || image.interlace !== 0 || (image.colourType !== 6 && image.colourType !== 2)) {
    throw invalid('应为 8 位 RGB 或 RGBA、非隔行的 PNG');
  }
  if (image.width > MAX_SIGNATURE_SIDE || image.height > MAX_SIGNATURE_SIDE) throw invalid(`每边最多 ${MAX_SIGNATURE_SIDE} 像素`);
  const bpp = image.colourType === 6 ? 4 : 3;
  if (image.data.length < image.height * (image.width * bpp + 1)) throw invalid('图像数据不完整');
  const rows = unfilter(image.data, image.width, image.height, bpp);
  let inked = 0;
  const background = rows[0]!.subarray(0, bpp);
  for (const row of rows) {
    for (let x = 0; x < image.width; x++) {
      const i = x * bpp;
      if (bpp === 4) {
        if (row[i + 3]! >= 64) inked++;
      } else if (Math.abs(row[i]! - background[0]!) + Math.abs(row[i + 1]! - background[1]!) + Math.abs(row[i + 2]! - background[2]!) > 96) {
        inked++;
      }
    }
  }
  return inked;
}

/** The signature image checked (whole PNG, has ink), with its sha256; SIGNATURE_EMPTY or SIGNATURE_IMAGE_INVALID otherwise. */
export async function checkedSignatureImage(dataUrl: string): Promise<{ png: Buffer; sha256: string }> {
  const png = pngOfDataUrl(dataUrl);
  try {
    await checkImage('image/png', png);
  } catch (cause) {
    if (cause instanceof AppError) throw invalid(String(cause.params?.detail ?? cause.code));
    throw cause;
  }
  if (inkedPixels(png) < MIN_INK_PIXELS) throw new AppError('SIGNATURE_EMPTY');
  return { png, sha256: createHash('sha256').update(png).digest('hex') };
}
