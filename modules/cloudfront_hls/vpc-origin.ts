import { CloudfrontVpcOrigin } from '@cdktf/provider-aws/lib/cloudfront-vpc-origin';
import type { Construct } from 'constructs';
import { arnProblem, type ExpectedArn } from '../shared/arn';
import { isKnown } from '../shared/props';

/** An internal ALB CloudFront reaches through a VPC origin instead of over the internet. */
export interface VpcOriginProps {
  /** ARN of the ALB (`…:loadbalancer/app/<name>/<id>`), internal, in a VPC of this account. */
  readonly albArn: string;
  /** Port of its HTTPS listener. @default 443 */
  readonly httpsPort?: number;
}

export const DEFAULT_VPC_ORIGIN_HTTPS_PORT = 443;

export const APPLICATION_LOAD_BALANCER: ExpectedArn = {
  label: 'an application load balancer',
  service: 'elasticloadbalancing',
  resource: /^loadbalancer\/app\/[^/]+\/[0-9a-f]+$/,
  example: 'arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>',
  hints: {
    'elasticloadbalancing listener':
      "a listener, not its load balancer: give the ALB's ARN (aws elbv2 describe-load-balancers --names <name>)",
    'elasticloadbalancing targetgroup':
      "a target group, not the load balancer: give the ALB's ARN (aws elbv2 describe-load-balancers --names <name>)",
  },
};

/** A VPC origin takes an ALB, an NLB or an EC2 instance; the API's rules are an ALB listener's. */
export function vpcOriginArnProblem(arn: string): string | undefined {
  if (!isKnown(arn)) return undefined;
  if (/:loadbalancer\/net\//.test(arn)) {
    return `'${arn}' is a network load balancer: the API's listener rules need the application load balancer of the listener`;
  }
  return arnProblem(arn, APPLICATION_LOAD_BALANCER);
}

export function httpsPortProblem(port: number | undefined): string | undefined {
  if (port === undefined || !isKnown(port) || (Number.isInteger(port) && port >= 1 && port <= 65535)) return undefined;
  return 'expected a port from 1 to 65535';
}

/**
 * The VPC origin of the ALB: HTTPS only, TLS 1.2, so that CloudFront checks the ALB's certificate against
 * the origin's name as it does over the internet. Returns its id, for the origin's `vpc_origin_config`.
 */
export function apiVpcOrigin(scope: Construct, name: string, props: VpcOriginProps): string {
  const origin = new CloudfrontVpcOrigin(scope, 'api-vpc-origin', {
    vpcOriginEndpointConfig: [
      {
        name: `${name}-api`,
        arn: props.albArn,
        // Required by the API; unused with https-only.
        httpPort: 80,
        httpsPort: props.httpsPort ?? DEFAULT_VPC_ORIGIN_HTTPS_PORT,
        originProtocolPolicy: 'https-only',
        originSslProtocols: [{ items: ['TLSv1.2'], quantity: 1 }],
      },
    ],
  });
  return origin.id;
}
