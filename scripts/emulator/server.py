"""moto_server with the operations moto 5.2.5 lacks, so that the stacks apply as synthesized.

    usage: python server.py [moto_server arguments, e.g. -H 127.0.0.1 -p 5000]

moto routes every request by the botocore service model, so an operation it
lacks only needs a handler on CloudFrontResponse (and a URL pattern that
reaches it). Each addition below, and in the modules imported here, is one row
of docs/emulator.md's table of emulator additions; everything else is moto as
released.
"""

import json
import sys

from moto.cloudfront import models, urls
from moto.cloudfront.responses import CloudFrontResponse
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow
from moto.dynamodb.models import table as dynamodb_table
from moto.kms import kms_backends
from moto.moto_api._internal import mock_random
from moto.server import main
from moto.s3 import models as s3
from moto.secretsmanager import models as secretsmanager
from moto.sqs import models as sqs

import cloudfront_functions  # noqa: F401  CloudFront Functions: both stages, UpdateFunction, PublishFunction

BASE = "{0}/2020-05-31"


def new_id():
    return "".join(mock_random.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(14))


class NoSuchPolicy(Exception):
    pass


# --- Cache policies and response headers policies: stored as given, returned as CloudFront returns them.


def policy_store(backend, kind):
    stores = backend.__dict__.setdefault("_storytime_policies", {})
    return stores.setdefault(kind, {})


def policy_handlers(kind, config_key, list_key, not_found):
    """Create/Get/GetConfig/Update/Delete/List of one policy kind (`CachePolicy` or `ResponseHeadersPolicy`)."""

    def body(policy):
        return {"Id": policy["Id"], "LastModifiedTime": policy["LastModifiedTime"], config_key: policy["Config"]}

    def find(self):
        policy = policy_store(self.backend, kind).get(self._get_param("Id"))
        if policy is None:
            raise not_found()
        return policy

    def create(self):
        config = self._get_param(config_key)
        store = policy_store(self.backend, kind)
        if any(policy["Config"]["Name"] == config["Name"] for policy in store.values()):
            raise not_found.already_exists(config["Name"])
        policy = {"Id": new_id(), "LastModifiedTime": utcnow(), "Config": config, "ETag": new_id()}
        store[policy["Id"]] = policy
        location = f"https://cloudfront.amazonaws.com/2020-05-31/{not_found.path}/{policy['Id']}"
        return ActionResult({kind: body(policy), "Location": location, "ETag": policy["ETag"]})

    def get(self):
        policy = find(self)
        return ActionResult({kind: body(policy), "ETag": policy["ETag"]})

    def get_config(self):
        policy = find(self)
        return ActionResult({config_key: policy["Config"], "ETag": policy["ETag"]})

    def update(self):
        policy = find(self)
        policy.update(Config=self._get_param(config_key), LastModifiedTime=utcnow(), ETag=new_id())
        return ActionResult({kind: body(policy), "ETag": policy["ETag"]})

    def delete(self):
        policy = find(self)
        del policy_store(self.backend, kind)[policy["Id"]]
        return EmptyResult()

    def list_(self):
        items = [{"Type": "custom", kind: body(policy)} for policy in policy_store(self.backend, kind).values()]
        if self._get_param("Type") == "managed":
            items = []
        return ActionResult({list_key: {"MaxItems": 100, "Quantity": len(items), "Items": items or None}})

    return create, get, get_config, update, delete, list_


def add_policy_kind(kind, snake, path, config_key, list_key):
    from moto.cloudfront.exceptions import CloudFrontException

    class NotFound(CloudFrontException):
        code = 404

        def __init__(self):
            super().__init__(f"NoSuch{kind}", f"The {kind} does not exist.")

        @staticmethod
        def already_exists(name):
            return CloudFrontException(f"{kind}AlreadyExists", f"A {kind} named {name} already exists.")

    NotFound.path = path
    create, get, get_config, update, delete, list_ = policy_handlers(kind, config_key, list_key, NotFound)
    setattr(CloudFrontResponse, f"create_{snake}", create)
    setattr(CloudFrontResponse, f"get_{snake}", get)
    setattr(CloudFrontResponse, f"get_{snake}_config", get_config)
    setattr(CloudFrontResponse, f"update_{snake}", update)
    setattr(CloudFrontResponse, f"delete_{snake}", delete)
    setattr(CloudFrontResponse, f"list_{snake}s" if not snake.endswith("policy") else f"list_{snake[:-6]}policies", list_)
    urls.url_paths[f"{BASE}/{path}$"] = CloudFrontResponse.dispatch
    urls.url_paths[f"{BASE}/{path}/(?P<Id>[^/]+)$"] = CloudFrontResponse.dispatch
    urls.url_paths[f"{BASE}/{path}/(?P<Id>[^/]+)/config$"] = CloudFrontResponse.dispatch


add_policy_kind("CachePolicy", "cache_policy", "cache-policy", "CachePolicyConfig", "CachePolicyList")
add_policy_kind(
    "ResponseHeadersPolicy", "response_headers_policy", "response-headers-policy", "ResponseHeadersPolicyConfig", "ResponseHeadersPolicyList"
)


# --- Key groups: moto has Create, Get and List; Update and Delete are added.


def update_key_group(self):
    key_group = self.backend.key_groups[self._get_param("Id")]
    key_group.name = self._get_param("KeyGroupConfig.Name")
    key_group.items = self._get_param("KeyGroupConfig.Items", [])
    key_group.comment = self._get_param("KeyGroupConfig.Comment")
    key_group.etag = new_id()
    return ActionResult({"KeyGroup": key_group, "ETag": key_group.etag})


def delete_key_group(self):
    self.backend.key_groups.pop(self._get_param("Id"), None)
    return EmptyResult()


CloudFrontResponse.update_key_group = update_key_group
CloudFrontResponse.delete_key_group = delete_key_group


def key_group_config(self):
    config = {"Items": self.items, "Name": self.name}
    if getattr(self, "comment", None):
        config["Comment"] = self.comment
    return config


def create_key_group_keeping_comment(self):
    result = _create_key_group(self)
    result.result["KeyGroup"].comment = self._get_param("KeyGroupConfig.Comment")
    return result


_create_key_group = CloudFrontResponse.create_key_group
CloudFrontResponse.create_key_group = create_key_group_keeping_comment
models.KeyGroup.key_group_config = property(key_group_config)


# --- Public keys: moto drops the comment on create and has no UpdatePublicKey.

def create_public_key_keeping_comment(self):
    result = _original_create_public_key_response(self)
    comment = self._get_param("PublicKeyConfig.Comment")
    if comment:
        result.result["PublicKey"].comment = comment
    return result


_original_create_public_key_response = CloudFrontResponse.create_public_key
CloudFrontResponse.create_public_key = create_public_key_keeping_comment


def update_public_key(self):
    key = self.backend.public_keys[self._get_param("Id")]
    key.comment = self._get_param("PublicKeyConfig.Comment") or ""
    key.etag = new_id()
    return ActionResult({"PublicKey": key, "ETag": key.etag})


CloudFrontResponse.update_public_key = update_public_key
urls.url_paths[f"{BASE}/public-key/(?P<Id>[^/]+)/config$"] = CloudFrontResponse.dispatch

# --- Distributions: moto drops an origin's OriginAccessControlId, reports the default certificate beside an ACM
# one, and returns legacy ForwardedValues and TTLs beside a cache policy; CloudFront does none of that.

_origin_init = models.Origin.__init__


def origin_init(self, origin):
    _origin_init(self, origin)
    self.origin_access_control_id = origin.get("OriginAccessControlId") or ""


models.Origin.__init__ = origin_init

_certificate_init = models.ViewerCertificate.__init__


def certificate_init(self, config):
    _certificate_init(self, config)
    if config.get("ACMCertificateArn") or config.get("IAMCertificateId"):
        self.cloud_front_default_certificate = config.get("CloudFrontDefaultCertificate", False)


models.ViewerCertificate.__init__ = certificate_init

_behaviour_init = models.DefaultCacheBehaviour.__init__


def behaviour_init(self, config):
    _behaviour_init(self, config)
    if config.get("CachePolicyId"):
        self.forwarded_values = None
        self.min_ttl = self.default_ttl = self.max_ttl = None


models.DefaultCacheBehaviour.__init__ = behaviour_init

# --- SQS: moto returns a redrive policy with spaces after the separators (SQS returns it as it was set, compact),
# and SetQueueAttributes without a Policy attribute deletes the queue's policy (SQS keeps it).

_queue_attributes = sqs.Queue.attributes


def queue_attributes(self):
    result = _queue_attributes.fget(self)
    if self.redrive_policy:
        result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
    return result


sqs.Queue.attributes = property(queue_attributes)

_set_queue_attributes = sqs.SQSBackend.set_queue_attributes


def set_queue_attributes(self, queue_name, attributes):
    policy = self.get_queue(queue_name).policy
    queue = _set_queue_attributes(self, queue_name, attributes)
    if "Policy" not in attributes:
        queue.policy = policy
    return queue


sqs.SQSBackend.set_queue_attributes = set_queue_attributes

# --- Secrets Manager: UpdateSecretVersionStage moves the AWSCURRENT label, but moto's GetSecretValue (no version
# given) keeps answering the version it last put; AWS answers the version that holds AWSCURRENT.

_update_secret_version_stage = secretsmanager.SecretsManagerBackend.update_secret_version_stage


def update_secret_version_stage(self, secret_id, version_stage, remove_from_version_id, move_to_version_id):
    answer = _update_secret_version_stage(self, secret_id, version_stage, remove_from_version_id, move_to_version_id)
    if version_stage == "AWSCURRENT" and move_to_version_id:
        self.secrets[secret_id].set_default_version_id(move_to_version_id)
    return answer


secretsmanager.SecretsManagerBackend.update_secret_version_stage = update_secret_version_stage

# --- DynamoDB server-side encryption without a key of one's own: moto creates the account's alias/aws/dynamodb key as
# a customer managed key; in KMS it is AWS managed (KeyManager AWS), not one of the keys an account creates.

_default_encryption_key = dynamodb_table.Table._get_default_encryption_key


def default_encryption_key(self, account_id, region):
    arn = _default_encryption_key(self, account_id, region)
    kms_backends[account_id][region].describe_key("alias/aws/dynamodb").key_manager = "AWS"
    return arn


dynamodb_table.Table._get_default_encryption_key = default_encryption_key

# --- S3 server access logging: moto writes a log object into the target bucket synchronously, for every request to
# a logging bucket (the destroy's own reads included), so that a log bucket is never empty, even right after it was
# emptied; S3 delivers logs best-effort, minutes later. The emulator writes none (the logging configuration stays).

s3.S3Backend.log_incoming_request = lambda self, request, bucket_name: None

if __name__ == "__main__":
    main(sys.argv[1:])
