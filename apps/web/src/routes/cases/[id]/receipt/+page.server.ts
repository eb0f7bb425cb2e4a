import { t } from '$lib/i18n';
import { hasReceipt } from '$lib/caseDecisions';
import { loadCase } from '$lib/server/cases';
import { qrSvg, statusAddress } from '$lib/server/receiptQr';
import type { PageServerLoad } from './$types';

/** The 受理回执 of an accepted case, with a QR code of where the citizen follows it. */
export const load: PageServerLoad = async ({ parent, locals, params, url }) => {
  const { staff } = await parent();
  const { kase, localHall } = await loadCase(locals, url, staff, params.id);
  const statusUrl = statusAddress(url.origin, kase.statusUrl);
  return {
    kase,
    localHall,
    accepted: hasReceipt(kase.status),
    statusUrl,
    qr: hasReceipt(kase.status) ? await qrSvg(statusUrl, t('cases.receipt.qrLabel')) : null,
    printedAt: new Date().toISOString(),
    // The citizen's signatures of the case's documents, each with the sha256 of what was signed.
    signatures: (await locals.context.signatures.ofCase(staff, kase.id)).signatures,
  };
};
