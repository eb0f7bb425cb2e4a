/**
 * The recording notice in tests: a session whose matter or jurisdiction requires recording (the
 * default) is accepted only after its local clerk confirmed that the citizen was told
 * 本次服务全程录音录像 (RECORDING_NOTICE_REQUIRED otherwise). Every helper that starts a call confirms it
 * through this path, as the local clerk's page does.
 */
export const recordingNoticePath = (sessionId: string): string => `/api/sessions/${sessionId}/recording-notice`;
