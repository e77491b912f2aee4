/**
 * What S3 replication and CloudFront failover require of this module's props,
 * as validators that return what was expected (undefined when the value
 * passes). The construct refuses props that fail them; settings validation
 * calls the same functions.
 */
import { isKnown } from '../shared/props';

/** A replica beside its source fails over from nothing: an outage of the source's region takes both. */
export function replicaRegionProblem(region: string | undefined, sourceRegion: string): string | undefined {
  if (region === undefined || !isKnown(region) || !isKnown(sourceRegion) || region !== sourceRegion) return undefined;
  return `expected a region other than the HLS bucket's (${sourceRegion}): a replica in the same region fails over from nothing a regional outage takes down`;
}

/** S3 replicates only from a versioned bucket, and to one. */
export function versionedProblem(versioned: boolean): string | undefined {
  return versioned ? undefined : 'expected a versioned bucket: S3 replication needs versioning on the source and the replica';
}
