/**
 * AWS SDK clients that answer in the test process: for code that builds its own client (the state store,
 * the masters archive, destroy's bucket check), `send` of each client class is replaced by answers.
 */
import { vi } from 'vitest';
import type { Answers } from './recover-support';

interface SentCommand {
  readonly input: Readonly<Record<string, unknown>>;
}

interface SdkClient {
  send(command: SentCommand): Promise<unknown>;
  readonly config: { readonly region: () => Promise<string>; readonly forcePathStyle?: boolean };
}

/**
 * Every `send` of the given client classes answers from `answers` (by command class; a handler that throws
 * is the service's error) and is logged as `<region>[ path-style] <Command> <input as JSON>`. Undone by
 * vi.restoreAllMocks().
 */
export function fakeSdk(clients: readonly { readonly prototype: object }[], answers: Answers): string[] {
  const calls: string[] = [];
  for (const client of clients) {
    vi.spyOn(client.prototype as SdkClient, 'send').mockImplementation(async function (this: SdkClient, command: SentCommand) {
      const style = this.config.forcePathStyle === true ? ' path-style' : '';
      calls.push(`${await this.config.region()}${style} ${command.constructor.name} ${JSON.stringify(command.input)}`);
      const answer = answers.find(([type]) => command instanceof type);
      if (!answer) throw new Error(`no fake answer for ${command.constructor.name}`);
      return answer[1](command.input);
    });
  }
  return calls;
}

/** An S3 object body as the SDK streams it. */
export const body = (text: string) => ({
  transformToString: () => Promise.resolve(text),
  transformToByteArray: () => Promise.resolve(new TextEncoder().encode(text)),
});
