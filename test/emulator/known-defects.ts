/**
 * Product defects that this suite found and that are fixed on other branches
 * (issue 12). While an entry is here, the failure it describes is expected and
 * printed as KNOWN DEFECT; delete the entry when the fix is merged, so that the
 * failure fails the suite again. An entry marked `mustReproduce` fails the
 * suite when it does not happen, so that a fixed defect cannot stay listed.
 */
export interface KnownDefect {
  readonly id: string;
  /** Which step of which stack shows it. */
  readonly step: 'init' | 'apply';
  readonly stack: RegExp;
  /** Text of Terraform's error. */
  readonly error: RegExp;
  readonly why: string;
  readonly mustReproduce: boolean;
}

export const KNOWN_DEFECTS: readonly KnownDefect[] = [
  {
    id: 'issue 12.5 logging before policy',
    step: 'apply',
    stack: /./,
    error: /InvalidTargetBucketForLogging/,
    why: 'aws_s3_bucket_logging has no dependency on the log bucket policy; PUT ?logging can go out before PUT ?policy and is refused (the refused resources are applied once more, with -target)',
    // A race: it shows on most runs, not all.
    mustReproduce: false,
  },
  {
    id: 'issue 12.4 prod cannot reach its state',
    step: 'init',
    stack: /-prod$/,
    error: /AccessDenied|Access Denied|403|ResourceNotFoundException|NoSuchBucket/,
    why: "prod's backend is the bucket and table of the state stack in the dev account, with no grant for the prod account",
    mustReproduce: true,
  },
];

export const knownDefect = (step: KnownDefect['step'], stack: string, output: string): KnownDefect | undefined =>
  KNOWN_DEFECTS.find((defect) => defect.step === step && defect.stack.test(stack) && defect.error.test(output));
