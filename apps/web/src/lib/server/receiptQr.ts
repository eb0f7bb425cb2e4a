/** The QR code on the 受理回执: the absolute address of the public status page, as inline SVG. */
import QRCode from 'qrcode';

/** Fixed options, so that the same address always gives the same picture (the e2e test relies on it). */
export const receiptQrOptions = { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } } as const;

/** `statusPath` (e.g. '/status?number=…') made absolute against the page's origin. */
export function statusAddress(origin: string, statusPath: string): string {
  return new URL(statusPath, origin).href;
}

const escapeAttribute = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/**
 * The QR code of `address` as an `<svg>` that names what it encodes (`data-url`) and reads as one
 * image with `label` for assistive technology.
 */
export async function qrSvg(address: string, label: string): Promise<string> {
  const svg = await QRCode.toString(address, receiptQrOptions);
  const attributes = `data-url="${escapeAttribute(address)}" role="img" aria-label="${escapeAttribute(label)}"`;
  return svg.replace(/^<svg /, `<svg ${attributes} `);
}
