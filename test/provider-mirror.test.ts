/**
 * scripts/provider-mirror.sh building hashicorp/random from its vendored
 * source, without the minute a real build takes: a fake `go` on PATH names a
 * platform no prebuilt provider exists for (so the script has to build) and
 * "builds" by writing a small file. The real build is what the plan tests use.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './temp';

const ROOT = resolve(__dirname, '..');
const VENDOR = process.env.STORYTIME_PROVIDER_SRC_DIR ?? resolve(ROOT, '..', 'shared', 'vendor');
const ARCHIVE = 'terraform-provider-random-3.7.2-src.tar.gz';
const PLATFORM = 'linux_storytimetest';

const FAKE_GO = `#!/usr/bin/env bash
printf '%s\\n' "$* (CGO_ENABLED=\${CGO_ENABLED-unset}, main.go $([[ -f main.go ]] && echo here || echo absent))" >>"$FAKE_GO_LOG"
case $1 in
  env) [[ $2 == GOOS ]] && echo linux || echo storytimetest ;;
  build)
    while [[ $1 != -o ]]; do shift; done
    sleep "\${FAKE_GO_SECONDS:-0}"
    printf 'fake provider\\n' >"$2"
    chmod +x "$2"
    ;;
  *) exit 2 ;;
esac
`;

interface Setup {
  readonly home: string;
  readonly base: string;
  readonly mirror: string;
  readonly src: string;
  readonly env: NodeJS.ProcessEnv;
  /** The fake go's invocations, one line each, build output paths shortened to `<build>/`. */
  readonly goCalls: () => string[];
}

/** A temp HOME, source folder and mirror; the mirror holds a (fake) aws already, so only random is at stake. */
function setup(archive: 'copy' | 'tampered' | 'none'): Setup {
  const base = tempDir('provider-mirror');
  const [home, mirror, src, bin] = ['home', 'mirror', 'src', 'bin'].map((name) => join(base, name));
  for (const dir of [home, src, bin]) mkdirSync(dir);
  const aws = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', PLATFORM);
  mkdirSync(aws, { recursive: true });
  writeFileSync(join(aws, 'terraform-provider-aws_v5.100.0_x5'), 'fake aws\n', { mode: 0o755 });
  if (archive !== 'none') {
    copyFileSync(join(VENDOR, `${ARCHIVE}.sha256`), join(src, `${ARCHIVE}.sha256`));
    const bytes = readFileSync(join(VENDOR, ARCHIVE));
    if (archive === 'tampered') bytes[bytes.length >> 1] ^= 1;
    writeFileSync(join(src, ARCHIVE), bytes);
  }
  writeFileSync(join(bin, 'go'), FAKE_GO);
  chmodSync(join(bin, 'go'), 0o755);
  const log = join(base, 'go.log');
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    HOME: home,
    STORYTIME_TF_MIRROR: mirror,
    STORYTIME_PROVIDER_SRC_DIR: src,
    TF_PLUGIN_MIRROR: '',
    TF_PLUGIN_MIRROR_PATH: '',
    // Terraform's implied mirror folders and the search root, inside the temp folder: nothing of this machine is looked at.
    XDG_DATA_HOME: join(base, 'data'),
    XDG_DATA_DIRS: `${join(base, 'local-share')}:${join(base, 'share')}`,
    STORYTIME_PLUGIN_SEARCH_ROOTS: join(base, 'opt'),
    // So that the fake go's log shows what the script itself sets.
    CGO_ENABLED: undefined,
    FAKE_GO_LOG: log,
  };
  const goCalls = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((line) => line.replace(join(mirror, '.build.'), '<build>').replace(/<build>\w+\//, '<build>/'))
      : [];
  return { home, base, mirror, src, env, goCalls };
}

const script = join(ROOT, 'scripts', 'provider-mirror.sh');
const runSync = (env: NodeJS.ProcessEnv) => spawnSync('bash', [script], { env, encoding: 'utf8' });
const run = (env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((done, reject) => {
    const child = spawn('bash', [script], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
/** The last line of stderr, the build's seconds as N. */
const lastLine = (stderr: string) =>
  stderr
    .trim()
    .split('\n')
    .at(-1)!
    .replace(/ built in \d+ s,/, ' built in N s,');
const randomPackage = (mirror: string) => join(mirror, 'registry.terraform.io', 'hashicorp', 'random', '3.7.2', PLATFORM);
const PLATFORM_CALLS = ['env GOOS (CGO_ENABLED=unset, main.go absent)', 'env GOARCH (CGO_ENABLED=unset, main.go absent)'];
const BUILD_CALL = 'build -trimpath -buildvcs=false -o <build>/terraform-provider-random_v3.7.2_x5 . (CGO_ENABLED=0, main.go here)';

describe('scripts/provider-mirror.sh: hashicorp/random from the vendored source', () => {
  it('refuses a tampered source archive in one line, before extracting or building anything', () => {
    const { mirror, src, env, goCalls } = setup('tampered');
    const tampered = createHash('sha256')
      .update(readFileSync(join(src, ARCHIVE)))
      .digest('hex');
    const result = runSync(env);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `provider-mirror: hashicorp/random 3.7.2: refusing to build ${src}/${ARCHIVE}: its sha256 is ${tampered}, ` +
        `${src}/${ARCHIVE}.sha256 says 478fdc04d7c3eb0191b17a12dd82d9acf5b5126ccb66e86c80e6e9f98640a2da\n`,
    );
    expect(goCalls()).toEqual(PLATFORM_CALLS);
    expect(existsSync(randomPackage(mirror))).toBe(false);
    expect(readdirSync(mirror).filter((name) => name.startsWith('.build.'))).toEqual([]);
  });

  it('says in one line where it looked when there is neither a prebuilt copy nor the source', () => {
    const { home, base, src, env } = setup('none');
    const result = runSync(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `provider-mirror: hashicorp/random 3.7.2: not found in ${home}/.terraform.d/plugins, ${base}/data/terraform/plugins, ` +
        `${base}/local-share/terraform/plugins, ${base}/share/terraform/plugins, ${base}/opt, ` +
        `and no ${src}/${ARCHIVE} with its .sha256 to build it from (set STORYTIME_PROVIDER_SRC_DIR)\n`,
    );
  });

  it('takes a prebuilt random found below a search root, in the unpacked layout, instead of building it', () => {
    const { base, mirror, env, goCalls } = setup('none');
    const prebuilt = join(base, 'opt', 'tf-plugins', 'registry.terraform.io', 'hashicorp', 'random', '3.7.2', PLATFORM);
    mkdirSync(prebuilt, { recursive: true });
    writeFileSync(join(prebuilt, 'terraform-provider-random_v3.7.2_x5'), 'prebuilt random\n', { mode: 0o755 });
    const result = runSync(env);
    expect([result.status, result.stdout]).toEqual([0, `${mirror}\n`]);
    expect(readFileSync(join(randomPackage(mirror), 'terraform-provider-random_v3.7.2_x5'), 'utf8')).toBe('prebuilt random\n');
    expect(goCalls()).toEqual(PLATFORM_CALLS);
  });

  it('builds random from the verified source with CGO off, installs it in the mirror, and reuses it on the next run', () => {
    const { mirror, env, goCalls } = setup('copy');
    const first = runSync(env);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(`${mirror}\n`);
    expect(lastLine(first.stderr)).toBe(`provider-mirror: hashicorp/random 3.7.2: built in N s, installed in ${randomPackage(mirror)}`);
    expect(goCalls()).toEqual([...PLATFORM_CALLS, BUILD_CALL]);
    expect(readdirSync(randomPackage(mirror))).toEqual(['terraform-provider-random_v3.7.2_x5']);
    expect(readFileSync(join(randomPackage(mirror), 'terraform-provider-random_v3.7.2_x5'), 'utf8')).toBe('fake provider\n');
    expect(readdirSync(mirror).filter((name) => name.startsWith('.build.'))).toEqual([]);

    const second = runSync(env);
    expect([second.status, second.stdout, second.stderr]).toEqual([0, `${mirror}\n`, '']);
    expect(goCalls()).toEqual([...PLATFORM_CALLS, BUILD_CALL, ...PLATFORM_CALLS]);
  });

  it('builds once when two runs start together: the second waits for the first and takes its binary', async () => {
    const { mirror, env, goCalls } = setup('copy');
    const slow = { ...env, FAKE_GO_SECONDS: '1' };
    const results = await Promise.all([run(slow), run(slow)]);
    expect(results.map((result) => [result.status, result.stdout])).toEqual([
      [0, `${mirror}\n`],
      [0, `${mirror}\n`],
    ]);
    expect(goCalls().filter((call) => call.startsWith('build '))).toEqual([BUILD_CALL]);
    expect(results.map((result) => lastLine(result.stderr)).sort()).toEqual([
      'provider-mirror: hashicorp/random 3.7.2: built by another run meanwhile',
      `provider-mirror: hashicorp/random 3.7.2: built in N s, installed in ${randomPackage(mirror)}`,
    ]);
    expect(readdirSync(randomPackage(mirror))).toEqual(['terraform-provider-random_v3.7.2_x5']);
  });
});
