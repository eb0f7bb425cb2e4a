/**
 * The signing step behind one interface: a Signer turns what the kiosk sent into the evidence kept with
 * the document's sha256. `HandwrittenSigner` takes the image drawn with finger or stylus; a CA-based
 * signer (a digital certificate, 电子签章) would implement the same interface with its own method name
 * and evidence, and SignatureService would stay as it is.
 */
import type { SignatureMethod, SignatureRequest } from '../protocol';
import { checkedSignatureImage } from './signatureImage';

export interface SignatureEvidence {
  method: SignatureMethod;
  /** What is kept as the signature (the PNG drawn, for a handwritten one). */
  image: Buffer;
  imageSha256: string;
}

export interface Signer {
  readonly method: SignatureMethod;
  /** Checks what was sent and returns the evidence to keep; throws a stable error (SIGNATURE_EMPTY, …) otherwise. */
  sign(request: SignatureRequest, documentSha256: string): Promise<SignatureEvidence>;
}

/** 手写签名: a PNG with ink on it, as drawn on the kiosk's signature pad. */
export class HandwrittenSigner implements Signer {
  readonly method = 'handwritten' as const;

  async sign(request: SignatureRequest): Promise<SignatureEvidence> {
    const { png, sha256 } = await checkedSignatureImage(request.image);
    return { method: this.method, image: png, imageSha256: sha256 };
  }
}
