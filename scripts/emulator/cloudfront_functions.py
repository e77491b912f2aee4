"""CloudFront Functions as CloudFront keeps them, for scripts/emulator/server.py.

moto 5.2.5 keeps one copy of a function and has no UpdateFunction or PublishFunction. CloudFront keeps a
DEVELOPMENT stage (what CreateFunction and UpdateFunction write) and, once PublishFunction has copied it, a
LIVE stage; each stage answers with its own summary and ETag, every write names the DEVELOPMENT stage's ETag
in If-Match, and a function that a distribution uses cannot be deleted. The function objects stay moto's (its
tagging and resource listing keep working); DEVELOPMENT is moto's copy, LIVE rides on it.
"""

import base64
import hashlib
import json

from moto.cloudfront import models, urls
from moto.cloudfront.exceptions import CloudFrontException, InvalidIfMatchVersion, NoSuchFunctionExists
from moto.cloudfront.responses import CloudFrontResponse
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow

DEVELOPMENT, LIVE = "DEVELOPMENT", "LIVE"


class PreconditionFailed(CloudFrontException):
    def __init__(self):
        super().__init__("PreconditionFailed", "The precondition given in one or more of the request header fields evaluated to false.")


class FunctionInUse(CloudFrontException):
    def __init__(self, name):
        super().__init__("FunctionInUse", f"Cannot delete function {name}: a distribution's cache behavior uses it.")


def content_etag(config, code):
    """CloudFront's function ETags follow the content: the same code and configuration, the same ETag."""
    code = code if isinstance(code, bytes) else str(code).encode()
    digest = hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode() + b"\0" + code).digest()
    return "E" + base64.b32encode(digest).decode()[:13]


class LiveStage:
    """The copy PublishFunction made of the DEVELOPMENT stage."""

    def __init__(self, function):
        self.config, self.code, self.etag = function.config, function.code, function.etag
        self.last_modified_time = utcnow()


def write_development(function, config, code):
    function.config, function.code = config, code
    function.etag = content_etag(config, code)
    function.last_modified_time = utcnow()


def stage_of(function, stage):
    """The DEVELOPMENT stage (moto's function) or the LIVE copy; NoSuchFunctionExists for a LIVE stage never published."""
    if stage == LIVE:
        if getattr(function, "live", None) is None:
            raise NoSuchFunctionExists(function.name)
        return function.live
    return function


def associated(backend, arn):
    """Whether a cache behavior of a distribution of this account names the function."""
    for distribution in backend.distributions.values():
        config = distribution.distribution_config
        behaviors = [config.DefaultCacheBehavior, *(config.CacheBehaviors.get("Items") or [])]
        for behavior in behaviors:
            associations = getattr(behavior, "function_associations", None) or {}
            if any(item.get("FunctionARN") == arn for item in associations.get("Items") or []):
                return True
    return False


def status(backend, function, stage):
    live = getattr(function, "live", None)
    if live is None or (stage == DEVELOPMENT and live.etag != function.etag):
        return "UNPUBLISHED"
    return "DEPLOYED" if associated(backend, function.arn) else "UNASSOCIATED"


def summary(backend, function, stage):
    copy = stage_of(function, stage)
    return {
        "Name": function.name,
        "Status": status(backend, function, stage),
        "FunctionConfig": copy.config,
        "FunctionMetadata": {
            "FunctionARN": function.arn,
            "Stage": stage,
            "CreatedTime": function.created_time,
            "LastModifiedTime": copy.last_modified_time,
        },
    }


def find(self):
    name = self._get_param("Name")
    function = self.backend.functions.get(name)
    if function is None:
        raise NoSuchFunctionExists(name)
    return function


def matching(self):
    """The function, if If-Match names its DEVELOPMENT stage's ETag (as every write must)."""
    function = find(self)
    if_match = self._get_param("IfMatch")
    if not if_match:
        raise InvalidIfMatchVersion()
    if if_match != function.etag:
        raise PreconditionFailed()
    return function


def create_function(self):
    name = self._get_param("Name")
    function = self.backend.create_function(name, self._get_param("FunctionConfig", {}), self._get_param("FunctionCode"), [])
    write_development(function, function.config, function.code)
    function.live = None
    location = f"https://cloudfront.amazonaws.com/2020-05-31/function/{name}"
    return ActionResult({"FunctionSummary": summary(self.backend, function, DEVELOPMENT), "Location": location, "ETag": function.etag})


def describe_function(self):
    function = find(self)
    stage = self._get_param("Stage") or DEVELOPMENT
    return ActionResult({"FunctionSummary": summary(self.backend, function, stage), "ETag": stage_of(function, stage).etag})


def get_function(self):
    copy = stage_of(find(self), self._get_param("Stage") or DEVELOPMENT)
    return ActionResult({"FunctionCode": copy.code, "ETag": copy.etag, "ContentType": "application/octet-stream"})


def update_function(self):
    function = matching(self)
    write_development(function, self._get_param("FunctionConfig", {}), self._get_param("FunctionCode"))
    return ActionResult({"FunctionSummary": summary(self.backend, function, DEVELOPMENT), "ETag": function.etag})


def publish_function(self):
    function = matching(self)
    function.live = LiveStage(function)
    return ActionResult({"FunctionSummary": summary(self.backend, function, LIVE)})


def delete_function(self):
    function = matching(self)
    if associated(self.backend, function.arn):
        raise FunctionInUse(function.name)
    del self.backend.functions[function.name]
    return EmptyResult()


def list_functions(self):
    """Each function once per stage it is in, or only the stage asked for."""
    wanted = self._get_param("Stage")
    items = [
        summary(self.backend, function, stage)
        for function in self.backend.functions.values()
        for stage in (DEVELOPMENT, LIVE)
        if (wanted is None or stage == wanted) and (stage == DEVELOPMENT or getattr(function, "live", None) is not None)
    ]
    max_items = self._get_int_param("MaxItems") or 100
    return ActionResult({"FunctionList": {"MaxItems": max_items, "Quantity": len(items), "Items": items or None}})


# A distribution's cache behaviors keep their function associations (moto answers every behavior with none).
_behaviour_init = models.DefaultCacheBehaviour.__init__


def behaviour_init(self, config):
    _behaviour_init(self, config)
    self.function_associations = config.get("FunctionAssociations") or {"Quantity": 0}


models.DefaultCacheBehaviour.__init__ = behaviour_init

for handler in (create_function, describe_function, get_function, update_function, publish_function, delete_function, list_functions):
    setattr(CloudFrontResponse, handler.__name__, handler)
urls.url_paths["{0}/2020-05-31/function/(?P<function_name>[^/]+)/publish$"] = CloudFrontResponse.dispatch
