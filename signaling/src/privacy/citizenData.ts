/**
 * Who reads the citizen's full ID number and phone (DESIGN: masked wherever the full number is not
 * needed): the clerks of the case's home jurisdiction, who handle it (属地办理), and that
 * jurisdiction's own systems over https. Local clerks, supervisors and anything sent in the clear get
 * them masked (protocol/personalData.ts), and so does anything shown back to an administrator.
 */
import { maskCitizen, type CitizenData, type SignedInStaff } from '../protocol';

/** Whether `staff` handles cases of `homeJurisdictionCode` and so needs the citizen's data in full. */
export function handlesCasesOf(staff: SignedInStaff, homeJurisdictionCode: string): boolean {
  return staff.role === 'home_clerk' && staff.jurisdictionCode === homeJurisdictionCode;
}

/** The citizen's data as `staff` may read them for a case of `homeJurisdictionCode`. */
export function citizenDataFor(staff: SignedInStaff, homeJurisdictionCode: string, citizen: CitizenData): CitizenData & { masked: boolean } {
  return handlesCasesOf(staff, homeJurisdictionCode) ? { ...citizen, masked: false } : { ...maskCitizen(citizen), masked: true };
}

/**
 * A case event for its webhook, with the applicant masked unless it goes to `url` over https. The
 * queue keeps the full event; what leaves the server, or is shown, passes through here.
 */
export function webhookPayloadFor(payload: unknown, url: URL | null): unknown {
  if (url?.protocol === 'https:') return payload;
  return maskApplicant(payload);
}

/** The same event with `case.applicant` (name, ID number, phone) masked. */
export function maskApplicant(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null) return payload;
  const kase = (payload as { case?: unknown }).case;
  if (typeof kase !== 'object' || kase === null) return payload;
  const applicant = (kase as { applicant?: unknown }).applicant;
  if (!isCitizenData(applicant)) return payload;
  return { ...payload, case: { ...kase, applicant: maskCitizen(applicant) } };
}

function isCitizenData(value: unknown): value is CitizenData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.idNumber === 'string' && typeof v.phone === 'string';
}
