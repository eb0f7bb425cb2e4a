/**
 * The browser side of /api/sessions/:id/captures, /api/captures/:id/review and /api/sessions/:id/identity:
 * typed requests whose refusals come back as the server's plain sentence.
 */
import type { CaptureView, ErrorBody, IdentityVerdictRequest, IdentityVerdictView, IdentityView } from '$shared';
import { t } from '$lib/i18n';

export const CAPTURE_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;

export interface CatalogMaterial {
  id: number;
  name: string;
  required: boolean;
  note: string | null;
}

/** A refusal the person can read: the server's message, else the HTTP status text. */
export class CaptureRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
  }
}

async function refusal(response: Response): Promise<CaptureRequestError> {
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  return new CaptureRequestError(body?.error?.message ?? (response.statusText || String(response.status)), response.status, body?.error?.code ?? null);
}

async function json<T>(input: string, init?: RequestInit): Promise<T> {
  const response = await fetch(input, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  if (!response.ok) throw await refusal(response);
  return (await response.json()) as T;
}

export async function listCaptures(sessionId: string): Promise<CaptureView[]> {
  return (await json<{ captures: CaptureView[] }>(`/api/sessions/${sessionId}/captures`)).captures;
}

/** The checklist of the session's matter (from the home jurisdiction's catalog). */
export async function matterMaterials(jurisdictionCode: string, matterId: number): Promise<CatalogMaterial[]> {
  const { matters } = await json<{ matters: { id: number; materials: CatalogMaterial[] }[] }>(`/api/catalog/matters?jurisdiction=${jurisdictionCode}`);
  return matters.find((m) => m.id === matterId)?.materials ?? [];
}

export async function reviewCapture(captureId: string, decision: { status: 'accepted' } | { status: 'recapture_requested'; reason: string }): Promise<CaptureView> {
  const body = JSON.stringify(decision);
  return (await json<{ capture: CaptureView }>(`/api/captures/${captureId}/review`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).capture;
}

export async function loadIdentity(sessionId: string): Promise<IdentityView> {
  return (await json<{ identity: IdentityView }>(`/api/sessions/${sessionId}/identity`)).identity;
}

export async function recordIdentity(sessionId: string, verdict: IdentityVerdictRequest): Promise<IdentityVerdictView> {
  const body = JSON.stringify(verdict);
  return (await json<{ verdict: IdentityVerdictView }>(`/api/sessions/${sessionId}/identity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).verdict;
}

/**
 * Why a chosen file cannot be uploaded, checked before sending it against the server's limit
 * (`limitMb`, from the page data); null when it can. The server checks again.
 */
export function fileProblem(file: { type: string; size: number }, limitMb: number): string | null {
  if (!(CAPTURE_TYPES as readonly string[]).includes(file.type)) return t('capture.typeNotAllowed');
  if (file.size > limitMb * 1024 * 1024) return t('capture.tooLarge', { mb: limitMb });
  return null;
}

export interface UploadOptions {
  material: number | 'other';
  kind: 'still' | 'upload';
  /** 0..1 as the body goes out. */
  onProgress?: (fraction: number) => void;
}

/** POSTs the file as the raw body (XMLHttpRequest, for upload progress). */
export function uploadCapture(sessionId: string, file: Blob, options: UploadOptions): Promise<CaptureView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/sessions/${sessionId}/captures`);
    xhr.setRequestHeader('content-type', file.type);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-capture-material', String(options.material));
    xhr.setRequestHeader('x-capture-kind', options.kind);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201 && body && typeof body === 'object' && 'capture' in body) {
        options.onProgress?.(1);
        resolve((body as { capture: CaptureView }).capture);
        return;
      }
      const error = (body as ErrorBody | null)?.error;
      reject(new CaptureRequestError(error?.message ?? (xhr.statusText || String(xhr.status)), xhr.status, error?.code ?? null));
    };
    xhr.onerror = () => reject(new CaptureRequestError(t('capture.networkFailed'), 0, null));
    xhr.send(file);
  });
}

export function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
