/**
 * The signing kiosk (签名): the local clerk opens it on the window's tablet (a second window of their
 * own browser, so it is signed in as them) for a document made from the case. The page shows that
 * document byte for byte and sends the signature with its sha256; the server checks and keeps it.
 */
import { error } from '@sveltejs/kit';
import { signingDocumentIdParam } from '$shared';
import { t } from '$lib/i18n';
import { errorPayloadOf } from '$lib/server/errorPayload';
import { requireRole } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const staff = await requireRole(locals, url, 'local_clerk');
  if (!signingDocumentIdParam.safeParse(params.documentId).success) error(404, { message: t('errors.SIGNING_DOCUMENT_NOT_FOUND'), code: 'SIGNING_DOCUMENT_NOT_FOUND' });
  try {
    return { document: await locals.context.signatures.document(staff, params.documentId), kiosk: url.searchParams.get('kiosk') === '1' };
  } catch (cause) {
    const { status, error: payload } = await errorPayloadOf(cause, { locals, url });
    error(status, { message: payload.message, code: payload.code });
  }
};
