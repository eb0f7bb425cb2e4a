/**
 * The web app's i18n layer: the messages shared with the server ($shared/locales: errors, field
 * messages, names of domain values) and the pages' own strings (./zh-CN), in one i18next instance.
 * zh-CN is the first and, for now, only language. Keys are checked at compile time.
 */
import i18next from 'i18next';
import { zhCN as shared } from '$shared/locales/zh-CN';
import { ui } from './zh-CN';

const messages = { ...shared, ...ui };
export type WebMessages = typeof messages;

/** Every dotted path to a string: 'names.caseStatus.received', 'errors.FORBIDDEN', … */
type KeyOf<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${KeyOf<T[K]>}` }[keyof T & string];
export type MessageKey = KeyOf<WebMessages>;

const i18n = i18next.createInstance();
void i18n.init({
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  resources: { 'zh-CN': { translation: messages } },
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

const translate = i18n.t.bind(i18n) as unknown as (key: string, options?: Record<string, unknown>) => string;

/** The sentence of `key`, with `{{name}}` placeholders filled from `options`. */
export function t(key: MessageKey, options?: Record<string, unknown>): string {
  return translate(key, options);
}
