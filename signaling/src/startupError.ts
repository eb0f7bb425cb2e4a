/**
 * A start-up refusal a person can act on: names the variable (and file) at fault, in one message.
 * main.ts prints it without a stack and exits 2; everything started before it has been stopped.
 */
export class StartupError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'StartupError';
  }
}
