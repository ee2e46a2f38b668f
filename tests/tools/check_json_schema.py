"""Validates JSON files against a JSON Schema (Draft 2020-12) with python3-jsonschema.

Usage: check_json_schema.py SCHEMA FILE... ; exit 0 when every file conforms.
"""
import json
import sys

import jsonschema


def main(argv):
    schema = json.load(open(argv[1], encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failed = 0
    for path in argv[2:]:
        errors = sorted(validator.iter_errors(json.load(open(path, encoding="utf-8"))), key=lambda e: list(e.path))
        for e in errors:
            print(f"{path}: /{'/'.join(str(p) for p in e.path)}: {e.message}")
        print(f"{path}: {'ok' if not errors else str(len(errors)) + ' problems'}")
        failed += bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
