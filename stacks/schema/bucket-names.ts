/**
 * Every S3 bucket one environment creates, named as the stacks name them: the
 * environment stack's (from project and environment) and its state bootstrap's
 * (from the settings). Checked against S3's naming rules (modules/s3_bucket) and
 * against each other: bucket names are global, so two of one name cannot both exist.
 */
import { z } from 'zod';
import { bucketNameProblem } from '../../modules/s3_bucket/invariants';
import { environmentNameProblem, resourceName, stateAccessLogsBucket, type NameScope } from '../naming';
import type { S3BackendSettings } from './backend';

/** The parts of the environment stack's bucket names, `<project>-<part>-<env>`, as stacks/storytime-stack.ts names them. */
const STACK_BUCKETS = [
  ['access-logs', "the stack's access log bucket"],
  ['master-uploads', "the stack's master uploads bucket"],
  ['hls-outputs', "the stack's HLS outputs bucket"],
] as const;
/** The replica of the HLS outputs and the access-log bucket of its region, with `cdn.failover` only (stacks/hls-failover.ts). */
const REPLICA_BUCKETS = [
  ['access-logs-replica', "the stack's access log bucket in the replica's region"],
  ['hls-outputs-replica', "the stack's HLS replica bucket"],
] as const;

/** What the names depend on: project, environment, and whether the stack has an HLS replica. */
export interface BucketScope extends NameScope {
  readonly cdn: { readonly failover?: object };
}

export interface EnvironmentBucket {
  readonly name: string;
  /** What it holds, for messages. */
  readonly label: string;
  /** The settings field that names it; undefined for names derived from project and environment. */
  readonly path?: readonly string[];
}

/** The buckets of one environment, the stack's first, then its state bootstrap's (S3 backend only). */
export function environmentBuckets(scope: BucketScope, backend: S3BackendSettings | undefined): EnvironmentBucket[] {
  const buckets = stackBuckets(scope);
  if (backend) {
    buckets.push({ name: backend.bucket, label: 'the state bucket', path: ['backend', 'bucket'] });
    buckets.push(
      backend.accessLogsBucket === undefined
        ? { name: stateAccessLogsBucket(backend.bucket), label: "the state bucket's access log bucket" }
        : { name: backend.accessLogsBucket, label: "the state bucket's access log bucket", path: ['backend', 'accessLogsBucket'] },
    );
  }
  return buckets;
}

/** The environment stack's buckets, named from project and environment. */
function stackBuckets(scope: BucketScope): EnvironmentBucket[] {
  const parts = scope.cdn.failover ? [...STACK_BUCKETS, ...REPLICA_BUCKETS] : STACK_BUCKETS;
  return parts.map(([part, label]) => ({ name: resourceName(scope, part), label }));
}

const PROJECT = /^[a-z][a-z0-9-]{1,19}$/;

/** S3's rules on the derived names (once project and environment are themselves valid), then each name used twice. */
export function checkBucketNames(scope: BucketScope, backend: S3BackendSettings | undefined, ctx: z.RefinementCtx): void {
  const buckets = environmentBuckets(scope, backend);
  if (PROJECT.test(scope.project) && environmentNameProblem(scope.environment) === undefined) {
    // Only the project can break them (reserved prefixes): the environment's own rule reserves what it could.
    const broken = stackBuckets(scope).find((bucket) => bucketNameProblem(bucket.name) !== undefined);
    if (broken) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['project'],
        message: `makes bucket names S3 refuses: ${bucketNameProblem(broken.name)}`,
      });
    }
  }
  buckets.forEach((bucket, index) => {
    const earlier = buckets.slice(0, index).find((other) => other.name === bucket.name);
    if (!earlier || !bucket.path) return;
    const message =
      bucket.path[1] === 'accessLogsBucket' && earlier.path?.[1] === 'bucket'
        ? `'${bucket.name}' is the state bucket itself: a bucket logging into itself writes a log object for every log object, without end; name another bucket, or leave it unset for '${stateAccessLogsBucket(bucket.name)}'`
        : `'${bucket.name}' is also the name of ${earlier.label}; bucket names are global, so the second to be created would fail: choose another name`;
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...bucket.path], message });
  });
}
