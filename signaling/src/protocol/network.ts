/** How a hall PC reaches the server: the local CA's certificate for HTTPS. */

/** Where the sign-in page links the local CA's certificate (public; the certificate only, never a key). */
export const CA_CERTIFICATE_PATH = '/api/public/ca-certificate';
/** The file name a browser saves it under (Windows opens .crt files in its certificate wizard). */
export const CA_CERTIFICATE_FILE_NAME = 'vwindow-ca.crt';
