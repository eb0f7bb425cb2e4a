/**
 * What is wrong with an ID number, in the words the start form shows beside the field. The same
 * sentence in the browser (while the clerk types) and from the form action (after a submission).
 */
import { checkIdNumber } from '$shared/idNumber';
import { t } from '$lib/i18n';

/** The problem with `value` as a sentence, or null when it is a valid 18-character ID number. */
export function idNumberMessage(value: string, today: Date = new Date()): string | null {
  const typed = value.trim();
  if (typed === '') return t('sessionForm.idNumberRequired');
  // A pasted number with something extra is refused as it is, never cut to 18 characters.
  if (typed.length > 18) return t('sessionForm.idNumberTooLong', { count: [...typed].length });
  const check = checkIdNumber(value, today);
  if (check.ok) return null;
  switch (check.problem) {
    case 'checkDigit':
      return t('sessionForm.idNumberCheckDigit', { expected: check.expectedCheckDigit ?? '' });
    case 'region':
      return t('sessionForm.idNumberRegion');
    case 'birthDate':
      return t('sessionForm.idNumberBirthDate');
    case 'format':
      return t('sessionForm.idNumberFormat');
  }
}
