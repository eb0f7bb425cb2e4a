/**
 * The document types a capture may have, recognised by their bytes (magic numbers and trailers),
 * never by what the client declares. Whether an image decodes is ./imageCheck.ts's question.
 */

export const captureMimeTypes = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type CaptureMimeType = (typeof captureMimeTypes)[number];

export function isCaptureMimeType(value: string): value is CaptureMimeType {
  return (captureMimeTypes as readonly string[]).includes(value);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** The type the first bytes say, or null. */
export function sniffType(head: Buffer): CaptureMimeType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** Whether the last bytes close a complete file of `type` (a cut-off upload does not). */
export function hasCompleteTrailer(type: CaptureMimeType, tail: Buffer): boolean {
  switch (type) {
    case 'image/jpeg': {
      // EOI marker, possibly followed by padding some encoders add.
      const trimmed = trimEnd(tail, [0x00, 0x0a, 0x0d, 0x20]);
      return trimmed.length >= 2 && trimmed[trimmed.length - 2] === 0xff && trimmed[trimmed.length - 1] === 0xd9;
    }
    case 'image/png':
      return tail.length >= 8 && tail.subarray(tail.length - 8).equals(PNG_IEND);
    case 'application/pdf':
      return tail.subarray(Math.max(0, tail.length - 1024)).toString('latin1').includes('%%EOF');
  }
}

function trimEnd(buffer: Buffer, bytes: number[]): Buffer {
  let end = buffer.length;
  while (end > 0 && bytes.includes(buffer[end - 1]!)) end--;
  return buffer.subarray(0, end);
}
