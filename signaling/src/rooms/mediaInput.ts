/**
 * What mediasoup says when it refuses what a browser sent (RTP parameters and capabilities, DTLS
 * fingerprints) is the browser's error: answered 400 VALIDATION_FAILED with mediasoup's reason, not a
 * server failure. mediasoup's other errors (a transport or worker that closed: InvalidStateError,
 * NotFoundError) stay what they are.
 */
import { AppError } from '../errors';

/** Runs the mediasoup call that takes the browser's parameters, turning a refusal of them into a 400. */
export async function checkedByMediasoup<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isParameterRefusal(error)) throw new AppError('VALIDATION_FAILED', { detail: error.message.slice(0, 200) });
    throw error;
  }
}

function isParameterRefusal(error: unknown): error is Error {
  if (!(error instanceof Error) || error instanceof AppError) return false;
  // TypeError: mediasoup's validation (in node or in the worker); UnsupportedError: a codec the router
  // does not have; a plain Error from the worker: a conflict in what was sent (an SSRC already in use).
  return error instanceof TypeError || error.name === 'UnsupportedError' || Object.getPrototypeOf(error) === Error.prototype;
}
