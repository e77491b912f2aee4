/** `storytime check-env`: checks that a deployed environment answers as itself (src/cli/check-env/check.ts). */
import { defineCommand } from '../command';
import { checkEnvironment, EXIT, type CheckEnvDeps } from '../check-env/check';
import { parseEnvironment } from '../environments';
import { UsageError } from '../errors';

const USAGE = `usage: storytime check-env --env <environment> [--url https://<cdn-domain>] [--from <terraform output -json file>]
         [--private-key <pem file> [--key-pair-id <id>]] [--hls-path <path>] [--api-path <path>]
         [--require-backend-header] [--connect-to <host>:<port>] [--timeout <seconds>]
Requests an HLS and an API path through the environment's CDN and checks that every answer names it (docs/tools.md).
Exit 0 consistent, 1 a check failed, 2 bad input, 3 no answer, 4 unexpected error.
`;

const DEFAULT_HLS_PATH = '/books/check-env/index.m3u8';
const DEFAULT_API_PATH = '/api/health';
const DEFAULT_TIMEOUT_SECONDS = 10;

function parsePath(flag: string, value: string): string {
  if (!value.startsWith('/') || /\s/.test(value)) throw new UsageError(`${flag} "${value}" is not a path such as /books/42/index.m3u8`);
  return value;
}

function parseConnectTo(value: string): { host: string; port: number } {
  const match = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new UsageError(`--connect-to "${value}" is not <host>:<port> such as 127.0.0.1:8443`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

function parseTimeout(value: string): number {
  if (!/^[1-9]\d{0,2}$/.test(value)) throw new UsageError(`--timeout "${value}" is not a number of seconds from 1 to 999`);
  return Number(value);
}

export const command = defineCommand({
  name: 'check-env',
  usage: USAGE,
  unexpectedExitCode: EXIT.unexpected,
  flags: {
    env: { type: 'string' },
    url: { type: 'string' },
    from: { type: 'string' },
    'private-key': { type: 'string' },
    'key-pair-id': { type: 'string' },
    'hls-path': { type: 'string' },
    'api-path': { type: 'string' },
    'require-backend-header': { type: 'boolean' },
    'connect-to': { type: 'string' },
    timeout: { type: 'string' },
  },
  run({ flags }, deps: CheckEnvDeps = {}) {
    const env = parseEnvironment(flags.env);
    if (flags['key-pair-id'] !== undefined && flags['private-key'] === undefined) {
      throw new UsageError('--key-pair-id needs --private-key (the key signs the HLS request)');
    }
    const args = {
      env,
      url: flags.url,
      from: flags.from,
      privateKeyFile: flags['private-key'],
      keyPairId: flags['key-pair-id'],
      hlsPath: parsePath('--hls-path', flags['hls-path'] ?? DEFAULT_HLS_PATH),
      apiPath: parsePath('--api-path', flags['api-path'] ?? DEFAULT_API_PATH),
      requireBackendHeader: flags['require-backend-header'] ?? false,
      connectTo: flags['connect-to'] === undefined ? undefined : parseConnectTo(flags['connect-to']),
      timeoutSeconds: flags.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : parseTimeout(flags.timeout),
    };
    return checkEnvironment(args, deps);
  },
});
