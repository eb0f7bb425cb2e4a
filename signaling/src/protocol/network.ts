/** How a hall PC reaches the server: the local CA's certificate for HTTPS. */

/** Where the sign-in page links the local CA's certificate (public; the certificate only, never a key). */
export const CA_CERTIFICATE_PATH = '/api/public/ca-certificate';
/** The file name a browser saves it under (Windows opens .crt files in its certificate wizard). */
export const CA_CERTIFICATE_FILE_NAME = 'vwindow-ca.crt';

/**
 * A TURN server as the browser's RTCPeerConnection takes it. The credential is time-limited (coturn's
 * use-auth-secret scheme: username `expiry:staffId`, credential base64 HMAC-SHA1 of it under the
 * shared secret) and ends with the sign-in; never a long-lived password.
 */
export interface IceServer {
  urls: string[];
  username: string;
  credential: string;
}
