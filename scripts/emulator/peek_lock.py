"""Print what the S3 backend's locks look like right now, as JSON.

    usage: python peek_lock.py ENDPOINT BUCKET KEY TABLE

Reads with the credentials in the environment: `lockfile` is whether the
use_lockfile object `<KEY>.tflock` exists, `dynamodb` whether the lock table
holds the lock item `<BUCKET>/<KEY>` (Terraform's LockID for the state lock),
or null when TABLE is `-` (a backend without a DynamoDB table).
"""

import json
import sys

import boto3
from botocore.exceptions import ClientError


def main(endpoint, bucket, key, table):
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    dynamodb = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1")
    try:
        s3.head_object(Bucket=bucket, Key=f"{key}.tflock")
        lockfile = True
    except ClientError as error:
        if error.response["Error"]["Code"] not in ("404", "NoSuchKey", "NotFound"):
            raise
        lockfile = False
    locked = None
    if table != "-":
        locked = "Item" in dynamodb.get_item(TableName=table, Key={"LockID": {"S": f"{bucket}/{key}"}})
    json.dump({"lockfile": lockfile, "dynamodb": locked}, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
