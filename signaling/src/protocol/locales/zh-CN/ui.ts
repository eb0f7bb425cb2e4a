/** Strings of the pages, one file per area under ui/. */
import { consoleStrings } from './ui/consoles';
import { sessionStrings } from './ui/sessions';
import { callStrings } from './ui/call';
import { captureStrings } from './ui/capture';
import { caseStrings } from './ui/cases';
import { ratingStrings } from './ui/ratings';
import { selfTestStrings } from './ui/selfTest';

export const ui = { ...consoleStrings, ...sessionStrings, ...callStrings, ...captureStrings, ...caseStrings, ...ratingStrings, ...selfTestStrings };
