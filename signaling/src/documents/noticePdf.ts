/**
 * 一次性告知书 as a PDF: the title, the applicant and matter, every material to bring with its reason
 * (or, for 不予受理, the reason and the materials' problems), the deadline, the legal basis, the contact.
 * The same lines are the print page's (apps/web/src/routes/cases/[id]/notices/[noticeId]).
 */
import { t, type NoticeView } from '../protocol';
import { CjkPdfWriter } from './cjkPdf';
import { beijingDate } from '../cases/workingDays';

/** The notice's text, paragraph by paragraph: what the PDF prints and what a test reads back. */
export function noticeParagraphs(notice: NoticeView, workingDays: number): { intro: string; items: string[]; closing: string[] } {
  const intro = t(`server.notice.intro.${notice.kind}`, { matter: notice.matterName, caseNumber: notice.caseNumber, legalBasis: notice.legalBasis });
  const items = notice.items.map((item, i) => t('server.notice.item', { n: i + 1, material: item.material, reason: item.reason }));
  const closing = [
    ...(notice.reason ? [t('server.notice.reasonHeading', { reason: notice.reason })] : []),
    ...(notice.deadline ? [t('server.notice.deadline', { date: notice.deadline, days: workingDays, place: notice.contact.localServicePointName })] : []),
    t('server.notice.legalBasis', { legalBasis: notice.legalBasis }),
  ];
  return { intro, items, closing };
}

export async function noticePdf(notice: NoticeView, workingDays: number): Promise<Uint8Array> {
  const issuedAt = new Date(notice.issuedAt);
  const pdf = await CjkPdfWriter.create(notice.title, issuedAt);
  const { intro, items, closing } = noticeParagraphs(notice, workingDays);
  pdf.text(notice.title, { size: 22, align: 'center', after: 12 });
  pdf.text(t('server.notice.applicant', { name: notice.applicantName }), { after: 6 });
  pdf.text(intro, { after: 8 });
  if (items.length > 0) {
    pdf.text(t(notice.kind === 'supplement' ? 'server.notice.itemsHeading' : 'server.notice.declineItemsHeading'), { size: 16, after: 4 });
    for (const item of items) pdf.text(item, { after: 2 });
    pdf.space(6);
  }
  for (const line of closing) pdf.text(line, { after: 4 });
  pdf.rule();
  pdf.text(t('server.notice.contactHeading'), { size: 16, after: 2 });
  pdf.text(t('server.notice.contact', { jurisdiction: notice.contact.jurisdictionName, servicePoint: notice.contact.servicePointName, clerk: notice.contact.clerkName }), { after: 12 });
  pdf.text(t('server.notice.issued', { date: beijingDate(issuedAt) }), { align: 'center' });
  return pdf.bytes();
}
