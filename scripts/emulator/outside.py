"""Create what the stacks expect to exist already, inside the emulator.

For every environment account: an STS session (moto ties the temporary keys to
the role's account), a VPC with two subnets, an internet-facing ALB with an
HTTPS listener whose default action is a fixed 403, the API target group, ACM certificates for the CDN and the ALB and a
Route53 zone. Prints one JSON object: per environment its credentials and the
ARNs/ids the emulator settings need. (No web ACL: every environment's stack
creates its own, storytime-<env>-cdn, and a second one of that name would clash.)

    usage: python outside.py ENDPOINT ENV=ACCOUNT[:DOMAIN] ...
"""

import json
import re
import sys

import boto3

REGION = "us-east-1"  # CloudFront reads certificates only there.
# Route53 zone ids on AWS always start with Z (the settings schema checks that);
# moto draws them from [A-Z0-9], so a zone whose id does not is deleted and drawn again.
AWS_ZONE_ID = re.compile(r"^Z[A-Z0-9]{4,32}$")
ZONE_DRAWS = 1000


def session(endpoint, account):
    sts = boto3.client(
        "sts", region_name=REGION, endpoint_url=endpoint,
        aws_access_key_id="emulator-bootstrap", aws_secret_access_key="emulator-bootstrap",
    )
    role = f"arn:aws:iam::{account}:role/storytime-emulator"
    creds = sts.assume_role(RoleArn=role, RoleSessionName="storytime-emulator")["Credentials"]
    keys = {
        "AWS_ACCESS_KEY_ID": creds["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
        "AWS_SESSION_TOKEN": creds["SessionToken"],
    }
    boto = boto3.Session(
        aws_access_key_id=keys["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=keys["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=keys["AWS_SESSION_TOKEN"],
        region_name=REGION,
    )
    got = boto.client("sts", endpoint_url=endpoint).get_caller_identity()["Account"]
    if got != account:
        raise SystemExit(f"outside.py: credentials for {account} resolve to {got}")
    return keys, lambda service: boto.client(service, endpoint_url=endpoint)


def hosted_zone(route53, domain):
    for draw in range(ZONE_DRAWS):
        zone = route53.create_hosted_zone(Name=domain, CallerReference=f"storytime-{domain}-{draw}")["HostedZone"]
        zone_id = zone["Id"].split("/")[-1]
        if AWS_ZONE_ID.match(zone_id):
            return zone_id
        route53.delete_hosted_zone(Id=zone_id)
    raise SystemExit(f"outside.py: no Z-prefixed zone id in {ZONE_DRAWS} draws")


def environment(endpoint, name, account, domain):
    keys, client = session(endpoint, account)
    ec2, elb, acm = client("ec2"), client("elbv2"), client("acm")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{index}.0/24", AvailabilityZone=f"{REGION}{zone}")["Subnet"]["SubnetId"]
        for index, zone in enumerate("ab")
    ]
    alb = elb.create_load_balancer(Name=f"storytime-{name}", Subnets=subnets, Scheme="internet-facing", Type="application")["LoadBalancers"][0]
    api_target_group = elb.create_target_group(
        Name=f"storytime-{name}-api", Protocol="HTTP", Port=3000, VpcId=vpc, TargetType="ip",
    )["TargetGroups"][0]["TargetGroupArn"]
    certificate = acm.request_certificate(DomainName=f"cdn.{domain}", ValidationMethod="DNS")["CertificateArn"]
    alb_certificate = acm.request_certificate(DomainName=f"*.{domain}", SubjectAlternativeNames=[domain], ValidationMethod="DNS")["CertificateArn"]
    listener = elb.create_listener(
        LoadBalancerArn=alb["LoadBalancerArn"], Protocol="HTTPS", Port=443,
        Certificates=[{"CertificateArn": alb_certificate}],
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "403", "ContentType": "text/plain"}}],
    )["Listeners"][0]["ListenerArn"]
    return {
        "account": account,
        "credentials": keys,
        "certificateArn": certificate,
        "hostedZoneId": hosted_zone(client("route53"), domain),
        "listenerArn": listener,
        "albDnsName": alb["DNSName"].lower(),
        "albHostedZoneId": alb["CanonicalHostedZoneId"],
        "apiTargetGroupArn": api_target_group,
    }


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    endpoint, specs = argv[0], argv[1:]
    result = {}
    for spec in specs:
        name, _, rest = spec.partition("=")
        account, _, domain = rest.partition(":")
        result[name] = environment(endpoint, name, account, domain or f"{name}.storytime.example")
    json.dump(result, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
