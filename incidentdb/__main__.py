"""Command line: `python -m incidentdb check|schema|pages`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from incidentdb.data.errors import DataError
from incidentdb.model.load import load_database


def _check(args: argparse.Namespace) -> int:
    try:
        db = load_database(args.data)
    except DataError as err:
        if args.format == "github":
            for problem in err.problems:
                print(problem.github(err.filename))
        else:
            print("\n".join(err.lines()))
        print(err.summary())
        return 1
    print(
        f"{args.data}: OK: {len(db.incidents)} incidents, {len(db.factions)} factions, "
        f"{len(db.places)} places, {len(db.sources)} sources"
    )
    return 0


def _schema(args: argparse.Namespace) -> int:
    from incidentdb.data.jsonschema import schema_text

    text = schema_text()
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _pages(args: argparse.Namespace) -> int:
    from incidentdb.model.load import limited
    from incidentdb.site.config import info_from_config
    from incidentdb.site.pages import write_pages

    try:
        db = limited(load_database(args.data))
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    count = len(write_pages(db, Path(args.output), info_from_config(Path(args.config))))
    print(f"wrote {count} pages into {args.output}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m incidentdb")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the data file and list every problem")
    check.add_argument("data", nargs="?", default="data/incidents.yaml")
    check.add_argument("--format", choices=("text", "github"), default="text")
    check.set_defaults(run=_check)
    schema = sub.add_parser("schema", help="print or write the JSON Schema")
    schema.add_argument("--output")
    schema.set_defaults(run=_schema)
    pages = sub.add_parser("pages", help="write the generated pages as Markdown")
    pages.add_argument("data", nargs="?", default="data/incidents.yaml")
    pages.add_argument("--output", required=True)
    pages.add_argument("--config", default="mkdocs.yml", help="where site_url and repo_url are")
    pages.set_defaults(run=_pages)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
