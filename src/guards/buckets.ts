import { ofType, refersTo, type ResolvedResource } from './resources';

/** Companions of a bucket (public access block, policy, ...) found by their `bucket` argument. */
export function companions(resources: readonly ResolvedResource[], type: string, bucket: ResolvedResource): ResolvedResource[] {
  return ofType(resources, type).filter((r) => refersTo(r.config.bucket, bucket, bucket.config.bucket));
}
