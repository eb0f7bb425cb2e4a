import { errors } from './errors';
import { ui } from './ui';

export const zhCN = { errors, ...ui };
export type Messages = typeof zhCN;
