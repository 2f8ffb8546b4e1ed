"""moto's server on 127.0.0.1, with stubs for the Step Functions calls the provider makes and moto 5.2.5 lacks."""
import json
import sys

from moto.server import main
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

main(["-H", "127.0.0.1", "-p", sys.argv[1]])
