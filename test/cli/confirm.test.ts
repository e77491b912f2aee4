/** The yes/no question before a delete or an overwrite: what it shows, and that only `yes` goes ahead. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { defaultConfirm, terminalConfirm } from '../../src/cli/confirm';

/** A terminal typed `answer` into; `shown` is what the prompt wrote. */
function terminal(answer: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  const type = () => input.write(answer);
  return { input, output, type, shown: () => shown };
}

async function ask(answer: string) {
  const tty = terminal(answer);
  const asked = terminalConfirm(tty.input, tty.output)('copy v1 over the state\n', 'Restore storytime-dev?');
  tty.type();
  return { yes: await asked, shown: tty.shown() };
}

describe('the confirmation prompt', () => {
  it('shows what will happen and the question, and takes yes (spaces around it allowed)', async () => {
    expect(await ask('yes\n')).toEqual({ yes: true, shown: "copy v1 over the state\nRestore storytime-dev? Only 'yes' is accepted: " });
    expect((await ask('  yes \n')).yes).toBe(true);
  });

  it.each(['y\n', 'YES\n', 'no\n', '\n', 'yes please\n'])('takes %j for no', async (answer) => {
    expect((await ask(answer)).yes).toBe(false);
  });

  it('stops reading the terminal once answered', async () => {
    const tty = terminal('yes\n');
    const asked = terminalConfirm(tty.input, tty.output)('text\n', 'Go?');
    tty.type();
    await asked;
    expect(tty.input.listenerCount('data')).toBe(0);
  });

  it('asks on a terminal only: without one there is nobody to ask', () => {
    const tty = terminal('yes\n');
    expect(defaultConfirm(Object.assign(new PassThrough(), { isTTY: false }) as never)).toBeUndefined();
    const confirm = defaultConfirm(Object.assign(tty.input, { isTTY: true }) as never);
    expect(confirm).toBeTypeOf('function');
  });
});
