/**
 * A master the lifecycle moved to S3 Glacier Flexible Retrieval, re-transcoded
 * as docs/uploads.md has it: unreadable at first (InvalidObjectState), then
 * `masters:restore` asks for the restore and, run again, says it is readable.
 */
import type { Step } from './backend';
import { byHand, cli, type Operator } from './operator';
import type { EmulatorStack } from './stacks';

export interface ArchivedMasterResult {
  readonly before: { readable: boolean; error: string | null };
  readonly requested: Step;
  readonly followed: Step;
  readonly after: { readable: boolean; error: string | null };
}

const ARCHIVED_MASTER = 'uploads/book-7/master.mp4';

export async function archivedMaster(operator: Operator, stack: EmulatorStack, environment: string): Promise<ArchivedMasterResult> {
  const buckets = Object.values(stack.json.resource.aws_s3_bucket as Record<string, { bucket: string }>).map((config) => config.bucket);
  const master = buckets.find((bucket) => bucket.includes('master-uploads')) ?? buckets[0];
  await byHand(operator, stack, 'put-archived', master, ARCHIVED_MASTER, 'GLACIER');
  const before = await byHand(operator, stack, 'read-object', master, ARCHIVED_MASTER);
  const requested = await cli(operator, stack, ['masters:restore', environment, ARCHIVED_MASTER]);
  const followed = await cli(operator, stack, ['masters:restore', environment, ARCHIVED_MASTER]);
  const after = await byHand(operator, stack, 'read-object', master, ARCHIVED_MASTER);
  return { before, requested, followed, after };
}
