"""Validating objects against the official OParl 1.1 schemas (tests/oparl/schema/,
see its README): the OParl keyword `"schema": "X.json"` becomes a `$ref`, and the
formats are OParl's (2.4)."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

FOLDER = Path(__file__).resolve().parent / "schema"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"
TYPES = sorted(path.stem for path in FOLDER.glob("*.json"))

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")

formats = FormatChecker(formats=())


@formats.checks("url")
def _url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@formats.checks("date")
def _date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not DATE.fullmatch(value):
        return False
    dt.date.fromisoformat(value)
    return True


@formats.checks("date-time")
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not DATE_TIME.fullmatch(value):
        return False
    dt.datetime.fromisoformat(value)
    return True


def _with_refs(node: Any) -> Any:
    if isinstance(node, dict):
        if isinstance(node.get("schema"), str):
            return {"$ref": node["schema"]}
        return {key: _with_refs(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_with_refs(value) for value in node]
    return node


@cache
def _registry() -> Registry:
    resources = []
    for name in TYPES:
        schema = _with_refs(json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8")))
        resource = Resource.from_contents(schema, default_specification=DRAFT7)
        resources.append((f"{name}.json", resource))
    return Registry().with_resources(resources)


@cache
def validator(type_name: str) -> Draft7Validator:
    schema = _registry().contents(f"{type_name}.json")
    return Draft7Validator(schema, registry=_registry(), format_checker=formats)


def type_of(obj: dict[str, Any]) -> str:
    assert obj["type"].startswith(TYPE_PREFIX), obj["type"]
    return str(obj["type"].removeprefix(TYPE_PREFIX))


def problems(obj: dict[str, Any]) -> list[str]:
    """What is wrong with an object, by its schema and the text of OParl 1.1."""
    found = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator(type_of(obj)).iter_errors(obj)
    ]
    found += [f"{obj.get('id')}: {problem}" for problem in _rules(obj)]
    return found


def _rules(obj: dict[str, Any]) -> list[str]:
    """What the text asks beyond the schemas' `required`, for the object and every
    object embedded in it."""
    found = []
    if obj.get("type", "").startswith(TYPE_PREFIX):
        # 3.1: created and modified on every object, embedded ones too.
        found += [f"no {key}" for key in ("created", "modified") if key not in obj]
        if obj.get("deleted") is True:
            # 2.8: a deleted object keeps id, type, created, modified, and no more here.
            extra = set(obj) - {"id", "type", "created", "modified", "deleted"}
            found += [f"deleted, yet shows {sorted(extra)}"] if extra else []
        # 2.4: no null, no empty list, no empty string.
        found += [f"{key} is empty" for key, value in obj.items() if value in (None, [], "")]
    for value in obj.values():
        children = value if isinstance(value, list) else [value]
        for child in children:
            if isinstance(child, dict):
                found += _rules(child)
    return found
