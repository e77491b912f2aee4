/**
 * The yes/no question a command asks before it deletes or overwrites
 * something: on a terminal it shows what is about to happen and waits for
 * `yes`; elsewhere (CI, a pipe) there is nobody to ask, and the command wants
 * `--yes` instead.
 */
import { createInterface } from 'node:readline/promises';

/** Shows `text` (what will happen), asks `question`; true only for the answer `yes`. */
export type Confirm = (text: string, question: string) => Promise<boolean>;

/** The prompt that reads the answer from `input` and writes to `output` (the terminal: stdin, stderr). */
export const terminalConfirm =
  (input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr): Confirm =>
  async (text, question) => {
    output.write(text);
    const prompt = createInterface({ input, output });
    try {
      return (await prompt.question(`${question} Only 'yes' is accepted: `)).trim() === 'yes';
    } finally {
      prompt.close();
    }
  };

/** The terminal's prompt when there is a terminal to ask (`input`, by default stdin, is one), else undefined. */
export const defaultConfirm = (input: NodeJS.ReadStream = process.stdin): Confirm | undefined =>
  input.isTTY ? terminalConfirm(input) : undefined;
