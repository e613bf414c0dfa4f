/** Exit codes shared by every command (clig.dev conventions). */
export const EXIT = {
  found: 0,
  notFound: 1,
  usage: 2,
  interrupted: 130,
} as const;

/**
 * An error the user can cause and fix. The message is one line of Chinese that says what to do;
 * the CLI's error boundary prints it to stderr and exits with `exitCode`, never with a stack trace.
 */
export class SbkError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
    /** Extra lines printed after the message (e.g. every data problem found). */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'SbkError';
  }
}
