export * from './errors';
export * from './roles';
export * from './auth';
export { t, i18n } from './i18n';
export * from './signaling';
export * from './idNumber';
export * from './sessions';
export * from './media';
export * from './jurisdiction';
