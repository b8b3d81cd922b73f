"""Account and maintenance commands for the workspace.

    python -m api.cli create-officer --username jdevries --role aandachtsfunctionaris --municipality GM0518
    python -m api.cli create-officer --username regio --role regio-coordinator --region haaglanden
    python -m api.cli list-officers
    python -m api.cli set-password jdevries
    python -m api.cli disable-officer jdevries | enable-officer jdevries | delete-officer jdevries
    python -m api.cli purge-expired
    python -m api.cli migrate
    python -m api.cli check-routekaarten [--dir routekaarten] [--max-age-months 12] [--fail-on-stale]
    python -m api.cli export-routekaart-wijzigingen [--out wijzigingen.patch] [--all]

Passwords are asked twice without echo, or read from standard input with --password-stdin.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from api import accounts, sessions
from bot.datafiles import DATA_DIR
from bot.mapcheck import check_directory
from bot.settings import contact_max_age_months, load_settings
from bot.store import audit
from bot.store.db import Database, upgrade_schema
from bot.store.retention import purge_expired


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Nog een keer: ") != first:
        raise accounts.AccountError("password", "De twee wachtwoorden zijn niet gelijk.")
    return first


def _officer(session, username: str):
    officer = accounts.find(session, username)
    if officer is None:
        raise accounts.AccountError("username", f"Er is geen account met gebruikersnaam {username}.")
    return officer


def _create(db: Database, args) -> str:
    password = _password(args)
    with db.session() as session:
        officer = accounts.create_officer(
            session, args.username, password, args.role, args.municipality, args.region, args.name or ""
        )
        audit.log_event(session, None, "create_officer", "officer", officer.id, actor="beheer")
        scope = ", ".join(officer.municipality_codes) or f"regio {officer.region_id}"
        return f"Account {officer.username} ({officer.role}, {scope}) is aangemaakt."


def _list(db: Database, args) -> str:
    from sqlalchemy import select

    from bot.store.models import Officer

    with db.session() as session:
        rows = session.execute(select(Officer).order_by(Officer.username)).scalars().all()
        lines = [
            f"{o.username}\t{o.role}\t{','.join(o.municipality_codes) or o.region_id or '-'}\t"
            f"{'uitgeschakeld' if o.disabled else 'actief'}"
            for o in rows
        ]
    return "\n".join(lines) if lines else "Er zijn nog geen accounts."


def _set_password(db: Database, args) -> str:
    password = _password(args)
    with db.session() as session:
        officer = _officer(session, args.username)
        accounts.set_password(session, officer, password)
        sessions.end_all_for(session, officer.id)
        audit.log_event(session, None, "set_password", "officer", officer.id, actor="beheer")
    return f"Het wachtwoord van {args.username} is aangepast. Bestaande sessies zijn beëindigd."


def _set_disabled(db: Database, args, disabled: bool) -> str:
    with db.session() as session:
        officer = _officer(session, args.username)
        officer.disabled = disabled
        if disabled:
            sessions.end_all_for(session, officer.id)
        audit.log_event(session, None, "disable_officer" if disabled else "enable_officer", "officer",
                        officer.id, actor="beheer")
    return f"Account {args.username} is {'uitgeschakeld' if disabled else 'weer actief'}."


def _delete(db: Database, args) -> str:
    with db.session() as session:
        officer = _officer(session, args.username)
        audit.log_event(session, None, "delete_officer", "officer", officer.id, actor="beheer")
        session.delete(officer)
    return f"Account {args.username} is verwijderd."


def _purge(db: Database, args) -> str:
    days = args.days or load_settings().retention_days
    removed = purge_expired(db, days)
    return f"{removed} consultatie(s) ouder dan {days} dagen verwijderd."


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="python -m api.cli", description="Beheer van de Signaalroute werkruimte.")
    commands = parser.add_subparsers(dest="command", required=True)

    create = commands.add_parser("create-officer", help="Maak een account aan.")
    create.add_argument("--username", required=True)
    create.add_argument("--role", required=True, choices=sorted(accounts.ROLES))
    create.add_argument("--municipality", action="append", default=[],
                        help="CBS-code van een gemeente (GM0518); mag vaker.")
    create.add_argument("--region", help="Routekaart-id van de regio (voor regio-coordinator).")
    create.add_argument("--name", help="Weergavenaam.")
    create.add_argument("--password-stdin", action="store_true")

    commands.add_parser("list-officers", help="Toon alle accounts.")
    for name, text in (("set-password", "Stel een nieuw wachtwoord in."),):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("username")
        sub.add_argument("--password-stdin", action="store_true")
    for name, text in (("disable-officer", "Schakel een account uit."),
                       ("enable-officer", "Zet een uitgeschakeld account weer aan."),
                       ("delete-officer", "Verwijder een account.")):
        commands.add_parser(name, help=text).add_argument("username")
    purge = commands.add_parser("purge-expired", help="Verwijder consultaties ouder dan de bewaartermijn.")
    purge.add_argument("--days", type=int, help="Bewaartermijn in dagen (standaard SIGNAALROUTE_RETENTION_DAYS).")
    commands.add_parser("migrate", help="Zet het databaseschema op de nieuwste versie.")
    export = commands.add_parser(
        "export-routekaart-wijzigingen",
        help="Schrijf de geaccepteerde controles en verbeteringen van contacten als patch op routekaarten/.",
    )
    export.add_argument("--out", type=Path, help="Schrijf de patch naar dit bestand (standaard: het scherm).")
    export.add_argument("--all", action="store_true", help="Ook wat al eerder is geëxporteerd.")
    export.add_argument("--dir", type=Path, default=DATA_DIR, help="De map met de routekaarten (standaard routekaarten/).")
    check = commands.add_parser(
        "check-routekaarten",
        help="Controleer de routekaarten: fouten met bestand en plek, en contacten die te lang niet zijn gecontroleerd.",
    )
    check.add_argument("--dir", type=Path, default=DATA_DIR, help="De map met de routekaarten (standaard routekaarten/).")
    check.add_argument("--max-age-months", type=int,
                       help="Na hoeveel maanden een contact verouderd is (standaard SIGNAALROUTE_CONTACT_MAX_AGE_MONTHS of 12).")
    check.add_argument("--fail-on-stale", action="store_true", help="Ook een foutcode bij verouderde contacten.")
    return parser


def check_routekaarten(directory: Path, max_age_months: int, fail_on_stale: bool, out=sys.stdout) -> int:
    """Check every data file; print per region its contacts, sources, gaps and stale contacts, then
    every error and stale contact. Needs no database or secrets (usable in CI)."""
    report = check_directory(directory, max_age_months)
    if report.maps is not None:
        for line in region_summary(report.maps, report.stale):
            print(line, file=out)
    for error in report.errors:
        print(f"FOUT {_relative(error.path)}: {error.where}: {error.problem}", file=out)
    for item in report.stale:
        c = item.contact
        print(f"VEROUDERD {_relative(item.file)}: {item.where}: {c.organisation} (kaart {item.map_name}), "
              f"gecontroleerd op {c.verified_on}, {item.age_days} dagen geleden", file=out)
    print(f"{len(report.errors)} fout(en), {len(report.stale)} verouderd(e) contact(en) "
          f"(ouder dan {max_age_months} maanden).", file=out)
    if report.errors or (fail_on_stale and report.stale):
        return 1
    return 0


def _export(db: Database, args) -> str:
    from api.routekaart_patch import build_patch
    from bot.catalog import CatalogSource
    from bot.store import contact_reviews
    from bot.store.types import utcnow

    names = {m.id: m.name for m in CatalogSource().current().maps.maps.values()}
    with db.session() as session:
        reviews = contact_reviews.to_export(session, include_exported=args.all)
        patch, problems = build_patch(args.dir, reviews, names)
        for problem in problems:
            print(f"Niet geëxporteerd: {problem}", file=sys.stderr)
        if not patch:
            return "Er zijn geen nieuwe geaccepteerde wijzigingen."
        if args.out:
            args.out.write_text(patch, encoding="utf-8")
        else:
            sys.stdout.write(patch)
        for review in reviews:
            review.exported_at = review.exported_at or utcnow()
        audit.log_event(session, None, "export_routekaart", "routekaart_patch", None,
                        detail=f"{len(reviews)} wijziging(en)", actor="beheer")
    where = f" naar {args.out}" if args.out else ""
    return (f"{len(reviews)} wijziging(en) geschreven{where}. Controleer de patch, pas hem toe met 'git apply' "
            "en commit hem: pas dan gebruikt de assistent de nieuwe gegevens.")


def region_summary(maps, stale) -> list[str]:
    """Per map: how many contacts it uses, from which sources, its gaps per role and its stale contacts."""
    lines: list[str] = []
    stale_by_map: dict[str, list] = {}
    for item in stale:
        stale_by_map.setdefault(item.map_id, []).append(item)
    for route_map in sorted(maps.maps.values(), key=lambda m: (m.is_national, m.name)):
        used = sorted({ref for o in route_map.outcomes() for ref in o.contact_refs})
        contacts = [route_map.contacts[ref] for ref in used]
        lines.append(f"KAART {route_map.id} ({route_map.name}): {len(contacts)} contact(en)")
        for c in contacts:
            dated = f", pagina {c.source_date}" if c.source_date else ""
            also = f"; ook {c.also_source}" + (f" ({c.also_source_date})" if c.also_source_date else "") if c.also_source else ""
            tag = " [landelijk]" if c.national_fallback else ""
            lines.append(f"  contact {c.id}{tag}: {c.organisation}; bron {c.source}{dated}{also}; gecontroleerd {c.verified_on}")
        for role, why in sorted(route_map.gaps.items()):
            lines.append(f"  ONBEKEND {role} -> {route_map.roles.get(role)}: {why}")
        for item in stale_by_map.get(route_map.id, []):
            lines.append(f"  verouderd {item.contact.id}: {item.reason}")
    return lines


def _relative(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "check-routekaarten":
        months = args.max_age_months if args.max_age_months is not None else contact_max_age_months()
        if months < 1:
            print("Fout: --max-age-months moet minstens 1 zijn.", file=sys.stderr)
            return 2
        return check_routekaarten(args.dir, months, args.fail_on_stale)
    if getattr(args, "days", None) is not None and args.days < 1:
        print("Fout: --days moet minstens 1 zijn.", file=sys.stderr)
        return 2
    settings = load_settings()
    upgrade_schema(settings.database_url)
    if args.command == "migrate":
        print("Het databaseschema is bijgewerkt.")
        return 0
    db = Database(settings.database_url)
    handlers = {
        "create-officer": _create,
        "list-officers": _list,
        "set-password": _set_password,
        "disable-officer": lambda d, a: _set_disabled(d, a, True),
        "enable-officer": lambda d, a: _set_disabled(d, a, False),
        "delete-officer": _delete,
        "purge-expired": _purge,
        "export-routekaart-wijzigingen": _export,
    }
    try:
        print(handlers[args.command](db, args))
        return 0
    except accounts.AccountError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 1
    finally:
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())
