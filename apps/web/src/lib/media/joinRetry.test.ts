import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorCode } from '$shared';
import { SignalingError } from '../signaling/SignalingClient';
import { JOIN_RETRY_DELAYS_MS, JoinRetry, retryableJoinFailure } from './joinRetry';

const failure = (code: ErrorCode) => new SignalingError({ code, message: code });

describe('retryableJoinFailure', () => {
  it('tries again when the server could not answer or failed inside, never after a refusal', () => {
    expect(retryableJoinFailure(failure('SERVICE_UNAVAILABLE'))).toBe(true);
    expect(retryableJoinFailure(failure('INTERNAL'))).toBe(true);
    for (const code of ['FORBIDDEN', 'SESSION_NOT_ACTIVE', 'SESSION_NOT_FOUND', 'NOT_IN_ROOM', 'VALIDATION_FAILED'] as const) expect(retryableJoinFailure(failure(code)), code).toBe(false);
    expect(retryableJoinFailure(new Error('no camera'))).toBe(false);
  });
});

describe('JoinRetry', () => {
  afterEach(() => vi.useRealTimers());

  it('tries again after each wait in turn, then stops', async () => {
    vi.useFakeTimers();
    const tries: number[] = [];
    const started = Date.now();
    const retry: JoinRetry = new JoinRetry(() => {
      tries.push(Date.now() - started);
      retry.failed(failure('INTERNAL'));
    });
    retry.failed(failure('INTERNAL'));
    await vi.advanceTimersByTimeAsync(60_000);
    let at = 0;
    expect(tries).toEqual(JOIN_RETRY_DELAYS_MS.map((delay) => (at += delay)));
  });

  it('starts from the first wait again once a join succeeded', async () => {
    vi.useFakeTimers();
    const tried = vi.fn();
    const retry = new JoinRetry(tried);
    retry.failed(failure('SERVICE_UNAVAILABLE'));
    await vi.advanceTimersByTimeAsync(1_000);
    retry.failed(failure('SERVICE_UNAVAILABLE'));
    retry.succeeded();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(tried).toHaveBeenCalledTimes(2);
    retry.failed(failure('SERVICE_UNAVAILABLE'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(tried).toHaveBeenCalledTimes(3);
  });

  it('does not try again after a refusal, nor once stopped', async () => {
    vi.useFakeTimers();
    const tried = vi.fn();
    const retry = new JoinRetry(tried);
    retry.failed(failure('SESSION_NOT_ACTIVE'));
    retry.failed(failure('INTERNAL'));
    retry.stop();
    retry.failed(failure('INTERNAL'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(tried).not.toHaveBeenCalled();
  });
});
