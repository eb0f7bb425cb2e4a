/** What a follow-up card shows after one of its forms was sent: the saved note, or the refusal and its fields. */
export interface CardFeedback {
  kind: 'return_call' | 'rectify' | 'close' | 'decision';
  saved?: string;
  error?: string;
  fields?: Partial<Record<'calledOn' | 'outcome' | 'rectification' | 'decision' | 'note', string>>;
  values?: Partial<Record<'calledOn' | 'outcome' | 'rectification' | 'note', string>>;
}
