"""moto's server on 127.0.0.1, with stubs for the Step Functions calls the provider makes and moto 5.2.5 lacks."""
import json
import sys

from moto.awslambda.models import LambdaBackend, LambdaFunction
from moto.logs.exceptions import ResourceNotFoundException
from moto.logs.responses import LogsResponse
from moto.server import main
from moto.sqs.models import Queue, sqs_backends
from moto.stepfunctions.responses import StepFunctionResponse


def validate_state_machine_definition(self):
    # The provider validates each definition while planning. moto has no validator: answer that it is valid.
    return json.dumps({"result": "OK", "diagnostics": [], "truncated": False})


def list_state_machine_versions(self):
    # The provider lists a machine's versions before deleting it; the program publishes none.
    return json.dumps({"stateMachineVersions": []})


for name, stub in [("validate_state_machine_definition", validate_state_machine_definition),
                   ("list_state_machine_versions", list_state_machine_versions)]:
    if not hasattr(StepFunctionResponse, name):
        setattr(StepFunctionResponse, name, stub)

# SQS, where moto 5.2.5 differs from AWS: SetQueueAttributes without a Policy deletes the queue's policy (AWS leaves
# it), and RedriveAllowPolicy is stored but neither asked for by name nor returned, so the provider fails reading it.
_set_attributes = Queue._set_attributes


def set_attributes_keeping_policy(self, attributes, now=None):
    policy = getattr(self, "policy", None)
    _set_attributes(self, attributes, now)
    if "Policy" not in attributes:
        self.policy = policy


_attributes = Queue.attributes


def attributes_with_redrive_allow_policy(self):
    result = _attributes.fget(self)
    result.pop("RedriveAllowPolicy", None)
    if getattr(self, "redrive_allow_policy", None):
        result["RedriveAllowPolicy"] = self.redrive_allow_policy
    return result


Queue.BASE_ATTRIBUTES = Queue.BASE_ATTRIBUTES + ["RedriveAllowPolicy"]
Queue.redrive_allow_policy = None


def attributes_as_aws_writes_them(self):
    result = attributes_with_redrive_allow_policy(self)
    # AWS returns the redrive policy compact, as it was set; moto re-serialises it with spaces.
    if "RedrivePolicy" in result:
        result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
    return result


Queue._set_attributes = set_attributes_keeping_policy
Queue.attributes = property(attributes_as_aws_writes_them)

# Lambda, where moto 5.2.5 differs from AWS: it drops a function's LoggingConfig (log format and levels) and its
# SnapStart setting, and answers LoggingConfig never and SnapStart always "None", so every plan would want to set them
# again (with SnapStart on, each plan would also publish a new version); and an update of the configuration ignores a
# new KMSKeyArn and TracingConfig.
_init = LambdaFunction.__init__
_update = LambdaFunction.update_configuration
_configuration = LambdaFunction.get_configuration


def init_keeping_settings(self, account_id, spec, region, version=1):
    _init(self, account_id, spec, region, version)
    self.logging_config = spec.get("LoggingConfig")
    self.snap_start = spec.get("SnapStart")


def update_keeping_settings(self, config_updates):
    if "LoggingConfig" in config_updates:
        self.logging_config = config_updates["LoggingConfig"]
    if "SnapStart" in config_updates:
        self.snap_start = config_updates["SnapStart"]
    if "KMSKeyArn" in config_updates:
        self.kms_key_arn = config_updates["KMSKeyArn"] or None
    if "TracingConfig" in config_updates:
        self.tracing_config = config_updates["TracingConfig"]
    return _update(self, config_updates)


def configuration_with_settings(self, on_create=False):
    config = _configuration(self, on_create)
    if getattr(self, "logging_config", None):
        config["LoggingConfig"] = {"LogGroup": "/aws/lambda/" + self.function_name, **self.logging_config}
    if getattr(self, "snap_start", None):
        # AWS optimizes published versions only; $LATEST reports Off.
        published = str(self.version) != "$LATEST"
        on = self.snap_start.get("ApplyOn") == "PublishedVersions" and published
        config["SnapStart"] = {**self.snap_start, "OptimizationStatus": "On" if on else "Off"}
    return config


LambdaFunction.__init__ = init_keeping_settings
LambdaFunction.update_configuration = update_keeping_settings
LambdaFunction.get_configuration = configuration_with_settings

# Event source mappings, where moto 5.2.5 differs from AWS: a mapping to an alias answers the ARN of the version the
# alias pointed at when it was made (AWS: the alias's ARN, as given), so a mapping to `live` would differ on every plan.
# And moto polls for the mapping itself, inside SendMessage, to run the function in a container: without one, each
# SendMessage receives up to a batch of the queue's messages, counting a receive on each (maxReceiveCount moves them to
# the dead-letter queue unanswered). Here nothing runs functions inside moto: the local runtime polls, as Lambda does
# (local/, docs/local.md); a mapping is never handed to its queue, so sending only stores.
_create_mapping = LambdaBackend.create_event_source_mapping
_update_mapping = LambdaBackend.update_event_source_mapping


def arn_as_given(resolved_arn, function_name):
    base = ":".join(resolved_arn.split(":")[:7])
    qualifier = function_name.split(":")[7 if function_name.startswith("arn:") else 1:]
    return base + "".join(":" + q for q in qualifier[:1])


def create_mapping_as_aws(self, spec):
    mapping = _create_mapping(self, spec)
    for queue in sqs_backends[self.account_id][self.region_name].queues.values():
        queue.lambda_event_source_mappings.pop(mapping.function_arn, None)
    mapping.function_arn = arn_as_given(mapping.function_arn, spec["FunctionName"])
    return mapping


def update_mapping_as_aws(self, uuid, spec):
    mapping = _update_mapping(self, uuid, spec)
    if mapping and "FunctionName" in spec:
        mapping.function_arn = arn_as_given(mapping.function_arn, spec["FunctionName"])
    return mapping


LambdaBackend.create_event_source_mapping = create_mapping_as_aws
LambdaBackend.update_event_source_mapping = update_mapping_as_aws

# CloudWatch Logs, where moto 5.2.5 lacks the calls that put an existing log group under a key and take it out again
# (the provider makes them when a stack's kmsKey setting changes).
def set_log_group_key(self, key_id):
    group = self.logs_backend.groups.get(self._get_param("logGroupName"))
    if group is None:
        raise ResourceNotFoundException()
    group.kms_key_id = key_id
    return ""


LogsResponse.associate_kms_key = lambda self: set_log_group_key(self, self._get_param("kmsKeyId"))
LogsResponse.disassociate_kms_key = lambda self: set_log_group_key(self, None)

main(["-H", "127.0.0.1", "-p", sys.argv[1]])
