"""Writes the provider's schema of the resource types the program registers (the test fixture of TerraformConfigTest).

python3 tools/provider-check/schema-excerpt.py target/provider-check/schema.json TYPE... > FILE
"""
import json
import sys

schema = json.load(open(sys.argv[1]))
(name, provider), = [(k, v) for k, v in schema["provider_schemas"].items() if k.endswith("/hashicorp/aws")]
kept = {t: provider["resource_schemas"][t] for t in sorted(sys.argv[2:])}
json.dump({"format_version": schema["format_version"], "provider_schemas": {name: {
    "provider": provider["provider"], "resource_schemas": kept}}}, sys.stdout, indent=1, sort_keys=True)
print()
