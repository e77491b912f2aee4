/**
 * The pipeline in .github/: its triggers, the permissions of every job, the environments and
 * roles each uses, pinned actions, and actionlint's verdict on it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, type Json } from './helpers';
import { tempDir } from './temp';

const WORKFLOWS = join(ROOT, '.github', 'workflows');

/** Whether StrykerJS mutates a file by these `mutate` patterns: the last pattern that matches decides, `!` excludes. */
function mutates(patterns: readonly string[], file: string): boolean {
  let hit = false;
  for (const pattern of patterns) {
    const excludes = pattern.startsWith('!');
    if (matchesGlob(file, excludes ? pattern.slice(1) : pattern)) hit = !excludes;
  }
  return hit;
}
const FILES = [...readdirSync(WORKFLOWS).map((file) => `.github/workflows/${file}`), '.github/actions/setup/action.yml'];
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const workflow = (name: string): Json => parse(text(`.github/workflows/${name}`));

/** Every job's permissions, by workflow and job: anything added here must be needed. */
const PERMISSIONS: Record<string, Record<string, Record<string, string>>> = {
  'checks.yml': { check: { contents: 'read' } },
  'pull-request.yml': {
    checks: { contents: 'read' },
    environments: { contents: 'read' },
    plan: { contents: 'read', 'id-token': 'write' },
    comment: { 'pull-requests': 'write' },
  },
  'deploy.yml': {
    checks: { contents: 'read' },
    environments: { contents: 'read' },
    apply: { contents: 'read', 'id-token': 'write', actions: 'read' },
  },
  'drift.yml': { environments: { contents: 'read' }, drift: { contents: 'read', 'id-token': 'write' } },
  'mutation.yml': { mutation: { contents: 'read' } },
};

const stepsOf = (job: Json): Json[] => job.steps ?? [];
const assumes = (job: Json) => stepsOf(job).find((step) => String(step.uses).startsWith('aws-actions/configure-aws-credentials@'));

describe('the workflows', () => {
  it('are the five the docs name', () => {
    expect(readdirSync(WORKFLOWS).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  it('run on pull requests to main, pushes to main, daily (drift) and nightly (mutation)', () => {
    expect(workflow('pull-request.yml').on).toEqual({ pull_request: { branches: ['main'] } });
    expect(workflow('deploy.yml').on).toEqual({ push: { branches: ['main'] } });
    expect(workflow('drift.yml').on).toEqual({ schedule: [{ cron: '17 5 * * *' }], workflow_dispatch: {} });
    expect(workflow('mutation.yml').on).toEqual({ schedule: [{ cron: '41 2 * * *' }], workflow_dispatch: {} });
    expect(workflow('checks.yml').on).toEqual({ workflow_call: {} });
  });

  it.each(Object.keys(PERMISSIONS))('%s grants nothing by default and each job only what it needs', (name) => {
    const { permissions, jobs } = workflow(name);
    expect(permissions).toEqual({});
    expect(Object.fromEntries(Object.entries(jobs as Record<string, Json>).map(([id, job]) => [id, job.permissions]))).toEqual(
      PERMISSIONS[name],
    );
  });

  it('gives id-token: write only to the jobs that assume a role, and pull-requests: write only to the one that comments', () => {
    for (const name of Object.keys(PERMISSIONS)) {
      for (const [id, job] of Object.entries(workflow(name).jobs as Record<string, Json>)) {
        expect([`${name} ${id}`, job.permissions['id-token'] === 'write']).toEqual([`${name} ${id}`, assumes(job) !== undefined]);
        const comments = stepsOf(job).some((step) => /\bgh pr comment\b/.test(step.run ?? ''));
        expect([`${name} ${id}`, job.permissions['pull-requests'] === 'write']).toEqual([`${name} ${id}`, comments]);
      }
    }
  });

  it('pin every action to a full commit SHA, with the version in a comment', () => {
    const uses = FILES.flatMap((file) =>
      [...text(file).matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].map(([, ref, rest]) => ({ file, ref, rest })),
    );
    const remote = uses.filter(({ ref }) => !ref.startsWith('./'));
    expect(remote.length).toBeGreaterThan(10);
    expect(remote.filter(({ ref, rest }) => !/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/.test(ref) || !/^ # v\d+\.\d+\.\d+$/.test(rest))).toEqual([]);
    expect(uses.filter(({ ref }) => ref.startsWith('./')).map(({ ref }) => ref)).toEqual(
      expect.arrayContaining(['./.github/actions/setup', './.github/workflows/checks.yml']),
    );
  });

  it('plan pull requests with the plan role and post the summary from a job without AWS credentials', () => {
    const { jobs } = workflow('pull-request.yml');
    expect(jobs.plan.needs).toEqual(['checks', 'environments']);
    expect(assumes(jobs.plan).with['role-to-assume']).toBe('${{ matrix.environment.github.planRoleArn }}');
    expect(jobs.plan.environment).toBeUndefined();
    expect(jobs.comment.needs).toBe('plan');
    expect(assumes(jobs.comment)).toBeUndefined();
  });

  it('apply on main through each GitHub environment with the apply role, one apply per environment at a time, production last', () => {
    const { apply, environments } = workflow('deploy.yml').jobs;
    expect(apply.environment).toEqual({ name: '${{ matrix.environment.github.environment }}' });
    expect(apply.concurrency).toEqual({ group: 'apply-${{ matrix.environment.name }}', 'cancel-in-progress': false });
    expect(apply.strategy['max-parallel']).toBe(1);
    expect(apply.strategy['fail-fast']).toBe(true);
    expect(assumes(apply).with['role-to-assume']).toBe('${{ matrix.environment.github.applyRoleArn }}');
    expect(environments.steps.at(-1).run).toContain('sort_by(.tier == "production")');
    const gate = stepsOf(apply)[0];
    expect(gate.if).toBe("matrix.environment.tier == 'production'");
    expect(gate.run).toContain('required_reviewers');
  });

  it('check drift daily with the plan role, failing on drift, and run the mutation tests nightly', () => {
    const { drift } = workflow('drift.yml').jobs;
    expect(assumes(drift).with['role-to-assume']).toBe('${{ matrix.environment.github.planRoleArn }}');
    expect(stepsOf(drift).at(-1).run).toBe('npm run storytime -- drift "$ENVIRONMENT"');
    expect(drift.concurrency).toEqual({ group: 'drift-${{ matrix.environment.name }}', 'cancel-in-progress': false });
    const { mutation } = workflow('mutation.yml').jobs;
    expect(
      stepsOf(mutation)
        .map((step) => step.run)
        .filter(Boolean),
    ).toEqual(['npm run test:mutation -- --mutate "$MUTATE"']);
    expect(mutation.strategy['fail-fast']).toBe(false);
    // The modules and stacks parts take hours on 2 cores: a shorter limit would cancel them every night.
    expect(mutation['timeout-minutes']).toBe(330);
  });

  it('split the mutation run into parts that together mutate each file stryker.config.mjs does, once', async () => {
    const { default: config } = (await import(join(ROOT, 'stryker.config.mjs'))) as { default: { mutate: string[] } };
    const parts = (workflow('mutation.yml').jobs.mutation.strategy.matrix.part as { name: string; mutate: string }[]).map(
      ({ name, mutate }) => ({ name, patterns: mutate.split(',') }),
    );
    expect(parts.map(({ name }) => name)).toEqual(['guards', 'cli', 'modules', 'stacks']);
    // From the folders, not git: the mutation run's sandbox is no repository.
    const files = ['src', 'stacks', 'modules'].flatMap((folder) =>
      readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' }).map((file) => `${folder}/${file}`),
    );
    const mutated = files.filter((file) => mutates(config.mutate, file));
    expect(mutated.length).toBeGreaterThan(150);
    expect(mutated).toContain('src/cli/signing/expiry.ts');
    expect(mutated).not.toContain('stacks/settings/dev.ts');
    for (const file of files) {
      const inParts = parts.filter(({ patterns }) => mutates(patterns, file)).map(({ name }) => name);
      expect({ file, parts: inParts.length }).toEqual({ file, parts: mutated.includes(file) ? 1 : 0 });
    }
  });

  it('lint, test and synthesize before any plan or apply', () => {
    expect(
      stepsOf(workflow('checks.yml').jobs.check)
        .map((step) => step.run)
        .filter(Boolean),
    ).toEqual(['npm run -s typecheck', 'npm run lint', 'npm test', 'npm run synth']);
    const setup = parse(text('.github/actions/setup/action.yml'));
    expect(setup.runs.steps[0].with).toEqual({ 'node-version-file': '.nvmrc', cache: 'npm' });
  });
});

describe('actionlint (scripts/actionlint.sh)', () => {
  it('finds nothing in the workflows', () => {
    const run = spawnSync('bash', [join(ROOT, 'scripts', 'actionlint.sh'), '-no-color'], { cwd: ROOT, encoding: 'utf8' });
    expect([run.status, run.stdout]).toEqual([0, '']);
  });

  it('finds a wrong permission and a job that is not needed in a copy of them', () => {
    const copy = tempDir('actionlint');
    execFileSync('git', ['init', '-q', copy]);
    mkdirSync(join(copy, '.github'));
    cpSync(join(ROOT, '.github'), join(copy, '.github'), { recursive: true });
    const file = join(copy, '.github', 'workflows', 'drift.yml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('      id-token: write', '      id-token: wrte')
        .replace("if: needs.environments.outputs.matrix != '[]'", "if: needs.environmnts.outputs.matrix != '[]'"),
    );
    const run = spawnSync(
      'bash',
      [join(ROOT, 'scripts', 'actionlint.sh'), '-no-color', '-format', '{{range $err := .}}{{$err.Message}}\n{{end}}', file],
      {
        cwd: copy,
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('"wrte" is invalid as permission of scope "id-token". available values are "write", "none"');
    expect(run.stdout).toContain(
      'property "environmnts" is not defined in object type {environments: {outputs: {matrix: string}; result: string}}',
    );
  });
});
