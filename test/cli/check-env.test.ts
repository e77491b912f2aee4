/**
 * check-env against local HTTPS servers on 127.0.0.1 that play CloudFront:
 * the HLS path answers 403 without the environment header unless the request
 * carries valid signed cookies for that URL (as CloudFront's own 403 does), and
 * the API path answers with the CDN's header plus, when given, Rails' backend header.
 */
import { ENVIRONMENTS } from '../helpers';
import { execFile } from 'node:child_process';
import { createVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CheckEnvDeps } from '../../src/cli/check-env/check';
import { headerValue, NoAnswerError, probe } from '../../src/cli/check-env/probe';
import { resolveTarget } from '../../src/cli/check-env/target';
import { command as checkEnv } from '../../src/cli/commands/check-env';
import { UsageError } from '../../src/cli/errors';
import type { StackOutputsReader } from '../../src/cli/outputs';
import { rsaKeyPair } from '../keys';
import { FIXTURE, runCliAsync } from './process';
import { runCommand } from './run-command';

const CDN = 'cdn.dev.storytime.example';
const PROD_CDN = 'cdn.storytime.example';
const KEY_ID = 'K3ABCDEFGHIJKL';
const HLS = '/books/check-env/index.m3u8';
const noStack: StackOutputsReader = () => undefined;
const TOOLS_DOC = readFileSync(path.join(__dirname, '..', '..', 'docs', 'tools.md'), 'utf8');
// Async, so that bad input rejects like every other outcome instead of throwing at the call.
const runCheckEnv = async (argv: string[], deps?: CheckEnvDeps) => checkEnv.run(argv, deps);

interface Behaviour {
  /** x-storytime-environment of responses that reach the (HLS or API) origin. */
  hls: string;
  api: string;
  /** x-storytime-backend-environment Rails sends; none when undefined. */
  backend?: string;
  /** CloudFront's own 403 without signed cookies carries the header too (AWS does not document that; a stand-in for a future change). */
  headerOnUnsigned403?: boolean;
}

interface Seen {
  host: string | undefined;
  servername: string | false;
  path: string | undefined;
  signed: boolean;
}

let dir: string;
let certPem: string;
let certFile: string;
let keyPem: string;
let signerFile: string;
let signerPublic: string;
const servers: (Server | TcpServer)[] = [];
const sockets: Socket[] = [];

/** CloudFront's URL-safe base64: - for +, _ for =, ~ for /. */
function decodeCloudFront(text: string): Buffer {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
}

/** What CloudFront checks: a signature by a trusted key over a policy for this URL that has not expired. */
function validSignedCookies(cookieHeader: string | undefined, url: string): boolean {
  const cookies = Object.fromEntries(
    (cookieHeader ?? '').split('; ').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  const policy = cookies['CloudFront-Policy'];
  const signature = cookies['CloudFront-Signature'];
  if (!policy || !signature || cookies['CloudFront-Key-Pair-Id'] !== KEY_ID) return false;
  if (!createVerify('RSA-SHA1').update(decodeCloudFront(policy)).verify(signerPublic, decodeCloudFront(signature))) return false;
  const statement = JSON.parse(decodeCloudFront(policy).toString('utf8')).Statement[0];
  const expires = statement.Condition.DateLessThan['AWS:EpochTime'];
  return statement.Resource === url && expires > Date.now() / 1000 && expires <= Date.now() / 1000 + 300;
}

async function listen(server: Server | TcpServer): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A stand-in CloudFront distribution; returns its port and the requests it saw. */
async function cdn(behaviour: Behaviour): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createHttpsServer({ key: keyPem, cert: certPem }, (req, res) => {
    const host = req.headers.host;
    const signed = validSignedCookies(req.headers.cookie, `https://${host}${req.url}`);
    seen.push({ host, servername: (req.socket as TLSSocket & { servername: string | false }).servername, path: req.url, signed });
    if (req.url?.startsWith('/api/')) {
      res.setHeader('x-storytime-environment', behaviour.api);
      if (behaviour.backend) res.setHeader('x-storytime-backend-environment', behaviour.backend);
      res.end('{"status":"ok"}');
    } else if (signed) {
      // Forwarded to S3 (no such object: 403 from the origin), so the response headers policy applies.
      res.writeHead(403, { 'x-storytime-environment': behaviour.hls });
      res.end('<Error><Code>AccessDenied</Code></Error>');
    } else {
      // Generated by CloudFront before any origin: no response-headers-policy header.
      res.writeHead(403, behaviour.headerOnUnsigned403 ? { 'x-storytime-environment': behaviour.hls } : {});
      res.end('<Error><Code>MissingKey</Code></Error>');
    }
  });
  return { port: await listen(server), seen };
}

/** Accepts connections and never answers; `events` gets `open` and `close` for each connection, in order. */
async function silent(events: string[] = []): Promise<number> {
  const server = createTcpServer((socket) => {
    sockets.push(socket);
    events.push('open');
    socket.on('close', () => events.push('close'));
    socket.on('error', () => undefined);
  });
  return listen(server);
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The real command, in its own process (the servers keep running in this one). */
const cli = (args: string[]) => runCliAsync(['check-env', ...args], { ...process.env, NODE_EXTRA_CA_CERTS: certFile });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'storytime-check-env-'));
  const keyFile = path.join(dir, 'tls.key');
  certFile = path.join(dir, 'tls.crt');
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '1',
    '-subj',
    `/CN=${CDN}`,
    '-addext',
    `subjectAltName=DNS:${CDN},DNS:${PROD_CDN},DNS:d2abcdefgh1234.cloudfront.net`,
  ]);
  certPem = readFileSync(certFile, 'utf8');
  keyPem = readFileSync(keyFile, 'utf8');
  const pair = rsaKeyPair('signer');
  signerFile = path.join(dir, 'signer.pem');
  writeFileSync(signerFile, pair.privateKey.export({ type: 'pkcs1', format: 'pem' }));
  signerPublic = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

const consistent: Behaviour = { hls: 'dev', api: 'dev', backend: 'dev' };

// Concurrent: most of this file waits on sockets and child processes, not on this thread.
describe.concurrent('check-env', () => {
  it('consistent: both paths answer dev, the HLS one through a signed cookie; exit 0', async () => {
    const { port, seen } = await cdn(consistent);
    const run = await cli(['--env', 'dev', '--from', FIXTURE, '--private-key', signerFile, '--connect-to', `127.0.0.1:${port}`]);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        `check-env dev: https://${CDN} (domain from outputs in ${FIXTURE})`,
        `hls GET ${HLS} -> 403, x-storytime-environment: dev (signed cookie for this URL, key ${KEY_ID}, valid 300 s)`,
        'api GET /api/health -> 200, x-storytime-environment: dev, x-storytime-backend-environment: dev (no cookie)',
        'check-env dev: OK, every answer names dev',
        '',
      ].join('\n'),
    );
    // The CDN domain goes in the Host header and the TLS server name, whatever address is connected to.
    // Both requests go at once, so they arrive in either order.
    expect([...seen].sort((a, b) => String(b.path).localeCompare(String(a.path)))).toEqual([
      { host: CDN, servername: CDN, path: HLS, signed: true },
      { host: CDN, servername: CDN, path: '/api/health', signed: false },
    ]);
    // docs/tools.md quotes this run, with the outputs saved as outputs.dev.json.
    expect(TOOLS_DOC).toContain(`\n${run.stdout.replaceAll(FIXTURE, 'outputs.dev.json')}\`\`\`\n`);
  });

  it('mixed (seed ADR 003): the dev CDN sends /api/* to a staging backend; exit 1', async () => {
    const { port } = await cdn({ hls: 'dev', api: 'dev', backend: 'staging' });
    const run = await cli(['--env', 'dev', '--from', FIXTURE, '--private-key', signerFile, '--connect-to', `127.0.0.1:${port}`]);

    expect(run.status).toBe(1);
    expect(run.stdout.split('\n').slice(2)).toEqual([
      'api GET /api/health -> 200, x-storytime-environment: dev, x-storytime-backend-environment: staging (no cookie)',
      'check-env dev: FAILED (1 problem)',
      '',
    ]);
    expect(run.stderr).toBe(
      "check-env: api: x-storytime-backend-environment is staging, expected dev: this CDN sends /api/health to another environment's backend\n",
    );
    expect(TOOLS_DOC).toContain(`\n${run.stderr}\`\`\`\n`);
  });

  it('not answering: a server that accepts and stays silent; exit 3 after the --timeout, for both paths', async () => {
    const events: string[] = [];
    const port = await silent(events);
    const started = Date.now();
    const result = await runCheckEnv(['--env', 'dev', '--from', FIXTURE, '--connect-to', `127.0.0.1:${port}`, '--timeout', '1'], {
      readStack: noStack,
      ca: certPem,
    });

    expect(result.exitCode).toBe(3);
    // The deadline, not something sooner; both requests wait at once, so a silent CDN costs one timeout, not two.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(events.slice(0, 2)).toEqual(['open', 'open']);
    expect(result.stdout.split('\n').slice(1)).toEqual([
      `hls GET ${HLS} -> no answer (no answer within 1 s)`,
      'api GET /api/health -> no answer (no answer within 1 s)',
      'check-env dev: FAILED (2 problems)',
      '',
    ]);
    expect(result.stderr).toEqual([
      `hls: https://${CDN}${HLS} did not answer (no answer within 1 s)`,
      `api: https://${CDN}/api/health did not answer (no answer within 1 s)`,
    ]);
  });

  it('a body that never ends: the verdict comes from the headers and the connection is closed', async () => {
    const closed: Promise<void>[] = [];
    const server = createHttpsServer({ key: keyPem, cert: certPem }, (req, res) => {
      closed.push(new Promise((resolve) => req.socket.on('close', () => resolve())));
      res.writeHead(req.url?.startsWith('/api/') ? 200 : 403, {
        'x-storytime-environment': 'dev',
        'x-storytime-backend-environment': 'dev',
      });
      res.write('first of many chunks');
    });
    const port = await listen(server);
    const result = await runCheckEnv(
      ['--env', 'dev', '--from', FIXTURE, '--private-key', signerFile, '--connect-to', `127.0.0.1:${port}`],
      {
        readStack: noStack,
        ca: certPem,
      },
    );

    expect(result.exitCode).toBe(0);
    expect(closed).toHaveLength(2);
    const timedOut = new Promise<string>((resolve) => setTimeout(() => resolve('still open after 1 s'), 1000).unref());
    expect(await Promise.race([Promise.all(closed).then(() => 'closed'), timedOut])).toBe('closed');
  });

  it('not answering: nothing listens on the port; exit 3', async () => {
    const port = await closedPort();
    const result = await runCheckEnv(['--env', 'dev', '--from', FIXTURE, '--connect-to', `127.0.0.1:${port}`], {
      readStack: noStack,
      ca: certPem,
    });

    expect(result.exitCode).toBe(3);
    expect(result.stderr).toEqual([
      `hls: https://${CDN}${HLS} did not answer (ECONNREFUSED)`,
      `api: https://${CDN}/api/health did not answer (ECONNREFUSED)`,
    ]);
  });

  it("unsigned: CloudFront's own 403 has no environment header, so it asks for a key; exit 1", async () => {
    const { port, seen } = await cdn(consistent);
    const result = await runCheckEnv(['--env', 'dev', '--from', FIXTURE, '--connect-to', `127.0.0.1:${port}`], {
      readStack: noStack,
      ca: certPem,
    });

    expect(result.exitCode).toBe(1);
    expect(result.stdout.split('\n')[1]).toBe(`hls GET ${HLS} -> 403, x-storytime-environment: (none) (unsigned: no --private-key)`);
    expect(result.stderr).toEqual([
      'hls: no x-storytime-environment header in the 403 answer; CloudFront adds it only to responses from its cache or the origin, ' +
        'not to the 403 it generates for a request without signed cookies: pass --private-key <pem> to sign one',
    ]);
    expect(seen.find((request) => request.path === HLS)?.signed).toBe(false);
  });

  it('unsigned: an answer that does carry the header counts, and says it was unsigned; exit 0', async () => {
    const { port } = await cdn({ ...consistent, headerOnUnsigned403: true });
    const result = await runCheckEnv(['--env', 'dev', '--from', FIXTURE, '--connect-to', `127.0.0.1:${port}`], {
      readStack: noStack,
      ca: certPem,
    });

    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')[1]).toBe(`hls GET ${HLS} -> 403, x-storytime-environment: dev (unsigned: no --private-key)`);
    expect(result.stderr).toEqual([]);
  });

  it('mixed CDN headers: HLS answered by a prod distribution; exit 1', async () => {
    const { port } = await cdn({ hls: 'prod', api: 'dev', backend: 'dev' });
    const result = await runCheckEnv(
      ['--env', 'dev', '--from', FIXTURE, '--private-key', signerFile, '--connect-to', `127.0.0.1:${port}`],
      {
        readStack: noStack,
        ca: certPem,
      },
    );

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toEqual(['hls: x-storytime-environment is prod, expected dev']);
  });

  it("wrong domain: --url names prod's CDN while checking dev; exit 1", async () => {
    const { port, seen } = await cdn(consistent);
    const result = await runCheckEnv(
      ['--env', 'dev', '--from', FIXTURE, '--url', `https://${PROD_CDN}`, '--private-key', signerFile, '--connect-to', `127.0.0.1:${port}`],
      { readStack: noStack, ca: certPem },
    );

    expect(result.exitCode).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe(`check-env dev: https://${PROD_CDN} (domain from --url)`);
    expect(result.stderr).toEqual([`wrong domain: ${PROD_CDN} is not a CDN domain of dev (${CDN} or d2abcdefgh1234.cloudfront.net)`]);
    expect(seen.map((request) => request.host)).toEqual([PROD_CDN, PROD_CDN]);
  });

  it('without outputs, takes the domain from the settings and accepts the *.cloudfront.net name only by --url', async () => {
    const { port } = await cdn(consistent);
    const fromSettings = await runCheckEnv(
      ['--env', 'dev', '--private-key', signerFile, '--key-pair-id', KEY_ID, '--connect-to', `127.0.0.1:${port}`],
      {
        readStack: noStack,
        ca: certPem,
      },
    );
    expect(fromSettings.exitCode).toBe(0);
    expect(fromSettings.stdout.split('\n')[0]).toBe(`check-env dev: https://${CDN} (domain from stacks/settings/dev.ts)`);

    const byUrl = await runCheckEnv(
      [
        '--env',
        'dev',
        '--url',
        'https://d2abcdefgh1234.cloudfront.net',
        '--private-key',
        signerFile,
        '--key-pair-id',
        KEY_ID,
        '--connect-to',
        `127.0.0.1:${port}`,
      ],
      { readStack: noStack, ca: certPem },
    );
    expect(byUrl.stderr).toEqual([`wrong domain: d2abcdefgh1234.cloudfront.net is not a CDN domain of dev (${CDN})`]);
    expect(byUrl.exitCode).toBe(1);
  });

  it('a missing backend header is a note, and a failure with --require-backend-header', async () => {
    const { port } = await cdn({ hls: 'dev', api: 'dev' });
    const args = ['--env', 'dev', '--from', FIXTURE, '--private-key', signerFile, '--connect-to', `127.0.0.1:${port}`];
    const note =
      'api: no x-storytime-backend-environment header: which backend answered is not verified (docs/signed-cookies.md says what Rails should send)';

    const lenient = await runCheckEnv(args, { readStack: noStack, ca: certPem });
    expect(lenient.exitCode).toBe(0);
    expect(lenient.stderr).toEqual([note]);

    const strict = await runCheckEnv([...args, '--require-backend-header'], { readStack: noStack, ca: certPem });
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toEqual([note]);
  });

  it('checks the paths it is given', async () => {
    const { port, seen } = await cdn(consistent);
    const result = await runCheckEnv(
      [
        '--env',
        'dev',
        '--from',
        FIXTURE,
        '--private-key',
        signerFile,
        '--connect-to',
        `127.0.0.1:${port}`,
        '--hls-path',
        '/books/42/index.m3u8',
        '--api-path',
        '/api/v1/ping',
      ],
      { readStack: noStack, ca: certPem },
    );
    expect(result.exitCode).toBe(0);
    const byPath = [...seen].sort((a, b) => String(b.path).localeCompare(String(a.path)));
    expect(byPath.map(({ path: requested, signed }) => [requested, signed])).toEqual([
      ['/books/42/index.m3u8', true],
      ['/api/v1/ping', false],
    ]);
  });

  describe('bad input: one line, exit 2', () => {
    it('from the command line', async () => {
      const run = await cli(['--env', 'nosuchenv']);
      expect(run).toEqual({
        status: 2,
        stdout: '',
        stderr: `check-env: unknown env "nosuchenv" (expected one of ${ENVIRONMENTS.join(', ')})\n`,
      });
    });

    it.each([
      [['--env', 'dev', '--url', 'http://cdn.dev.storytime.example'], '--url http://cdn.dev.storytime.example is not an https URL'],
      [
        ['--env', 'dev', '--url', `https://${CDN}/api`],
        `--url https://${CDN}/api must be just https://<cdn-domain>; paths go in --hls-path and --api-path`,
      ],
      [['--env', 'dev', '--hls-path', 'books/1'], '--hls-path "books/1" is not a path such as /books/42/index.m3u8'],
      [['--env', 'dev', '--connect-to', '127.0.0.1'], '--connect-to "127.0.0.1" is not <host>:<port> such as 127.0.0.1:8443'],
      [['--env', 'dev', '--timeout', '0'], '--timeout "0" is not a number of seconds from 1 to 999'],
      [['--env', 'dev', '--key-pair-id', KEY_ID], '--key-pair-id needs --private-key (the key signs the HLS request)'],
      [['--env', 'dev', '--from', FIXTURE, '--private-key', '/nonexistent.pem'], 'cannot read private key /nonexistent.pem: no such file'],
      [
        ['--env', 'dev', '--private-key', FIXTURE],
        `private key ${FIXTURE} is JSON but not the secret's {keyPairId, privateKeyPem}, both strings`,
      ],
      [['--env', 'prod', '--from', FIXTURE], `outputs in ${FIXTURE} are for env "dev", not "prod"`],
    ])('%j', async (args, message) => {
      await expect(runCheckEnv(args, { readStack: noStack })).rejects.toThrow(new UsageError(message));
    });

    it('a key id outside the key group', async () => {
      await expect(
        runCheckEnv(['--env', 'dev', '--from', FIXTURE, '--private-key', signerFile, '--key-pair-id', 'KNOTINTHEGROUP'], {
          readStack: noStack,
        }),
      ).rejects.toThrow(/^--key-pair-id KNOTINTHEGROUP is not in the distribution's key group \(K3ABCDEFGHIJKL/);
    });
  });
});

/** A distribution that answers each path with a fixed status and headers, and records the requests. */
async function fixed(answers: Record<string, { status: number; headers?: Record<string, string> }>) {
  const seen: { method: string | undefined; path: string | undefined; agent: string | undefined }[] = [];
  const server = createHttpsServer({ key: keyPem, cert: certPem }, (req, res) => {
    seen.push({ method: req.method, path: req.url, agent: req.headers['user-agent'] });
    const answer = answers[req.url ?? ''] ?? { status: 404 };
    res.writeHead(answer.status, answer.headers ?? {});
    res.end();
  });
  return { port: await listen(server), seen };
}

describe('check-env in this process: the whole report', () => {
  const signedArgs = (port: number) => [
    '--env',
    'dev',
    '--from',
    FIXTURE,
    '--private-key',
    signerFile,
    '--connect-to',
    `127.0.0.1:${port}`,
  ];
  const env = (value: string) => ({ 'x-storytime-environment': value });

  it('consistent: every line of the report, and nothing on stderr', async () => {
    const { port } = await cdn(consistent);
    expect(await runCheckEnv(signedArgs(port), { readStack: noStack, ca: certPem })).toEqual({
      stdout: [
        `check-env dev: https://${CDN} (domain from outputs in ${FIXTURE})`,
        `hls GET ${HLS} -> 403, x-storytime-environment: dev (signed cookie for this URL, key ${KEY_ID}, valid 300 s)`,
        'api GET /api/health -> 200, x-storytime-environment: dev, x-storytime-backend-environment: dev (no cookie)',
        'check-env dev: OK, every answer names dev',
        '',
      ].join('\n'),
      stderr: [],
      exitCode: 0,
    });
  });

  it('a backend of another environment: one problem', async () => {
    const { port } = await cdn({ hls: 'dev', api: 'dev', backend: 'staging' });
    const result = await runCheckEnv(signedArgs(port), { readStack: noStack, ca: certPem });
    expect(result.stdout.split('\n').slice(2)).toEqual([
      'api GET /api/health -> 200, x-storytime-environment: dev, x-storytime-backend-environment: staging (no cookie)',
      'check-env dev: FAILED (1 problem)',
      '',
    ]);
    expect(result.stderr).toEqual([
      "api: x-storytime-backend-environment is staging, expected dev: this CDN sends /api/health to another environment's backend",
    ]);
    expect(result.exitCode).toBe(1);
  });

  it('asks for a key only for an unsigned HLS 403 without the header', async () => {
    const { port, seen } = await fixed({ [HLS]: { status: 200 }, '/api/health': { status: 403 } });
    const unsigned = await runCheckEnv(['--env', 'dev', '--from', FIXTURE, '--connect-to', `127.0.0.1:${port}`], {
      readStack: noStack,
      ca: certPem,
    });
    expect(unsigned.stdout.split('\n').slice(1)).toEqual([
      `hls GET ${HLS} -> 200, x-storytime-environment: (none) (unsigned: no --private-key)`,
      'api GET /api/health -> 403, x-storytime-environment: (none), x-storytime-backend-environment: (none) (no cookie)',
      'check-env dev: FAILED (2 problems)',
      '',
    ]);
    expect(unsigned.stderr).toEqual([
      'hls: no x-storytime-environment header in the 200 answer',
      'api: no x-storytime-environment header in the 403 answer',
      'api: no x-storytime-backend-environment header: which backend answered is not verified (docs/signed-cookies.md says what Rails should send)',
    ]);
    expect(unsigned.exitCode).toBe(1);
    expect(seen.map(({ method, agent }) => `${method} ${agent}`)).toEqual(['GET storytime-check-env', 'GET storytime-check-env']);

    const other = await fixed({ [HLS]: { status: 403 }, '/api/health': { status: 200, headers: env('dev') } });
    const signed = await runCheckEnv(signedArgs(other.port), { readStack: noStack, ca: certPem });
    expect(signed.stderr[0]).toBe('hls: no x-storytime-environment header in the 403 answer');
  });

  it('accepts a --url that is one of the known domains', async () => {
    const { port } = await cdn(consistent);
    const result = await runCheckEnv([...signedArgs(port), '--url', `https://${CDN}`], { readStack: noStack, ca: certPem });
    expect([result.exitCode, result.stderr, result.stdout.split('\n')[0]]).toEqual([
      0,
      [],
      `check-env dev: https://${CDN} (domain from --url)`,
    ]);
  });

  it('lets an error that is not a missing answer through', async () => {
    const { port } = await cdn(consistent);
    // Node refuses to send a path with characters above U+00FF before any connection.
    await expect(runCheckEnv([...signedArgs(port), '--hls-path', '/books/\u20ac'], { readStack: noStack, ca: certPem })).rejects.toThrow(
      'Request path contains unescaped characters',
    );
  });
});

describe('check-env: the domain and the answer', () => {
  const outputs = { cdn_domain_name: { value: 'CDN.dev.storytime.example' } };

  it('names the outputs as the source, with their file when given', () => {
    expect(resolveTarget({ env: 'dev' }, outputs)).toEqual({ domain: CDN, source: 'outputs' });
    expect(resolveTarget({ env: 'dev', from: 'o.json' }, outputs)).toEqual({ domain: CDN, source: 'outputs in o.json' });
    expect(resolveTarget({ env: 'dev' }, undefined)).toEqual({ domain: CDN, source: 'stacks/settings/dev.ts' });
  });

  it('refuses a --url that is no URL, or that has a query or a port', () => {
    expect(() => resolveTarget({ env: 'dev', url: 'cdn.dev' }, outputs)).toThrow(new UsageError('--url cdn.dev is not an https URL'));
    for (const url of [`https://${CDN}/?a=1`, `https://${CDN}:8443`]) {
      expect(() => resolveTarget({ env: 'dev', url }, outputs)).toThrow(
        new UsageError(`--url ${url} must be just https://<cdn-domain>; paths go in --hls-path and --api-path`),
      );
    }
  });

  it("connects to the domain's own port 443 without --connect-to", async () => {
    // Nothing listens on port 443 of 127.0.0.1 here: the connection is refused.
    await expect(probe({ domain: '127.0.0.1', path: '/', timeoutSeconds: 5 })).rejects.toThrow(new NoAnswerError('ECONNREFUSED'));
  });

  it('leaves no deadline behind once the answer, or the refusal, has come', async () => {
    const { port } = await fixed({ '/': { status: 200 } });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const answer = await probe({ domain: CDN, path: '/', connectTo: { host: '127.0.0.1', port }, timeoutSeconds: 5, ca: certPem });
      expect([answer.status, vi.getTimerCount()]).toEqual([200, 0]);
      await expect(probe({ domain: '127.0.0.1', path: '/', timeoutSeconds: 5 })).rejects.toThrow(new NoAnswerError('ECONNREFUSED'));
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('joins a header given more than once', () => {
    expect(headerValue({ 'set-cookie': ['a=1', 'b=2'] }, 'set-cookie')).toBe('a=1, b=2');
    expect(headerValue({ via: 'x' }, 'via')).toBe('x');
    expect(new NoAnswerError('x').name).toBe('NoAnswerError');
  });
});

describe('check-env: --connect-to, --timeout and the paths, as the command reads them', () => {
  const run = (args: string[]) => runCommand(checkEnv, ['--env', 'dev', '--from', FIXTURE, ...args], { readStack: noStack, ca: certPem });

  it('refuses what is not <host>:<port> with a port from 1 to 65535', async () => {
    for (const value of ['a b:80', '127.0.0.1:80x', '127.0.0.1:0', '127.0.0.1:65536', '127.0.0.1:123456', '[::g]:80', '[]:80']) {
      expect(await run(['--connect-to', value])).toEqual({
        status: 2,
        stdout: '',
        stderr: `check-env: --connect-to "${value}" is not <host>:<port> such as 127.0.0.1:8443\n`,
      });
    }
  });

  it('connects to the host and port given, an IPv6 address without its brackets', async () => {
    const port = await closedPort();
    for (const value of [`127.0.0.1:${port}`, '127.0.0.1:1', '127.0.0.1:65535', 'localhost:1']) {
      const ran = await run(['--connect-to', value, '--timeout', '10']);
      expect([ran.status, ran.stderr.split('\n')[0]]).toEqual([3, `check-env: hls: https://${CDN}${HLS} did not answer (ECONNREFUSED)`]);
    }
    const ipv6 = await run(['--connect-to', '[::1]:1']);
    expect(ipv6.status).toBe(3);
    expect(ipv6.stderr).not.toContain('ENOTFOUND');
  });

  it('refuses a --timeout that is not 1 to 999 seconds', async () => {
    for (const value of ['01', '1000', '5s', 'x5']) {
      expect((await run(['--timeout', value])).stderr).toBe(`check-env: --timeout "${value}" is not a number of seconds from 1 to 999\n`);
    }
  });

  it('refuses an --api-path that is not a path, by its flag', async () => {
    expect((await run(['--api-path', 'api/health'])).stderr).toBe(
      'check-env: --api-path "api/health" is not a path such as /books/42/index.m3u8\n',
    );
  });
});
