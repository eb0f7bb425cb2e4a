/**
 * The one i18n layer for browser and server (i18next, resources bundled, initialised synchronously).
 * zh-CN is the first and, for now, only language.
 */
import i18next from 'i18next';
import { zhCN, type Messages } from './locales/zh-CN';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Messages };
  }
}

export const i18n = i18next.createInstance();
void i18n.init({
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  resources: { 'zh-CN': { translation: zhCN } },
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

export const t = i18n.t.bind(i18n);
