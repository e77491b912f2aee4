import type { GuardRule, StackRule } from '../rule';
import { ST_CF_1 } from './st-cf-1';
import { ST_CF_2 } from './st-cf-2';
import { ST_CF_3 } from './st-cf-3';
import { ST_CF_4 } from './st-cf-4';
import { ST_CF_5 } from './st-cf-5';
import { ST_ENV_1 } from './st-env-1';
import { ST_ENV_2 } from './st-env-2';
import { ST_IAM_1 } from './st-iam-1';
import { ST_IAM_2 } from './st-iam-2';
import { ST_IAM_3 } from './st-iam-3';
import { ST_IAM_4 } from './st-iam-4';
import { ST_KEY_1 } from './st-key-1';
import { ST_POL_1 } from './st-pol-1';
import { ST_S3_1 } from './st-s3-1';
import { ST_S3_2 } from './st-s3-2';
import { ST_S3_3 } from './st-s3-3';
import { ST_S3_4 } from './st-s3-4';
import { ST_SM_1 } from './st-sm-1';

/** The rules on resources, in the order synth reports their findings; each can be suppressed with a reason. */
export const GUARD_RULES: readonly GuardRule[] = [
  ST_POL_1,
  ST_S3_1,
  ST_S3_2,
  ST_S3_3,
  ST_S3_4,
  ST_CF_1,
  ST_CF_2,
  ST_CF_3,
  ST_CF_4,
  ST_CF_5,
  ST_IAM_1,
  ST_IAM_2,
  ST_IAM_3,
  ST_IAM_4,
  ST_SM_1,
  ST_ENV_1,
  ST_ENV_2,
];

/** The rules on a whole stack, reported after the others; none can be suppressed. */
export const STACK_RULES: readonly StackRule[] = [ST_KEY_1];
