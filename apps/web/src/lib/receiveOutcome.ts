/** What the home session page's 受理办件（收件） action answers (the page's `form.receive`). */
export interface ReceiveOutcome {
  done?: boolean;
  message: string;
  /** CASE_MATERIALS_MISSING: the gaps the clerk is asked to confirm. */
  missing?: string[];
  recapture?: string[];
}
