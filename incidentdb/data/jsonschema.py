"""The JSON Schema for editors, generated from schema.py (one source of truth).

Editors' YAML language servers read it through the data file's first line; `make schema`
writes it to schema/incidents.schema.json and a test keeps that file in sync.
"""

from __future__ import annotations

import json

from incidentdb.data import schema as s
from incidentdb.data.scalars import MAX_URL

SCHEMA_ID = "https://iraq-incident-database.github.io/iraq-incident-database/downloads/incidents.schema.json"

_STRINGS: dict[str, dict[str, object]] = {
    s.SLUG: {
        "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
        "maxLength": s.MAX_ID,
        "not": {"const": "index"},
    },
    s.REF: {"pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": s.MAX_ID},
    s.LINE: {"pattern": r"^[^<>{}`&\n]+$", "maxLength": s.MAX_LINE},
    s.TEXT: {"pattern": r"^[^{}]*$", "maxLength": s.MAX_TEXT},
    s.QUOTE: {
        "allOf": [
            {"pattern": r"^[^{}]*$"},
            # at most MAX_QUOTE_WORDS words
            {"pattern": r"^\s*\S+(\s+\S+){0,N}\s*$".replace("N", str(s.MAX_QUOTE_WORDS - 1))},
        ],
        "maxLength": s.MAX_QUOTE,
    },
    s.EDTF: {"pattern": r"^[0-9?~%/.\[\]{},-]+$"},
    s.DAY: {"pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    s.TIME: {"pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$"},
    s.URL: {
        "pattern": r'^https?://[^\s@/?#<>"{}|\\^`]+([/?#][^\s<>"{}|\\^`]*)?$',
        "format": "uri",
        "maxLength": MAX_URL,
    },
    s.LANG: {"pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
}


def to_json_schema(spec: s.Field) -> dict:
    """The JSON Schema fragment for one field."""
    doc = {"description": spec.doc} if spec.doc else {}
    kind = spec.kind
    if kind == s.OBJECT:
        out = {
            "type": "object",
            "additionalProperties": False,
            "properties": {f.name: to_json_schema(f) for f in spec.fields},
        }
        required = [f.name for f in spec.fields if f.required]
        if required:
            out["required"] = required
        return {**doc, **out}
    if kind == s.RANGE:
        obj = {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {f.name: to_json_schema(f) for f in spec.fields},
        }
        return {**doc, "oneOf": [{"type": "integer", "minimum": 0}, obj]}
    if kind == s.LIST:
        assert spec.item is not None
        out = {"type": "array", "items": to_json_schema(spec.item)}
        if spec.min_items:
            out["minItems"] = spec.min_items
        return {**doc, **out}
    if kind == s.INT:
        return {**doc, "type": "integer", "minimum": 0, "maximum": 10**s.MAX_DIGITS - 1}
    if kind == s.DECIMAL:
        limits = {"minimum": spec.bounds[0], "maximum": spec.bounds[1]} if spec.bounds else {}
        return {**doc, "type": "number", **limits}
    if kind == s.ENUM:
        return {**doc, "type": "string", "enum": list(spec.choices)}
    string: dict[str, object] = {"type": "string", **_STRINGS.get(kind, {})}
    if spec.example:
        string["examples"] = [spec.example]
    return {**doc, **string}


def json_schema() -> dict:
    body = to_json_schema(s.DATABASE)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Iraq Incident Database: data/incidents.yaml",
        **body,
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
