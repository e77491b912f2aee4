/**
 * test/emulator/substitute.ts `substitute`, on which the emulator's stand-in
 * table relies: every reference follows the replaced resource, or the copy is
 * refused.
 */
import { describe, expect, it } from 'vitest';
import { substitute, type StandIn } from './substitute';
import type { Json } from '../helpers';

const stack = (): Json => ({
  provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['111111111111'] }] },
  resource: {
    aws_media_convert_queue: { q: { name: 'jobs', depends_on: ['aws_s3_bucket.b'] } },
    aws_s3_bucket: { b: { bucket: 'b' } },
    aws_iam_policy: {
      p: { policy: '${jsonencode({"Resource" = aws_media_convert_queue.q.arn})}', depends_on: ['aws_media_convert_queue.q'] },
    },
  },
});

const QUEUE: StandIn = {
  type: 'aws_media_convert_queue',
  why: 'no MediaConvert here',
  attributes: ['arn'],
  value: (config, target) => ({ arn: `arn:aws:mediaconvert:${target.region}:${target.accountId}:queues/${config.name}` }),
};

describe('substitute', () => {
  it("replaces a resource by terraform_data valued from its arguments and the stack's region and account, on a copy", () => {
    const original = stack();
    const { stack: copy, used } = substitute(original, [QUEUE]);
    expect(original.resource.aws_media_convert_queue).toBeDefined();
    expect(copy.resource.aws_media_convert_queue).toBeUndefined();
    expect(copy.resource.terraform_data.q).toEqual({
      input: { arn: 'arn:aws:mediaconvert:eu-west-1:111111111111:queues/jobs' },
      depends_on: ['aws_s3_bucket.b'],
    });
    expect(used).toEqual([{ address: 'aws_media_convert_queue.q', standIn: 'terraform_data.q', why: 'no MediaConvert here' }]);
  });

  it('rewrites references inside expressions and depends_on', () => {
    const { stack: copy } = substitute(stack(), [QUEUE]);
    expect(copy.resource.aws_iam_policy.p).toEqual({
      policy: '${jsonencode({"Resource" = terraform_data.q.output.arn})}',
      depends_on: ['terraform_data.q'],
    });
  });

  it('refuses a reference to an attribute the stand-in does not provide', () => {
    const withId = stack();
    withId.resource.aws_s3_bucket.b.tags = { queue: '${aws_media_convert_queue.q.id}' };
    expect(() => substitute(withId, [QUEUE])).toThrow("stand-in for aws_media_convert_queue.q has no 'id' (it provides arn)");
  });

  it('refuses a stand-in whose name a terraform_data has already', () => {
    const taken = stack();
    taken.resource.terraform_data = { q: { input: 'x' } };
    expect(() => substitute(taken, [QUEUE])).toThrow('stand-in for aws_media_convert_queue.q: terraform_data.q exists already');
  });
});
