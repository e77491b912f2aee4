/** Bad input from the operator: the CLI prints its message as one line and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  /** Set for command-line syntax errors: the CLI prints the command's usage after the line. */
  showUsage = false;
}

/** A UsageError about the command line itself, shown with the command's usage. */
export function flagError(message: string): UsageError {
  const error = new UsageError(message);
  error.showUsage = true;
  return error;
}

/** A command that stops for a reason the operator can act on (not a bug): its message as one line, exit 1. */
export class CommandFailure extends Error {
  override name = 'CommandFailure';
}
