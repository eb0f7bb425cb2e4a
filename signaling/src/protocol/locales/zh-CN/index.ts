import { errors } from './errors';
import { names } from './names';
import { server } from './server';
import { validation } from './validation';
import { ui } from './ui';

export const zhCN = { errors, validation, names, server, ...ui };
export type Messages = typeof zhCN;
