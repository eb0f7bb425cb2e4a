/** The pages' own strings (zh-CN), one file per area; the messages shared with the server are in $shared/locales. */
import { consoleStrings } from './consoles';
import { sessionStrings } from './sessions';
import { callStrings } from './call';
import { captureStrings } from './capture';
import { caseStrings } from './cases';
import { ratingStrings } from './ratings';
import { auditStrings } from './audit';
import { selfTestStrings } from './selfTest';
import { citizenStrings } from './citizen';
import { pagingStrings } from './paging';
import { guestStrings } from './guests';
import { documentStrings } from './documents';
import { recordingStrings } from './recording';

export const ui = { ...consoleStrings, ...sessionStrings, ...callStrings, ...captureStrings, ...caseStrings, ...ratingStrings, ...auditStrings, ...selfTestStrings, ...citizenStrings, ...pagingStrings, ...guestStrings, ...documentStrings, ...recordingStrings };
