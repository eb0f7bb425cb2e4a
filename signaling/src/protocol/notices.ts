/** 一次性告知书 as browser and server exchange them. */
import { z } from 'zod';
import { t } from './i18n';
import type { NoticeKind } from './values';

export { noticeKinds, NOTICE_SUPPLEMENT_WORKING_DAYS, type NoticeKind } from './values';

export const noticeIdParam = z.coerce.number({ message: t('validation.noticeId') }).int().positive();

/** One material the citizen must bring or bring again, and why. */
export interface NoticeItem {
  material: string;
  reason: string;
}

/** Whom the citizen asks: the home jurisdiction's window and clerk. */
export interface NoticeContact {
  jurisdictionName: string;
  servicePointName: string;
  clerkName: string;
  /** Where the citizen was received and brings the material. */
  localServicePointName: string;
}

export interface NoticeView {
  id: number;
  caseId: number;
  caseNumber: string;
  kind: NoticeKind;
  kindName: string;
  title: string;
  matterName: string;
  /** The applicant, masked. */
  applicantName: string;
  items: NoticeItem[];
  reason: string | null;
  legalBasis: string;
  deadline: string | null;
  contact: NoticeContact;
  issuedAt: string;
  pdfUrl: string;
}
