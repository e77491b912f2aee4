/**
 * The yes/no question a command asks before it deletes or overwrites
 * something: on a terminal it shows what is about to happen and waits for
 * `yes`; elsewhere (CI, a pipe) there is nobody to ask, and the command wants
 * `--yes` instead.
 */
import { createInterface } from 'node:readline/promises';

/** Shows `text` (what will happen), asks `question`; true only for the answer `yes`. */
export type Confirm = (text: string, question: string) => Promise<boolean>;

export const terminalConfirm: Confirm = async (text, question) => {
  process.stderr.write(text);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(`${question} Only 'yes' is accepted: `)).trim() === 'yes';
  } finally {
    prompt.close();
  }
};

/** The terminal's prompt when there is a terminal to ask, else undefined. */
export const defaultConfirm = (): Confirm | undefined => (process.stdin.isTTY ? terminalConfirm : undefined);
