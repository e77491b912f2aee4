/** Bad input from the operator. runCli prints its message as one line and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  /** Set for command-line syntax errors: runCli prints the tool's usage after the line. */
  showUsage = false;
}

export function flagError(message: string): UsageError {
  const error = new UsageError(message);
  error.showUsage = true;
  return error;
}
