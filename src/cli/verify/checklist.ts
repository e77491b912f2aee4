/**
 * The spec's §9 validation checklist against a deployed environment: a
 * presigned upload of a master, a MediaConvert job from the stack's template
 * and queue, the HLS outputs in the bucket, CloudFront refusing an unsigned
 * request and serving a signed one (so reading the bucket through OAC), then
 * the test objects removed. One line per step; a step whose input failed is
 * skipped, and the clean-up always runs.
 */
import type { CommandResult } from '../command';
import { NoAnswerError, probe } from '../check-env/probe';
import { buildPolicy, cookieHeader, signCookies } from '../signing/policy';

/** What verify asks of AWS; src/cli/verify/aws.ts is the SDK's, tests put fakes in its place. */
export interface VerifyAws {
  /** A presigned PutObject URL for `key` in `bucket`. */
  presignPut(bucket: string, key: string): Promise<string>;
  /** PUTs `body` to a presigned URL; the HTTP status. */
  upload(url: string, body: Uint8Array): Promise<number>;
  /** CreateJob with these settings (Role, Queue, UserMetadata, Settings); the job id. */
  createJob(job: Record<string, unknown>): Promise<string>;
  /** GetJob: the status, and the error message of a failed job. */
  job(id: string): Promise<{ status: string; error?: string }>;
  /** Keys under `prefix`. */
  list(bucket: string, prefix: string): Promise<string[]>;
  /** Deletes every version and delete marker under `prefix` (the buckets are versioned); how many. */
  removeAll(bucket: string, prefix: string): Promise<number>;
}

export interface Checklist {
  readonly env: string;
  readonly masterBucket: string;
  readonly uploadPrefix: string;
  readonly hlsBucket: string;
  /** The job settings template output, `{{book_id}}` and `{{input_key}}` still in it. */
  readonly jobTemplate: string;
  /** The name players use. */
  readonly cdnDomain: string;
  readonly master: Uint8Array;
  readonly signingKey: { readonly keyPairId: string; readonly privateKeyPem: string };
  /** Names the test objects: `verify-<runId>`. */
  readonly runId: string;
  readonly jobTimeoutSeconds: number;
  readonly pollSeconds: number;
  readonly requestTimeoutSeconds: number;
  readonly now: () => Date;
  readonly sleep: (seconds: number) => Promise<void>;
  /** Where to connect instead of the CDN's address, and extra CA certificates (tests). */
  readonly connectTo?: { host: string; port: number } | undefined;
  readonly ca?: string | undefined;
}

// COMPLETE is taken before these: a job in either of them has ended without its outputs.
const FAILED_STATUSES = new Set(['ERROR', 'CANCELED']);
const COOKIE_LIFETIME_SECONDS = 300;

type Outcome = { ok: true; detail: string } | { ok: false; detail: string };
const pass = (detail: string): Outcome => ({ ok: true, detail });
const fail = (detail: string): Outcome => ({ ok: false, detail });
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runChecklist(aws: VerifyAws, c: Checklist): Promise<CommandResult> {
  const lines = [`verify ${c.env}: spec §9 checklist, test objects under verify-${c.runId}`];
  let failed = 0;
  const report = (step: string, outcome: Outcome | undefined) => {
    if (outcome === undefined) {
      lines.push(`- ${step}: skipped (an earlier step failed)`);
      return false;
    }
    if (!outcome.ok) failed += 1;
    lines.push(`${outcome.ok ? '✓' : '✗'} ${step}: ${outcome.detail}`);
    return outcome.ok;
  };
  const attempt = async (work: () => Promise<Outcome>): Promise<Outcome> => {
    try {
      return await work();
    } catch (error) {
      return fail(reason(error));
    }
  };

  const book = `verify-${c.runId}`;
  const masterKey = `${c.uploadPrefix}${book}/master.mp4`;
  const hlsPrefix = `books/${book}/`;

  const uploaded = report(
    '1 presigned upload',
    await attempt(async () => {
      const status = await aws.upload(await aws.presignPut(c.masterBucket, masterKey), c.master);
      return status === 200 ? pass(`PUT s3://${c.masterBucket}/${masterKey} (${c.master.length} bytes) -> 200`) : fail(`PUT -> ${status}`);
    }),
  );
  const transcoded = report('2 MediaConvert job', uploaded ? await attempt(() => transcode(aws, c, book, masterKey)) : undefined);
  const listed = report(
    '3 HLS outputs',
    transcoded
      ? await attempt(async () => {
          const keys = await aws.list(c.hlsBucket, hlsPrefix);
          const segments = keys.filter((key) => key.endsWith('.ts')).length;
          return keys.includes(`${hlsPrefix}index.m3u8`) && segments > 0
            ? pass(`s3://${c.hlsBucket}/${hlsPrefix}index.m3u8 and ${segments} segment${segments === 1 ? '' : 's'}`)
            : fail(`no index.m3u8 and segments under s3://${c.hlsBucket}/${hlsPrefix} (found ${keys.length} objects)`);
        })
      : undefined,
  );
  const url = `https://${c.cdnDomain}/${hlsPrefix}index.m3u8`;
  report('4 unsigned request refused', listed ? await attempt(() => cdnRequest(c, url, undefined, 403)) : undefined);
  report('5 signed-cookie request served', listed ? await attempt(() => cdnRequest(c, url, signedCookie(c, url), 200)) : undefined);

  const removed = await attempt(async () => {
    const counts = [await aws.removeAll(c.masterBucket, `${c.uploadPrefix}${book}/`), await aws.removeAll(c.hlsBucket, hlsPrefix)];
    return pass(`${counts[0]} master and ${counts[1]} HLS object versions deleted`);
  });
  report('6 test objects removed', removed);

  lines.push(
    failed === 0 ? `verify ${c.env}: OK, every step passed` : `verify ${c.env}: FAILED (${failed} step${failed === 1 ? '' : 's'})`,
  );
  return { stdout: `${lines.join('\n')}\n`, stderr: [], exitCode: failed === 0 ? 0 : 1 };
}

async function transcode(aws: VerifyAws, c: Checklist, book: string, masterKey: string): Promise<Outcome> {
  const job = JSON.parse(c.jobTemplate.replaceAll('{{book_id}}', book).replaceAll('{{input_key}}', masterKey)) as Record<string, unknown>;
  const id = await aws.createJob(job);
  const started = c.now().getTime();
  for (;;) {
    const { status, error } = await aws.job(id);
    const seconds = Math.round((c.now().getTime() - started) / 1000);
    if (status === 'COMPLETE') return pass(`job ${id} COMPLETE after ${seconds} s`);
    if (FAILED_STATUSES.has(status)) return fail(`job ${id} ${status}${error ? `: ${error}` : ''}`);
    if (seconds >= c.jobTimeoutSeconds) return fail(`job ${id} still ${status} after ${c.jobTimeoutSeconds} s (--job-timeout)`);
    await c.sleep(c.pollSeconds);
  }
}

function signedCookie(c: Checklist, url: string): string {
  const expires = Math.floor(c.now().getTime() / 1000) + COOKIE_LIFETIME_SECONDS;
  return cookieHeader(signCookies(buildPolicy({ resource: url, expires }), c.signingKey.keyPairId, c.signingKey.privateKeyPem));
}

async function cdnRequest(c: Checklist, url: string, cookie: string | undefined, expected: number): Promise<Outcome> {
  const path = new URL(url).pathname;
  try {
    const { status } = await probe({
      domain: c.cdnDomain,
      path,
      cookie,
      connectTo: c.connectTo,
      timeoutSeconds: c.requestTimeoutSeconds,
      ca: c.ca,
    });
    const how = cookie ? `with a signed cookie (key ${c.signingKey.keyPairId})` : 'without cookies';
    return status === expected ? pass(`GET ${url} ${how} -> ${status}`) : fail(`GET ${url} ${how} -> ${status}, expected ${expected}`);
  } catch (error) {
    if (error instanceof NoAnswerError) return fail(`GET ${url}: no answer (${error.message})`);
    throw error;
  }
}
