"""The JSON Schema editors use: generated from schema.py, committed, in step with the validator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from incidentdb.data.errors import DataError
from incidentdb.data.jsonschema import schema_text
from incidentdb.model.load import load_bytes

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "schema" / "incidents.schema.json"
DATA = ROOT / "data" / "incidents.yaml"
BASE = (Path(__file__).parent / "fixtures" / "hostile" / "base.yaml").read_text(encoding="utf-8")


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_committed_schema_is_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "schema/incidents.schema.json is stale: run `make schema`"
    )


def test_the_data_file_names_the_schema_on_its_first_line() -> None:
    first = DATA.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == "# yaml-language-server: $schema=../schema/incidents.schema.json"
    assert (DATA.parent / "../schema/incidents.schema.json").resolve() == COMMITTED


@pytest.mark.parametrize("path", [DATA, Path(__file__).parent / "fixtures" / "small.yaml"])
def test_valid_data_validates_against_the_json_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(data)]
    assert errors == []


INVALID = [
    pytest.param("type: rocket-attack", "type: rockets", id="enum"),
    pytest.param("    place: baghdad", "    place: baghdad\n    colour: red", id="unknown-key"),
    pytest.param("    title: Rockets near the embassy\n", "", id="missing-required"),
    pytest.param('time: "00:30"', 'time: "1:30"', id="time-format"),
    pytest.param("count: {min: 2, max: 3}", "count: {}", id="empty-count"),
    pytest.param("count: {min: 2, max: 3}", "count: -3", id="negative-count"),
    pytest.param("url: https://www.afp.com/fr/dispatch", "url: javascript:alert(1)", id="url"),
    pytest.param("url: https://www.afp.com/fr/dispatch", "url: //evil.example", id="url-relative"),
    pytest.param("title: Rockets near the embassy", "title: <script>x</script>", id="html-title"),
    pytest.param(
        "summary: Rockets fell near the *embassy*.", 'summary: "{{ 7*7 }}"', id="jinja-text"
    ),
    pytest.param(
        "    sources: [afp-2020-02-16, reuters-2020-02-16]", "    sources: []", id="no-source"
    ),
    pytest.param("  - id: nujaba", "  - id: Nujaba_1", id="id-pattern"),
]


@pytest.mark.parametrize(("old", "new"), INVALID)
def test_invalid_records_are_rejected_by_both_the_json_schema_and_the_validator(
    old: str, new: str
) -> None:
    assert BASE.count(old) == 1
    text = BASE.replace(old, new)
    assert list(validator().iter_errors(yaml.safe_load(text))) != []
    with pytest.raises(DataError):
        load_bytes(text.encode("utf-8"), "data/incidents.yaml")


def test_the_base_file_passes_both() -> None:
    assert list(validator().iter_errors(yaml.safe_load(BASE))) == []
    load_bytes(BASE.encode("utf-8"), "data/incidents.yaml")
