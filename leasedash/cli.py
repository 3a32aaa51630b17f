"""The `leasedash` command: simulate scenario documents and read rent grids from the shell."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from leasedash.domain import parse_grid, simulate_document
from leasedash.domain.errors import GridError
from leasedash.domain.money import parse_decimal, parse_whole
from leasedash.domain.scenario import LANGUAGES
from leasedash.i18n import environment_language, plural, translate
from leasedash.errors import LeaseDashError
from leasedash.import_cli import add_import_commands

EXIT_INVALID = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INVALID, f"{self.prog}: {message}\n")


class _InputError(LeaseDashError):
    """Input that cannot be read at all (a missing file, broken JSON): the key of its message and its values."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def _language(args: argparse.Namespace) -> str:
    """The command's --lang where it has one, else the shell's language."""
    return getattr(args, "lang", None) or environment_language()


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _InputError("cli.no_such_file", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _InputError("cli.unreadable", path=path, error=exc.__class__.__name__) from None


def _read_json(path: str) -> Any:
    text = _read(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _InputError("cli.not_json", path=path, line=exc.lineno, column=exc.colno, reason=exc.msg) from None


def _print(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _simulate(args: argparse.Namespace) -> None:
    _print(simulate_document(_read_json(args.file)).as_json(args.lang))


def _grid_parse(args: argparse.Namespace) -> None:
    _print(parse_grid(_read(args.file)).as_json())


def _grid_lookup(args: argparse.Namespace) -> None:
    grid = parse_grid(_read(args.grid))
    months = parse_decimal(args.months, "--months")
    annual_km = parse_decimal(args.annual_km, "--annual-km")
    quote = grid.quote(months, annual_km, ("--months", "--annual-km"))
    answer = {"monthly_rent": f"{quote.monthly_rent:.2f}"}
    if args.explain:
        answer["rule"] = quote.rule
    _print(answer)


def _positive(text: str) -> int:
    try:
        value = parse_whole(text, "value", minimum=-(10**12))
    except LeaseDashError:
        raise argparse.ArgumentTypeError(translate("cli.not_whole", environment_language(), value=repr(text[:40]))) from None
    if value < 1:
        raise argparse.ArgumentTypeError(translate("cli.at_least_one", environment_language(), value=value))
    return value


def _first_run_wants_demo() -> bool:
    """The rule of `dev.py start` (issue 13, item 1): a database with no user gets the demo only when it is the
    default SQLite file; any other stops here, saying how to create the first admin. A database with users: no."""
    from leasedash.services.accounts import has_no_user
    from leasedash.settings import DEFAULT_DB_URL, database_url

    if not has_no_user():
        return False
    if database_url() != DEFAULT_DB_URL:
        raise _InputError("cli.first_admin_needed")
    return True


def _demo(args: argparse.Namespace) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from leasedash.services.demo import load_demo
    from leasedash.services.schema import is_empty, upgrade_to_head

    lang = _language(args)
    upgrade_to_head()
    if args.remove:
        from leasedash.services.demo import remove_demo

        done = remove_demo()
        print(translate("cli.demo_removed", lang, contracts=plural("cli.contracts", done.contracts, lang),
                        companies=plural("cli.companies", done.companies, lang), kept=done.kept_companies))
        return
    if args.first_run and not _first_run_wants_demo():
        print(f"leasedash: {translate('cli.demo_has_accounts', lang)}", file=sys.stderr)
        return
    if args.if_empty and not is_empty():
        print(f"leasedash: {translate('cli.demo_not_empty', lang)}", file=sys.stderr)
        return
    columns = (TextColumn(translate("cli.demo_progress", lang)), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("contracts", total=args.contracts)
        summary = load_demo(args.contracts, args.seed, replace=args.replace, progress=lambda n: bar.advance(task, n))
    contracts = plural("cli.contracts", summary.contracts, lang)
    if summary.already_loaded:
        print(translate("cli.demo_already", lang, contracts=contracts, seed=args.seed))
    else:
        print(translate("cli.demo_loaded", lang, contracts=contracts, companies=plural("cli.companies", summary.companies, lang),
                        readings=plural("cli.readings", summary.readings, lang)))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(translate("cli.not_date", environment_language(), value=repr(text))) from None


def _portfolio(args: argparse.Namespace) -> None:
    from leasedash.services.portfolio import portfolio_json, run_portfolio

    out = portfolio_json(run_portfolio(args.as_of, args.company), detail=args.detail)
    if args.json:
        _print(out)
        return
    t, lang = out["totals"], _language(args)
    s = t["projected_settlement"]
    print(plural("cli.portfolio_active", t["contracts"], lang, as_of=out["as_of"], spend=t["monthly_spend"]))
    print(translate("cli.portfolio_settlement", lang, invoices=s["invoices"], refunds=s["refunds"], net=s["net"]))
    print(translate("cli.portfolio_pace", lang, off_plan=t["off_plan"], quote_needed=t["quote_needed"]))


def _contract_scenario(args: argparse.Namespace) -> None:
    from leasedash.services.contract_view import projected_scenario

    _print(projected_scenario(args.contract_id, args.as_of))


def _contract_end_options(args: argparse.Namespace) -> None:
    from leasedash.services.end_of_lease import LESSOR, decision

    _print(decision(LESSOR, args.contract_id, args.as_of, args.extend).as_json())


def _inspection_statement(args: argparse.Namespace) -> None:
    from leasedash.domain.return_document import parse_return_document
    from leasedash.domain.return_settlement import settle_return, settlement_json
    from leasedash.services.return_wording import worded

    _print(worded(settlement_json(settle_return(parse_return_document(_read_json(args.file)))), _language(args)))


def _bench_portfolio(args: argparse.Namespace) -> None:
    from leasedash.bench import bench_portfolio

    bench_portfolio(args.as_of, args.company, patch=args.patch)


def _db_upgrade(_args: argparse.Namespace) -> None:
    from leasedash.services.schema import upgrade_to_head

    upgrade_to_head()


def _notify(args: argparse.Namespace) -> None:
    from leasedash.services.end_reminders import queue_due_reminders
    from leasedash.services.notifications import deliver_pending

    try:
        queue_due_reminders()
        done = deliver_pending()
    except ValueError as exc:
        raise _InputError("cli.settings", detail=str(exc)) from None
    if done.configured:
        lang = _language(args)
        print(plural("cli.notify_sent", done.queued, lang, emails=plural("cli.emails", done.emails, lang),
                     documents=plural("cli.documents", done.notices, lang)))


def _ask_password(email: str, lang: str) -> str:
    """The password, typed twice: hidden at a terminal, else the first two lines of standard input."""
    import getpass

    def ask(prompt: str) -> str:
        if sys.stdin.isatty():
            return getpass.getpass(prompt)
        return sys.stdin.readline().rstrip("\n")

    first = ask(translate("cli.password_prompt", lang, email=email))
    if ask(translate("cli.password_again", lang)) != first:
        raise _InputError("cli.password_mismatch")
    return first


def _users_create(args: argparse.Namespace) -> None:
    """The first admin of a new database (or anyone else, with --company): an invitation when SMTP is set, else a
    password typed now under the rule of seed 000."""
    from leasedash.errors import InvalidInput
    from leasedash.services.accounts import NewAccount, create_account, invite_account
    from leasedash.settings import base_url, smtp_settings

    lang = _language(args)
    account = NewAccount(args.email, args.role, args.first_name, args.last_name or args.email.split("@")[0], args.language or lang,
                         args.company)
    try:
        if smtp_settings() is not None:
            outcome = invite_account(account)
            if outcome != "sent":
                raise _InputError("cli.user_not_invited", email=args.email)
            print(translate("cli.user_invited", lang, email=args.email))
            return
        problems = create_account(account, _ask_password(args.email, lang))
    except InvalidInput as exc:
        raise _InputError(f"error.{exc.code}", **exc.params) from None
    if problems:
        raise _InputError("cli.password_refused", reasons=" ".join(translate(f"password.{p}", lang) for p in problems))
    print(translate("cli.user_created", lang, email=args.email, url=base_url() + "/login"))


def _i18n(args: argparse.Namespace) -> None:
    from leasedash.i18n import catalogs

    if args.i18n_command == "check":
        problems = catalogs.check()
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            raise SystemExit(1)
        return
    for path in catalogs.update() if args.i18n_command == "update" else catalogs.compile_all():
        print(path)


def build_parser() -> argparse.ArgumentParser:
    """The command line: `leasedash simulate`, `leasedash grid parse|lookup`, `leasedash app`."""
    parser = _Parser(prog="leasedash", description="Understand what a car lease costs and what changing it costs.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    simulate = commands.add_parser("simulate", help="run a scenario document (spec/scenario.md) and print the result as JSON")
    simulate.add_argument("file", help="the scenario JSON file, or - for standard input")
    simulate.add_argument("--lang", choices=LANGUAGES, help="language of the explanations (default: the document's, else en)")
    simulate.set_defaults(run=_simulate)

    grid = commands.add_parser("grid", help="read rent grids").add_subparsers(dest="grid_command", required=True, parser_class=_Parser)
    parse = grid.add_parser("parse", help="parse a grid (JSON, CSV or the lessor's text) and print it as JSON")
    parse.add_argument("file", help="the grid file, or - for standard input")
    parse.set_defaults(run=_grid_parse)
    lookup = grid.add_parser("lookup", help="the monthly rent at any point of a grid")
    lookup.add_argument("--grid", required=True, help="the grid file, or - for standard input")
    lookup.add_argument("--months", required=True, help="contract duration in months")
    lookup.add_argument("--annual-km", required=True, help="kilometres a year")
    lookup.add_argument("--explain", action="store_true", help="also name the rule used (cell, interpolated, lowest_row)")
    lookup.set_defaults(run=_grid_lookup)

    demo = commands.add_parser("demo", help="fill the configured database with a realistic demo fleet (idempotent)")
    demo.add_argument("--contracts", type=_positive, default=2000, help="how many contracts (default 2000)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed: the same seed gives the same fleet")
    demo.add_argument("--replace", action="store_true", help="replace a demo fleet loaded with other numbers")
    demo.add_argument("--if-empty", action="store_true", help="load only when the database holds no contract yet")
    demo.add_argument("--first-run", action="store_true",
                      help="dev.py start: load only into the default SQLite file when it has no user; another database without users stops, "
                           "saying how to create the first admin")
    demo.add_argument("--remove", action="store_true", help="remove the demo: its companies and contracts go, typed-in and imported data stays")
    demo.set_defaults(run=_demo)

    portfolio = commands.add_parser("portfolio", help="project every active contract to its end and sum the settlements")
    portfolio.add_argument("--as-of", type=_date, default=dt.date.today(), help="the date (YYYY-MM-DD, default today)")
    portfolio.add_argument("--company", type=_positive, help="one company's contracts only")
    portfolio.add_argument("--json", action="store_true", help="print JSON")
    portfolio.add_argument("--detail", action="store_true", help="add one row per contract")
    portfolio.set_defaults(run=_portfolio)

    inspection = commands.add_parser("inspection", help="return inspections").add_subparsers(
        dest="inspection_command", required=True, parser_class=_Parser)
    statement = inspection.add_parser("statement", help="the statement of a return document (docs/return-document.md) as JSON; "
                                                        "the shipped rules and prices unless the document carries its own")
    statement.add_argument("file", help="the return document, or - for standard input")
    statement.add_argument("--lang", choices=LANGUAGES, help="language of the explanations (default: the shell's)")
    statement.set_defaults(run=_inspection_statement)

    contract = commands.add_parser("contract", help="one contract").add_subparsers(dest="contract_command", required=True, parser_class=_Parser)
    scenario = contract.add_parser("scenario", help="the contract as a scenario document ending at the projected km")
    scenario.add_argument("contract_id", type=_positive)
    scenario.add_argument("--as-of", type=_date, default=dt.date.today())
    scenario.set_defaults(run=_contract_scenario)
    end_options = contract.add_parser("end-options", help="return at term, extend or buy out: the three paths as JSON (issue 18)")
    end_options.add_argument("contract_id", type=_positive)
    end_options.add_argument("--as-of", type=_date, default=dt.date.today(), help="the date (YYYY-MM-DD, default today)")
    end_options.add_argument("--extend", type=_positive, help="months of the extension (default: end_of_lease.json's, as the grid allows)")
    end_options.set_defaults(run=_contract_end_options)

    bench = commands.add_parser("bench", help="benchmarks that print their figures").add_subparsers(dest="bench_command", required=True, parser_class=_Parser)
    bench_p = bench.add_parser("portfolio", help="projection of every active contract of the configured database (/fleet in the browser: benchmarks/fleet_speed.py)")
    bench_p.add_argument("--as-of", type=_date, default=dt.date.today())
    bench_p.add_argument("--company", type=_positive)
    bench_p.add_argument("--patch", action="store_true",
                         help="also time a cached projection taking in one contract change and one new reading (written, then put back)")
    bench_p.set_defaults(run=_bench_portfolio)

    db = commands.add_parser("db", help="the database schema").add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    db.add_parser("upgrade", help="apply the Alembic migrations up to head").set_defaults(run=_db_upgrade)

    commands.add_parser("notify", help="queue the end-of-lease reminders due, e-mail the documents that are ready (SMTP from LEASEDASH_SMTP_*)").set_defaults(run=_notify)

    users = commands.add_parser("users", help="accounts").add_subparsers(dest="users_command", required=True, parser_class=_Parser)
    create = users.add_parser("create", help="create an account (the first admin): an invitation when SMTP is set, else a password")
    create.add_argument("--email", required=True, help="the person's e-mail address")
    create.add_argument("--role", choices=("admin", "fleet_manager", "driver"), default="admin", help="admin (default), fleet_manager or driver")
    create.add_argument("--company", type=_positive, help="the company id (fleet managers and drivers)")
    create.add_argument("--first-name", default="Admin", help="first name (default Admin)")
    create.add_argument("--last-name", default="", help="last name (default: the address before the @)")
    create.add_argument("--language", choices=LANGUAGES, help="language of the person's e-mails and pages (default: the shell's)")
    create.add_argument("--lang", choices=LANGUAGES, help="language of this command's output (default: the shell's)")
    create.set_defaults(run=_users_create)

    i18n = commands.add_parser("i18n", help="the gettext catalogs of leasedash/i18n/locale").add_subparsers(
        dest="i18n_command", required=True, parser_class=_Parser)
    i18n.add_parser("update", help="rebuild messages.pot from the English catalog, merge fr and nl").set_defaults(run=_i18n)
    i18n.add_parser("compile", help="compile each messages.po into messages.mo").set_defaults(run=_i18n)
    i18n.add_parser("check", help="list what is missing, untranslated, fuzzy or mismatched").set_defaults(run=_i18n)
    add_import_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; bad input exits 2 with one line on stderr."""
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except GridError as exc:
        print(f"leasedash: {exc.describe_all()}", file=sys.stderr)
        return EXIT_INVALID
    except _InputError as exc:
        print(f"leasedash: {translate(exc.key, _language(args), **exc.values)}", file=sys.stderr)
        return EXIT_INVALID
    except LeaseDashError as exc:
        print(f"leasedash: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # the reader went away (e.g. `| head`): nothing left to say
    return 0


if __name__ == "__main__":
    sys.exit(main())
