/** A failure to report as `error: <message>` with exit code 1 (no stack trace: the message says it all). */
export class CliError extends Error {}

/** Bad command line: the usage is printed and the exit code is 2. */
export class CliUsageError extends Error {}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
