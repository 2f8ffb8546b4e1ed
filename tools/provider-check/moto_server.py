"""moto's server on 127.0.0.1, with stubs for the Step Functions calls the provider makes and moto 5.2.5 lacks."""
import json
import sys

from moto.awslambda.models import LambdaFunction
from moto.server import main
from moto.sqs.models import Queue
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

# Lambda, where moto 5.2.5 differs from AWS: it drops a function's LoggingConfig (log format and levels) and never
# returns it, so every plan would want to set it again.
_init = LambdaFunction.__init__
_update = LambdaFunction.update_configuration
_configuration = LambdaFunction.get_configuration


def init_keeping_logging_config(self, account_id, spec, region, version=1):
    _init(self, account_id, spec, region, version)
    self.logging_config = spec.get("LoggingConfig")


def update_keeping_logging_config(self, config_updates):
    if "LoggingConfig" in config_updates:
        self.logging_config = config_updates["LoggingConfig"]
    return _update(self, config_updates)


def configuration_with_logging_config(self, on_create=False):
    config = _configuration(self, on_create)
    if getattr(self, "logging_config", None):
        config["LoggingConfig"] = {"LogGroup": "/aws/lambda/" + self.function_name, **self.logging_config}
    return config


LambdaFunction.__init__ = init_keeping_logging_config
LambdaFunction.update_configuration = update_keeping_logging_config
LambdaFunction.get_configuration = configuration_with_logging_config

# SQS with an event source mapping, where moto 5.2.5 differs from AWS: every SendMessage makes moto receive a batch of
# the queue's messages itself and invoke the function in Docker; with no Docker here the invocation fails and the
# messages are made visible again, but each was received once more (ApproximateReceiveCount goes up, and the redrive
# policy counts it). Lambda's poller is the local runtime's job (local/, docs/local.md): sending only stores.
_add_message = Queue.add_message


def add_message_without_invoking_lambda(self, message):
    mappings = self.lambda_event_source_mappings
    self.lambda_event_source_mappings = {}
    try:
        return _add_message(self, message)
    finally:
        self.lambda_event_source_mappings = mappings


Queue.add_message = add_message_without_invoking_lambda

main(["-H", "127.0.0.1", "-p", sys.argv[1]])
