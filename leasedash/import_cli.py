"""`leasedash import`: the fleet import without a browser. `import template contracts|readings` writes an empty file
with the headers in French, Dutch or English; `import contracts|readings FILE --company NAME_OR_ID [--dry-run]` prints
a JSON summary and exits 0, or prints one line per problem on stderr, writes nothing and exits 2. Light to import:
the database and the parser load only when a command runs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from leasedash.domain.scenario import LANGUAGES
from leasedash.i18n import environment_language, plural, translate

EXIT_INVALID = 2


def _template(args: argparse.Namespace) -> None:
    from leasedash.domain.fleet_file import template

    lang = args.lang or environment_language()
    path = Path(args.output or f"leasedash-{args.kind}-{lang}.{args.format}")
    path.write_bytes(template(args.kind, lang, args.format))
    print(path)


def _import(args: argparse.Namespace) -> None:
    from leasedash.domain.fleet_file import FileProblems
    from leasedash.services.fleet_import import problem_line, run_import

    lang = args.lang or environment_language()
    source = Path(args.file)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise SystemExit(_fail([translate("cli.unreadable", lang, path=args.file, error=exc.__class__.__name__)]))
    try:
        summary = run_import(None, int(args.company) if args.company.isdigit() else args.company, args.kind, source.name, data,
                             dry_run=args.dry_run)
    except FileProblems as exc:
        lines = [problem_line(p, lang) for p in exc.problems]
        if exc.total > len(exc.problems):
            lines.append(plural("fleetimport.more_problems", exc.total - len(exc.problems), lang))
        raise SystemExit(_fail(lines)) from None
    json.dump(summary.as_json(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _fail(lines: list[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return EXIT_INVALID


def add_import_commands(commands) -> None:
    """`leasedash import template|contracts|readings` on the CLI's sub-commands."""
    parser = commands.add_parser("import", help="import a fleet (contracts, drivers) or odometer readings from CSV or Excel")
    kinds = parser.add_subparsers(dest="import_command", required=True, parser_class=type(parser))
    template = kinds.add_parser("template", help="write an empty import file with its headers")
    template.add_argument("kind", choices=("contracts", "readings"))
    template.add_argument("--lang", choices=LANGUAGES, help="language of the headers (default: the shell's)")
    template.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    template.add_argument("--output", help="where to write it (default: leasedash-KIND-LANG.FORMAT here)")
    template.set_defaults(run=_template)
    for kind, what in (("contracts", "contracts, their cars and drivers"), ("readings", "odometer readings")):
        command = kinds.add_parser(kind, help=f"import {what}: all rows or none")
        command.add_argument("file", help="the .csv or .xlsx file")
        command.add_argument("--company", required=True, help="the company's name or id")
        command.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
        command.add_argument("--lang", choices=LANGUAGES, help="language of the problems (default: the shell's)")
        command.set_defaults(run=_import, kind=kind)
