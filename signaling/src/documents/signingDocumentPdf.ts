/**
 * The document the citizen signs on the kiosk, made from the case: the application form (申请表) or the
 * receipt (受理回执) — case number, matter, applicant (ID number masked), where and when it was received,
 * the materials with their sha256, the declaration, and the line for the signature.
 */
import { t, type SigningDocumentKind } from '../protocol';
import { CjkPdfWriter } from './cjkPdf';

export interface SigningDocumentContent {
  kind: SigningDocumentKind;
  caseNumber: string;
  matterName: string;
  homeJurisdictionName: string;
  applicantName: string;
  applicantIdNumber: string;
  localServicePointName: string;
  receivedAt: Date;
  materials: { material: string; sha256: string }[];
  generatedAt: Date;
}

const beijing = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export async function signingDocumentPdf(content: SigningDocumentContent): Promise<Uint8Array> {
  const title = t(`server.signingDocument.title.${content.kind}`, { matter: content.matterName });
  const pdf = await CjkPdfWriter.create(title, content.generatedAt);
  pdf.text(title, { size: 22, align: 'center', after: 12 });
  pdf.text(t('server.signingDocument.caseNumber', { caseNumber: content.caseNumber }));
  pdf.text(t('server.signingDocument.matter', { matter: content.matterName }));
  pdf.text(t('server.signingDocument.homeJurisdiction', { jurisdiction: content.homeJurisdictionName }));
  pdf.text(t('server.signingDocument.applicant', { name: content.applicantName, idNumber: content.applicantIdNumber }));
  pdf.text(t('server.signingDocument.receivedAt', { servicePoint: content.localServicePointName, date: beijing(content.receivedAt) }));
  pdf.rule();
  pdf.text(t('server.signingDocument.materialsHeading'), { size: 16, after: 4 });
  if (content.materials.length === 0) pdf.text(t('server.signingDocument.noMaterials'));
  content.materials.forEach((m, i) => pdf.text(t('server.signingDocument.material', { n: i + 1, material: m.material, sha: m.sha256.slice(0, 16) }), { size: 12 }));
  pdf.rule();
  pdf.text(t('server.signingDocument.declaration'), { after: 24 });
  pdf.text(t('server.signingDocument.signHere'), { size: 16, after: 60 });
  pdf.text(t('server.signingDocument.generated', { date: beijing(content.generatedAt) }), { size: 11, grey: 0.35 });
  return pdf.bytes();
}
