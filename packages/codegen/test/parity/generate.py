#!/usr/bin/env python3
"""The pydantic oracle for the parity suite.

Rerun from the repository root after adding or editing a case:

    python3 packages/codegen/test/parity/generate.py          # (re)write every case's expected files
    python3 packages/codegen/test/parity/generate.py --check  # exit 1 if any expected file is stale

For every folder under cases/, it imports equivalent.py and builds each public function's schema exactly
as the seed's `schema(f)` does: one `create_model` field per parameter from `inspect.signature`
(annotation, and the default or `...` when there is none), then `model_json_schema()`. The description is
the docstring cleaned like `inspect.cleandoc`, left out when there is none. Two files are written:

- expected.pydantic.json: `[{"name", "description", "parameters"}, ...]`, keys in pydantic's order;
- expected.openai.json: the same with every `title` keyword removed (a property *named* "title" stays).

The functions of a case are those defined in its equivalent.py (not imported), not starting with `_`,
in definition order - the same order as the exports of its input.ts. Output is 2-space-indented JSON with
a trailing newline, so it equals `JSON.stringify(value, null, 2) + "\\n"`; reruns are byte-identical.
PYDANTIC_VERSION records the versions the committed files were produced with.
"""
import importlib.util
import inspect
import json
import sys
from inspect import Parameter
from pathlib import Path

import pydantic
import pydantic_core
from pydantic import create_model

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
VERSION_FILE = HERE / "PYDANTIC_VERSION"

# Keywords whose value maps names to subschemas, holds one subschema, or lists subschemas. Anything
# else (default, examples, enum, const, ...) is data and is copied untouched.
NAMED_SUBSCHEMAS = {"properties", "$defs", "definitions", "patternProperties", "dependentSchemas"}
ONE_SUBSCHEMA = {"items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
                 "unevaluatedItems", "unevaluatedProperties"}
LISTED_SUBSCHEMAS = {"anyOf", "allOf", "oneOf", "prefixItems"}


def schema(f):
    """The seed's `schema(f)`, with pydantic v2's `model_json_schema()` and a cleaned docstring."""
    kw = {n: (o.annotation, ... if o.default == Parameter.empty else o.default)
          for n, o in inspect.signature(f).parameters.items()}
    parameters = create_model(f"Input for `{f.__name__}`", **kw).model_json_schema()
    entry = {"name": f.__name__}
    if f.__doc__ is not None:
        entry["description"] = inspect.cleandoc(f.__doc__)
    entry["parameters"] = parameters
    return entry


def without_titles(schema_node):
    """The openai style: drop the `title` keyword wherever a schema sits, never a property named title."""
    if not isinstance(schema_node, dict):
        return schema_node
    out = {}
    for key, value in schema_node.items():
        if key == "title":
            continue
        if key in NAMED_SUBSCHEMAS and isinstance(value, dict):
            out[key] = {name: without_titles(sub) for name, sub in value.items()}
        elif key in ONE_SUBSCHEMA:
            out[key] = without_titles(value)
        elif key in LISTED_SUBSCHEMAS and isinstance(value, list):
            out[key] = [without_titles(sub) for sub in value]
        else:
            out[key] = value
    return out


def load_case(case_dir):
    module_name = "parity_case_" + case_dir.name.replace("-", "_")
    spec = importlib.util.spec_from_file_location(module_name, case_dir / "equivalent.py")
    module = importlib.util.module_from_spec(spec)
    # Registered before running so pydantic can resolve forward references ('TreeNode') in its namespace.
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return [obj for name, obj in vars(module).items()
            if inspect.isfunction(obj) and obj.__module__ == module_name and not name.startswith("_")]


def js_numbers(value):
    """JSON as JavaScript reads and writes it: one number type, so `1.0` is `1` (same value, same parse)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: js_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [js_numbers(item) for item in value]
    return value


def render(value):
    return json.dumps(js_numbers(value), indent=2, ensure_ascii=False) + "\n"


def expected_files(case_dir):
    tools = [schema(f) for f in load_case(case_dir)]
    if not tools:
        raise SystemExit(f"{case_dir.name}: equivalent.py defines no public function")
    openai = [{**t, "parameters": without_titles(t["parameters"])} for t in tools]
    return {
        case_dir / "expected.pydantic.json": render(tools),
        case_dir / "expected.openai.json": render(openai),
    }


def main(argv):
    check = "--check" in argv
    outputs = {VERSION_FILE: f"pydantic=={pydantic.VERSION}\npydantic-core=={pydantic_core.__version__}\n"}
    for case_dir in sorted(p for p in CASES.iterdir() if (p / "equivalent.py").is_file()):
        outputs.update(expected_files(case_dir))
    stale = [path for path, text in outputs.items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text]
    if check:
        for path in stale:
            print(f"stale: {path.relative_to(HERE)}")
        return 1 if stale else 0
    for path in stale:
        path.write_text(outputs[path], encoding="utf-8")
        print(f"wrote {path.relative_to(HERE)}")
    cases = sum(1 for p in outputs if p.name == "expected.pydantic.json")
    print(f"{cases} cases, {len(stale)} file(s) changed, pydantic {pydantic.VERSION}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
