/**
 * Whether an uploaded image can be shown, checked before it is kept: its pixel size within
 * MAX_IMAGE_SIDE and MAX_IMAGE_PIXELS (read from the header, before anything is decoded), and
 * - a PNG: every chunk whole with its CRC, a valid IHDR first, the palette a palette image needs, and
 *   its image data inflated (streamed, never held) to exactly the bytes its rows need, each row with a
 *   known filter;
 * - a JPEG: every segment whole, one frame header, quantisation tables, and at least one scan with
 *   entropy-coded data, up to the end marker. (The Huffman data itself is left to the browser.)
 * Anything else is CAPTURE_IMAGE_INVALID, an image too large CAPTURE_IMAGE_TOO_LARGE.
 */
import { createInflate, crc32 } from 'node:zlib';
import { AppError } from '../errors';

/** Longest side (browsers' canvases stop at 16,384 or 32,767). */
export const MAX_IMAGE_SIDE = 16_384;
/** 40 million pixels: an A4 page scanned at 600 dpi is 35 million. */
export const MAX_IMAGE_PIXELS = 40_000_000;

export interface ImageSize {
  width: number;
  height: number;
}

function invalid(detail: string): AppError {
  return new AppError('CAPTURE_IMAGE_INVALID', { detail });
}

function checkSize(size: ImageSize): ImageSize {
  if (size.width === 0 || size.height === 0) throw invalid('宽或高为 0');
  if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE || size.width * size.height > MAX_IMAGE_PIXELS) {
    throw new AppError('CAPTURE_IMAGE_TOO_LARGE', {
      width: size.width,
      height: size.height,
      maxSide: MAX_IMAGE_SIDE,
      maxMegapixels: MAX_IMAGE_PIXELS / 1_000_000,
    });
  }
  return size;
}

export async function checkImage(type: 'image/png' | 'image/jpeg', file: Buffer): Promise<ImageSize> {
  return type === 'image/png' ? checkPng(file) : checkJpeg(file);
}

// --- PNG ---------------------------------------------------------------------------------------

/** Bit depths allowed for each colour type, and its channels. */
const PNG_COLOUR_TYPES: Record<number, { depths: number[]; channels: number }> = {
  0: { depths: [1, 2, 4, 8, 16], channels: 1 },
  2: { depths: [8, 16], channels: 3 },
  3: { depths: [1, 2, 4, 8], channels: 1 },
  4: { depths: [8, 16], channels: 2 },
  6: { depths: [8, 16], channels: 4 },
};
/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Each reduced image's rows: their count and their length in bytes (filter byte included). */
function pngRows(size: ImageSize, bitsPerPixel: number, interlaced: boolean): { rows: number; rowBytes: number }[] {
  const rowBytes = (width: number) => 1 + Math.ceil((width * bitsPerPixel) / 8);
  if (!interlaced) return [{ rows: size.height, rowBytes: rowBytes(size.width) }];
  return ADAM7.map(([xs, ys, dx, dy]) => ({
    width: size.width > xs ? Math.ceil((size.width - xs) / dx) : 0,
    rows: size.height > ys ? Math.ceil((size.height - ys) / dy) : 0,
  }))
    .filter((pass) => pass.width > 0 && pass.rows > 0)
    .map((pass) => ({ rows: pass.rows, rowBytes: rowBytes(pass.width) }));
}

async function checkPng(file: Buffer): Promise<ImageSize> {
  let offset = 8;
  let size: ImageSize | null = null;
  let header: { depth: number; colourType: number; interlaced: boolean } | null = null;
  let palette = false;
  let ended = false;
  const data: Buffer[] = [];
  while (!ended) {
    if (offset + 12 > file.length) throw invalid('PNG 数据块不完整');
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    if (length > 0x7fffffff || offset + 12 + length > file.length || !/^[A-Za-z]{4}$/.test(type)) throw invalid('PNG 数据块不完整');
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (crc32(body, crc32(file.subarray(offset + 4, offset + 8))) !== file.readUInt32BE(offset + 8 + length)) throw invalid(`PNG ${type} 校验错误`);
    if (!size && type !== 'IHDR') throw invalid('PNG 缺少 IHDR');
    if (type === 'IHDR') {
      if (size || length !== 13) throw invalid('PNG IHDR 无效');
      size = checkSize({ width: body.readUInt32BE(0), height: body.readUInt32BE(4) });
      const [depth = 0, colourType = 0, compression, filter, interlace = 0] = body.subarray(8);
      if (!PNG_COLOUR_TYPES[colourType]?.depths.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1) throw invalid('PNG IHDR 无效');
      header = { depth, colourType, interlaced: interlace === 1 };
    } else if (type === 'PLTE') palette = true;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  if (!size || !header) throw invalid('PNG 缺少 IHDR');
  if (header.colourType === 3 && !palette) throw invalid('PNG 缺少调色板');
  if (data.length === 0) throw invalid('PNG 没有图像数据');
  await inflatePngRows(data, pngRows(size, PNG_COLOUR_TYPES[header.colourType]!.channels * header.depth, header.interlaced));
  return size;
}

/** Inflates the image data without keeping it: exactly the bytes of `passes`, each row starting with a filter 0–4. */
function inflatePngRows(data: Buffer[], passes: { rows: number; rowBytes: number }[]): Promise<void> {
  const rowStarts: { at: number; rowBytes: number; end: number }[] = [];
  let expected = 0;
  for (const pass of passes) {
    rowStarts.push({ at: expected, rowBytes: pass.rowBytes, end: expected + pass.rows * pass.rowBytes });
    expected += pass.rows * pass.rowBytes;
  }
  return new Promise((resolve, reject) => {
    const inflate = createInflate();
    let seen = 0;
    let failed = false;
    const fail = (error: AppError) => {
      if (failed) return;
      failed = true;
      inflate.destroy();
      reject(error);
    };
    inflate.on('data', (chunk: Buffer) => {
      const from = seen;
      seen += chunk.length;
      if (seen > expected) return fail(invalid('PNG 图像数据多于图像尺寸'));
      for (const pass of rowStarts) {
        if (pass.end <= from || pass.at >= seen) continue;
        const first = Math.max(0, Math.ceil((from - pass.at) / pass.rowBytes));
        for (let row = pass.at + first * pass.rowBytes; row < Math.min(seen, pass.end); row += pass.rowBytes) {
          if (chunk[row - from]! > 4) return fail(invalid('PNG 行过滤类型无效'));
        }
      }
    });
    inflate.on('error', () => fail(invalid('PNG 图像数据无法解压')));
    inflate.on('end', () => {
      if (seen !== expected) fail(invalid('PNG 图像数据不完整'));
      else if (!failed) resolve();
    });
    for (const part of data) inflate.write(part);
    inflate.end();
  });
}

// --- JPEG --------------------------------------------------------------------------------------

const isSof = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function checkJpeg(file: Buffer): ImageSize {
  let offset = 2;
  let size: ImageSize | null = null;
  let tables = false;
  let scanned = false;
  for (;;) {
    if (offset + 2 > file.length || file[offset] !== 0xff) throw invalid('JPEG 结构无效');
    while (file[offset + 1] === 0xff && offset + 2 < file.length) offset++;
    const marker = file[offset + 1]!;
    offset += 2;
    if (marker === 0xd9) break;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd8 || offset + 2 > file.length) throw invalid('JPEG 结构无效');
    const length = file.readUInt16BE(offset);
    if (length < 2 || offset + length > file.length) throw invalid('JPEG 数据段不完整');
    const segment = file.subarray(offset + 2, offset + length);
    if (isSof(marker)) {
      const components = segment[5] ?? 0;
      if (size || segment.length < 6 || components < 1 || components > 4 || segment.length !== 6 + 3 * components) throw invalid('JPEG 帧头无效');
      size = checkSize({ height: segment.readUInt16BE(1), width: segment.readUInt16BE(3) });
    } else if (marker === 0xdb) tables = true;
    offset += length;
    if (marker !== 0xda) continue;
    if (!size || !tables) throw invalid('JPEG 缺少帧头或量化表');
    // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
    const start = offset;
    while (offset + 1 < file.length && !(file[offset] === 0xff && file[offset + 1] !== 0x00 && (file[offset + 1]! < 0xd0 || file[offset + 1]! > 0xd7))) offset++;
    if (offset + 1 >= file.length) throw invalid('JPEG 缺少结束标记');
    if (offset > start) scanned = true;
  }
  if (!size) throw invalid('JPEG 缺少帧头');
  if (!scanned) throw invalid('JPEG 没有图像数据');
  return size;
}
