"""What an operator (or an intruder) does by hand in an account, for the day-2 scenarios of the emulator run.

    usage: python by_hand.py ENDPOINT ACTION [ARGUMENTS...]

Uses the credentials in the environment (one environment's account). Prints JSON.

  inventory                         how many of each resource a duplicate would show up in
  put-object BUCKET KEY             an upload (a bucket that holds data)
  put-archived BUCKET KEY CLASS     a master already moved to an archive class (GLACIER, DEEP_ARCHIVE) by the lifecycle
  read-object BUCKET KEY            whether GetObject reads it now: {readable, error}
  empty-bucket BUCKET...            delete every version and delete marker (docs/recovery.md, "Destroy an environment")
  bucket-guards BUCKET              its public-access block, encryption and policy, as they are now
  state-delete BUCKET KEY           delete the state object (a delete marker on a versioned bucket)
  state-garble BUCKET KEY           overwrite the state object with garbage
  send-message QUEUE_NAME           one message into a queue
  count-messages QUEUE_NAME         messages a queue holds
  secret SECRET_ID                  AWSCURRENT of a secret: {versionId, value}
  put-secret SECRET_ID VALUE        a new AWSCURRENT, as `aws secretsmanager put-secret-value` does
  tamper-cache-ttl NAME TTL         set a cache policy's default TTL
  tamper-header NAME VALUE          set x-storytime-environment in a response headers policy
  tamper-key-group NAME             add a foreign public key to a key group
"""

import json
import sys

import boto3
from botocore.exceptions import ClientError

REGION = "us-east-1"
GARBAGE = b"\x00\x17 not a terraform state \xff\n"


def client(endpoint, service):
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION)


def inventory(endpoint):
    cloudfront, kms = client(endpoint, "cloudfront"), client(endpoint, "kms")
    metadata = [kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"] for key in kms.list_keys()["Keys"]]
    live = [meta for meta in metadata if meta["KeyState"] == "Enabled" and meta["KeyManager"] == "CUSTOMER"]
    return {
        "distributions": len(cloudfront.list_distributions()["DistributionList"].get("Items", [])),
        "kms_keys": len(live),
        "kms_key_descriptions": sorted(meta.get("Description", "") for meta in live),
        "public_keys": cloudfront.list_public_keys()["PublicKeyList"]["Quantity"],
        "key_groups": cloudfront.list_key_groups()["KeyGroupList"]["Quantity"],
        "cache_policies": cloudfront.list_cache_policies(Type="custom")["CachePolicyList"]["Quantity"],
        "response_headers_policies": cloudfront.list_response_headers_policies(Type="custom")["ResponseHeadersPolicyList"]["Quantity"],
        "origin_access_controls": cloudfront.list_origin_access_controls()["OriginAccessControlList"]["Quantity"],
        "buckets": len(client(endpoint, "s3").list_buckets()["Buckets"]),
        "queues": len(client(endpoint, "sqs").list_queues().get("QueueUrls", [])),
    }


def versions(s3, bucket):
    found = []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        found += [{"Key": item["Key"], "VersionId": item["VersionId"]} for item in page.get("Versions", []) + page.get("DeleteMarkers", [])]
    return found


def read_object(s3, bucket, key):
    try:
        s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        return {"readable": True, "error": None}
    except ClientError as error:
        return {"readable": False, "error": error.response["Error"]["Code"]}


def empty_bucket(endpoint, *buckets):
    s3, deleted = client(endpoint, "s3"), {}
    for bucket in buckets:
        objects = versions(s3, bucket)
        for start in range(0, len(objects), 1000):
            s3.delete_objects(Bucket=bucket, Delete={"Objects": objects[start : start + 1000], "Quiet": True})
        deleted[bucket] = len(objects)
    return deleted


def bucket_guards(endpoint, bucket):
    s3 = client(endpoint, "s3")

    def attempt(call):
        try:
            return call()
        except ClientError as error:
            return {"error": error.response["Error"]["Code"]}

    return {
        "publicAccessBlock": attempt(lambda: s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]),
        "encryption": attempt(lambda: s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]["ApplyServerSideEncryptionByDefault"]),
        "policy": attempt(lambda: json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])),
    }


def named(items, name, path):
    for item in items:
        inner = item
        for key in path:
            inner = inner[key]
        if inner["Name"] == name:
            return item
    raise SystemExit(f"by_hand.py: nothing named {name}")


def tamper_cache_ttl(endpoint, name, ttl):
    cloudfront = client(endpoint, "cloudfront")
    policy = named(cloudfront.list_cache_policies(Type="custom")["CachePolicyList"]["Items"], name, ["CachePolicy", "CachePolicyConfig"])["CachePolicy"]
    config = policy["CachePolicyConfig"]
    config["DefaultTTL"] = int(ttl)
    cloudfront.update_cache_policy(Id=policy["Id"], CachePolicyConfig=config, IfMatch="*")
    return {"id": policy["Id"]}


def tamper_header(endpoint, name, value):
    cloudfront = client(endpoint, "cloudfront")
    items = cloudfront.list_response_headers_policies(Type="custom")["ResponseHeadersPolicyList"]["Items"]
    policy = named(items, name, ["ResponseHeadersPolicy", "ResponseHeadersPolicyConfig"])["ResponseHeadersPolicy"]
    config = policy["ResponseHeadersPolicyConfig"]
    for header in config["CustomHeadersConfig"]["Items"]:
        if header["Header"].lower() == "x-storytime-environment":
            header["Value"] = value
    cloudfront.update_response_headers_policy(Id=policy["Id"], ResponseHeadersPolicyConfig=config, IfMatch="*")
    return {"id": policy["Id"]}


def tamper_key_group(endpoint, name):
    cloudfront = client(endpoint, "cloudfront")
    group = named([{"KeyGroup": item["KeyGroup"]} for item in cloudfront.list_key_groups()["KeyGroupList"]["Items"]], name, ["KeyGroup", "KeyGroupConfig"])["KeyGroup"]
    pem = cloudfront.get_public_key(Id=group["KeyGroupConfig"]["Items"][0])["PublicKey"]["PublicKeyConfig"]["EncodedKey"]
    foreign = cloudfront.create_public_key(PublicKeyConfig={"CallerReference": "operator-foreign", "Name": "foreign-key", "EncodedKey": pem})["PublicKey"]["Id"]
    config = group["KeyGroupConfig"]
    config["Items"] = config["Items"] + [foreign]
    cloudfront.update_key_group(Id=group["Id"], KeyGroupConfig=config, IfMatch="*")
    return {"foreign": foreign}


def main(endpoint, action, *args):
    s3, sqs, secrets = client(endpoint, "s3"), client(endpoint, "sqs"), client(endpoint, "secretsmanager")
    actions = {
        "inventory": lambda: inventory(endpoint),
        "put-object": lambda bucket, key: s3.put_object(Bucket=bucket, Key=key, Body=b"master") and {"put": key},
        "put-archived": lambda bucket, key, storage_class: s3.put_object(Bucket=bucket, Key=key, Body=b"master", StorageClass=storage_class)
        and {"put": key, "class": storage_class},
        "read-object": lambda bucket, key: read_object(s3, bucket, key),
        "empty-bucket": lambda *buckets: empty_bucket(endpoint, *buckets),
        "bucket-guards": lambda bucket: bucket_guards(endpoint, bucket),
        "state-delete": lambda bucket, key: s3.delete_object(Bucket=bucket, Key=key) and {"deleted": key},
        "state-garble": lambda bucket, key: s3.put_object(Bucket=bucket, Key=key, Body=GARBAGE) and {"garbled": key},
        "send-message": lambda name: {"id": sqs.send_message(QueueUrl=sqs.get_queue_url(QueueName=name)["QueueUrl"], MessageBody="dead-lettered job event")["MessageId"]},
        "count-messages": lambda name: {
            "count": int(sqs.get_queue_attributes(QueueUrl=sqs.get_queue_url(QueueName=name)["QueueUrl"], AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"])
        },
        "secret": lambda secret_id: (lambda got: {"versionId": got["VersionId"], "value": got.get("SecretString")})(secrets.get_secret_value(SecretId=secret_id)),
        "put-secret": lambda secret_id, value: {"versionId": secrets.put_secret_value(SecretId=secret_id, SecretString=value)["VersionId"]},
        "tamper-cache-ttl": lambda name, ttl: tamper_cache_ttl(endpoint, name, ttl),
        "tamper-header": lambda name, value: tamper_header(endpoint, name, value),
        "tamper-key-group": lambda name: tamper_key_group(endpoint, name),
    }
    if action not in actions:
        raise SystemExit(__doc__)
    json.dump(actions[action](*args), sys.stdout, default=str)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
