#!/usr/bin/env python3
"""The OpenFeature Python SDK with the flagd provider (file resolver, offline, in process)
as the oracle for `pmops flags eval` (issue 17).

Usage: flagd-oracle.py eval FLAGS_FILE < CASES
    CASES is a JSON array of {"flag", "type" (boolean|string|integer|object),
    "targetingKey" (or null), "context" (attributes)}. Prints a JSON array of
    {"value", "variant", "reason", "error"} as the SDK resolves them (a disabled flag or an
    error gives the code default: false, "", 0 or {}, and no variant).
Usage: flagd-oracle.py validate FLAGS_FILE SCHEMA_DIR
    Validates FLAGS_FILE against flagd's flags.json (with targeting.json) using jsonschema;
    prints "valid" or the first error and exits 1.
"""
import json
import pathlib
import sys
import time


def evaluate(path, cases):
    from openfeature import api
    from openfeature.evaluation_context import EvaluationContext
    from openfeature.contrib.provider.flagd import FlagdProvider
    from openfeature.contrib.provider.flagd.config import ResolverType

    provider = FlagdProvider(resolver_type=ResolverType.FILE, offline_flag_source_path=path)
    api.set_provider(provider)
    client = api.get_client()
    for _ in range(200):
        if client.get_provider_status().value == "READY":
            break
        time.sleep(0.05)
    getters = {"boolean": client.get_boolean_details, "string": client.get_string_details,
               "integer": client.get_integer_details, "object": client.get_object_details}
    defaults = {"boolean": False, "string": "", "integer": 0, "object": {}}
    out = []
    for case in cases:
        ctx = EvaluationContext(targeting_key=case.get("targetingKey"), attributes=case.get("context") or {})
        details = getters[case["type"]](case["flag"], defaults[case["type"]], ctx)
        out.append({"value": details.value, "variant": details.variant, "reason": str(details.reason.value if hasattr(details.reason, "value") else details.reason),
                    "error": details.error_code.value if details.error_code else None})
    api.shutdown()
    return out


def validate(path, schema_dir):
    import jsonschema
    from referencing import Registry, Resource
    base = pathlib.Path(schema_dir)
    # flags.json refers to "./targeting.json"; draft 7 lets $id siblings of $ref be
    # ignored, so the reference is made absolute before the registry resolves it.
    flags = json.loads((base / "flags.json").read_text().replace('"./targeting.json', '"https://flagd.dev/schema/v0/targeting.json'))
    targeting = json.loads((base / "targeting.json").read_text())
    registry = Registry().with_resources([
        ("https://flagd.dev/schema/v0/flags.json", Resource.from_contents(flags)),
        ("https://flagd.dev/schema/v0/targeting.json", Resource.from_contents(targeting)),
    ])
    validator = jsonschema.Draft7Validator(flags, registry=registry)
    errors = sorted(validator.iter_errors(json.loads(pathlib.Path(path).read_text())), key=lambda e: list(e.path))
    if errors:
        print("invalid: " + errors[0].message[:500] + " at " + "/".join(map(str, errors[0].path)))
        sys.exit(1)
    print("valid")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "eval":
        json.dump(evaluate(sys.argv[2], json.load(sys.stdin)), sys.stdout)
    elif len(sys.argv) == 4 and sys.argv[1] == "validate":
        validate(sys.argv[2], sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
