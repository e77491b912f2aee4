"""Put MediaConvert job-state events on the default bus and print what the job-events queue received.

    usage: python job_events.py ENDPOINT QUEUE_ARN QUEUE_URL

Uses the credentials in the environment (the environment's account). Three
events, in this order: one for another queue ARN (the rule matches this
environment's queue only), one with status STATUS_UPDATE (not a state the rule
forwards), then a COMPLETE for QUEUE_ARN with book_id 42 in its userMetadata.
Prints `{"put": [...], "received": [<event>...]}` with every message body the
queue held after the puts, parsed, so that the caller asserts which arrived.
"""

import json
import sys

import boto3

REGION = "us-east-1"


def event(queue, status, job_id):
    detail = {"queue": queue, "status": status, "jobId": job_id, "userMetadata": {"book_id": "42"}}
    # AWS refuses `aws.*` sources from PutEvents; moto does not, which is what makes this emulation possible.
    return {"Source": "aws.mediaconvert", "DetailType": "MediaConvert Job State Change", "Detail": json.dumps(detail), "EventBusName": "default"}


def main(endpoint, queue_arn, queue_url):
    events = boto3.client("events", endpoint_url=endpoint, region_name=REGION)
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name=REGION)
    other_queue = queue_arn.rsplit("/", 1)[0] + "/another-environments-queue"
    entries = [event(other_queue, "COMPLETE", "j-other-queue"), event(queue_arn, "STATUS_UPDATE", "j-status-update"), event(queue_arn, "COMPLETE", "j1")]
    put = events.put_events(Entries=entries)
    if put["FailedEntryCount"]:
        raise SystemExit(f"job_events.py: put_events failed: {put['Entries']}")
    received = []
    # Polls until the queue stays empty once: a message that was sent is there by then (moto delivers during PutEvents).
    while True:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        if not messages:
            break
        for message in messages:
            received.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    json.dump({"put": [json.loads(entry["Detail"])["jobId"] for entry in entries], "received": received}, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
