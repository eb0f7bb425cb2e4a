import { describe, expect, it } from 'vitest';
import { dataUrl, drawnSignature, emptySignature, signaturePng } from '../../../tests/support/signaturePng';
import { checkedSignatureImage, inkedPixels, MIN_INK_PIXELS } from './signatureImage';

describe('signature image', () => {
  it('counts the inked pixels of a drawn stroke through the PNG row filters', () => {
    expect(inkedPixels(signaturePng(10, 4, (x, y) => x === y))).toBe(4);
    expect(inkedPixels(drawnSignature())).toBeGreaterThan(MIN_INK_PIXELS);
    expect(inkedPixels(emptySignature())).toBe(0);
  });

  it('takes a drawn signature with its sha256, refuses an empty pad and what is not a PNG', async () => {
    const taken = await checkedSignatureImage(dataUrl(drawnSignature()));
    expect(taken.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(checkedSignatureImage(dataUrl(emptySignature()))).rejects.toMatchObject({ code: 'SIGNATURE_EMPTY', status: 422 });
    await expect(checkedSignatureImage(dataUrl(Buffer.from('not a png at all')))).rejects.toMatchObject({ code: 'SIGNATURE_IMAGE_INVALID' });
    // A few dots are not a signature.
    await expect(checkedSignatureImage(dataUrl(signaturePng(100, 100, (x, y) => x === 50 && y < 10)))).rejects.toMatchObject({ code: 'SIGNATURE_EMPTY' });
  });
});
