/**
 * The outputs contract of an environment stack: every output's name and
 * description, and the Rails variable it becomes. The stack, `rails-env` and
 * `cookies` read names from here, so that renaming one is one edit.
 */
export interface OutputSpec {
  readonly description: string;
  /** Variable `rails-env` prints it as; none when Rails does not need it. */
  readonly railsVariable?: string;
  /** `json`: a JSON document, printed compact and single-quoted. Default `string`. */
  readonly format?: 'string' | 'json';
  /** Present only when the feature behind it is enabled. Default false. */
  readonly optional?: boolean;
}

export const STACK_OUTPUTS = {
  aws_region: { description: 'Region of the buckets and MediaConvert', railsVariable: 'AWS_REGION' },
  environment: { description: 'Environment this stack serves', railsVariable: 'STORYTIME_ENV' },
  master_uploads_bucket_name: {
    description: 'Private bucket for presigned uploads of masters',
    railsVariable: 'STORYTIME_MASTER_UPLOADS_BUCKET',
  },
  master_uploads_prefix: { description: 'Key prefix Rails may write masters under', railsVariable: 'STORYTIME_MASTER_UPLOADS_PREFIX' },
  hls_outputs_bucket_name: { description: 'Private bucket MediaConvert writes HLS to', railsVariable: 'STORYTIME_HLS_OUTPUTS_BUCKET' },
  cloudfront_distribution_id: { description: 'Distribution serving HLS', railsVariable: 'CLOUDFRONT_DISTRIBUTION_ID' },
  cloudfront_domain_name: { description: 'The *.cloudfront.net name' },
  cdn_domain_name: { description: 'Name players use (custom domain when set)', railsVariable: 'CLOUDFRONT_DOMAIN' },
  cloudfront_key_group_id: { description: 'Key group trusted by every HLS behavior', railsVariable: 'CLOUDFRONT_KEY_GROUP_ID' },
  // No Rails variable: Rails reads the id from the secret with the key, so a rotation never pairs a new key with an old id.
  cloudfront_public_key_id: { description: 'CloudFront-Key-Pair-Id of the active key' },
  cloudfront_public_key_ids: { description: 'Key pair id per key name, for rotation' },
  cloudfront_private_key_secret_arn: {
    description: 'Secret holding JSON {keyPairId, privateKeyPem} of the active key',
    railsVariable: 'CLOUDFRONT_PRIVATE_KEY_SECRET_ARN',
  },
  cloudfront_private_key_secret_name: { description: 'Name of that secret', railsVariable: 'CLOUDFRONT_PRIVATE_KEY_SECRET_NAME' },
  mediaconvert_role_arn: { description: 'Role passed in CreateJob', railsVariable: 'MEDIACONVERT_ROLE_ARN' },
  mediaconvert_queue_arn: { description: 'Queue of this environment', railsVariable: 'MEDIACONVERT_QUEUE_ARN' },
  mediaconvert_job_settings_template: {
    description: 'CreateJob body; Rails replaces {{book_id}} and {{input_key}}',
    railsVariable: 'MEDIACONVERT_JOB_SETTINGS_TEMPLATE',
    format: 'json',
  },
  rails_app_policy_arn: { description: 'Policy to attach to the Rails role', railsVariable: 'RAILS_APP_POLICY_ARN' },
  mediaconvert_events_queue_url: {
    description: 'SQS queue Rails polls for job state changes of this environment',
    railsVariable: 'MEDIACONVERT_EVENTS_QUEUE_URL',
  },
  mediaconvert_events_queue_arn: { description: 'ARN of that queue', railsVariable: 'MEDIACONVERT_EVENTS_QUEUE_ARN' },
  alarm_topic_arn: { description: 'SNS topic of the alarms (subscribe on-call tools here)' },
  dashboard_name: { description: 'CloudWatch dashboard of this environment' },
  origin_verify_secret_arn: {
    description: 'Secret holding JSON {active, value}: the X-Origin-Verify value CloudFront sends',
    optional: true,
  },
  origin_verify_active: { description: 'Origin-verify value CloudFront sends now: blue or green', optional: true },
} as const satisfies Record<string, OutputSpec>;

export type StackOutputName = keyof typeof STACK_OUTPUTS;
