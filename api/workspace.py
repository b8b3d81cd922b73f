"""The workspace's use cases, shared by the pages and the JSON API. Each one checks access,
does its work in one transaction and writes the audit trail."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from sqlalchemy import case, func, select

from api import notifier, wording
from api.note_redaction import redact_note
from api.access import consultations_query, figures_scope, find_consultation
from api.context import AppContext
from api.filters import PAGE_SIZE, ListFilters, period_bounds
from api.nextstep import NextStep, next_step
from bot.contact_details import email_in
from bot.store import audit, followup, identifiers, notices, reporter_contact
from bot.store.codes import hash_code, normalise_code
from bot.store.figures import Figures, compute_figures, to_csv
from bot.store.models import AuditEvent, Consultation, Officer
from bot.store.redaction import Redactor
from bot.store.types import utcnow

# Look-ups by reference code per officer per hour: enough for phone calls, too few to guess codes.
CODE_SEARCHES_PER_HOUR = 30


class NotFound(Exception):
    """The consultation does not exist or is not the officer's (404)."""


@dataclass
class StepView:
    """One follow-up step for display."""

    step: str
    label: str
    occurred_at: object
    partner: str | None
    partner_label: str | None
    note: str


@dataclass
class ConsultationView:
    """A consultation as the officer sees it (anonymised record; contact only on request)."""

    id: int
    occurred_at: object
    municipality_code: str | None
    municipality_name: str
    region_id: str
    channel: str
    route_map_id: str
    route_map_version: str
    answers: dict
    acute: bool
    form: str | None
    outcome_code: str | None
    contacts_advised: list
    description: str
    completed: bool
    status: str
    status_label: str
    open: bool
    message_for_reporter: str | None
    has_reporter_contact: bool
    handover_summary: str | None = None
    revision: int = 0
    steps: list[StepView] = field(default_factory=list)
    sightings: list = field(default_factory=list)
    advice: str = ""
    answers_in_words: list = field(default_factory=list)
    channel_label: str = ""
    route_map_name: str = ""
    age: str = ""
    waiting: bool = False
    next: NextStep | None = None
    earlier: dict = field(default_factory=dict)
    summary_line: str = ""


def _summary(c: Consultation) -> ConsultationView:
    view = ConsultationView(
        id=c.id, occurred_at=c.occurred_at, municipality_code=c.municipality_code,
        municipality_name=wording.municipality(c.municipality_code), region_id=c.region_id,
        channel=c.channel, route_map_id=c.route_map_id, route_map_version=c.route_map_version,
        answers=dict(c.answers or {}), acute=c.acute, form=c.form, outcome_code=c.outcome_code,
        contacts_advised=list(c.contacts_advised or []), description=c.description,
        completed=c.completed, status=c.status, status_label=followup.step_label(c.status),
        open=followup.is_open(c), message_for_reporter=c.message_for_reporter,
        has_reporter_contact=c.reporter_contact is not None, handover_summary=c.handover_summary,
        revision=c.revision or 0,
    )
    view.advice = wording.advice(view.contacts_advised, c.route_map_id, c.outcome_code)
    # One danger label: "Acuut gevaar" above says it; the route's own danger answer is not repeated.
    view.answers_in_words = wording.answers({k: v for k, v in view.answers.items() if k != "acute"})
    view.channel_label = wording.channel(c.channel)
    view.summary_line = _summary_line(c.description)
    view.route_map_name = wording.route_map_name(c.route_map_id)
    view.waiting = c.status == followup.STEP_RECEIVED
    # Times are stored to the hour: count from the end of that hour, so a case of five minutes
    # never reads as waiting an hour.
    view.age = wording.age(c.occurred_at, utcnow(), stored_to_the_hour=True)
    return view


def _earlier(session, officer: Officer, c: Consultation) -> dict[int, list[int]]:
    """Per identifier of ``c``: the other consultations with the same identifier that this
    officer may open ("eerder gesignaleerd" links to them)."""
    from bot.store.models import Identifier

    out: dict[int, list[int]] = {}
    for identifier in c.identifiers:
        query = consultations_query(officer).with_only_columns(Consultation.id).join(
            Identifier, Identifier.consultation_id == Consultation.id).where(
            Identifier.digest == identifier.digest, Consultation.id != c.id).order_by(Consultation.id.desc()).limit(10)
        out[identifier.id] = list(session.execute(query).scalars())
    return out


def _summary_line(description: str, limit: int = 90) -> str:
    """The first line of the (redacted) description, cut at a word: the list's one-line summary."""
    first = next((line.strip() for line in (description or "").splitlines() if line.strip()), "")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + " …"


def _detail(session, officer: Officer, c: Consultation) -> ConsultationView:
    view = _summary(c)
    view.steps = [
        StepView(s.step, followup.step_label(s.step), s.occurred_at, s.partner,
                 followup.PARTNERS.get(s.partner) if s.partner else None, s.note)
        for s in c.steps
    ]
    view.sightings = identifiers.sightings(session, c)
    view.earlier = _earlier(session, officer, c)
    view.next = next_step([s.step for s in c.steps] or [c.status], view.advice, view.contacts_advised)
    return view


def list_consultations(ctx: AppContext, officer: Officer, filters: ListFilters) -> tuple[list[ConsultationView], int]:
    """One page of the officer's consultations matching the filters, and the total count."""
    with ctx.database.session() as session:
        query = filters.apply(consultations_query(officer))
        total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        # Acute signals still being followed up first, then the newest.
        urgent = case((Consultation.acute.is_(True) & (Consultation.status != followup.STEP_CLOSED), 0), else_=1)
        rows = session.execute(
            query.order_by(urgent, Consultation.occurred_at.desc(), Consultation.id.desc())
            .limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)
        ).scalars()
        views = [_summary(c) for c in rows]
        audit.log_event(session, officer, "view_list", "consultation", detail=f"{len(views)} van {total}")
    return views, total


def outcome_choices(ctx: AppContext, officer: Officer) -> list[tuple[str, str]]:
    """(code, title in words) of the outcomes in the officer's consultations (for the filter)."""
    with ctx.database.session() as session:
        query = consultations_query(officer).with_only_columns(Consultation.outcome_code).distinct()
        codes = sorted(code for code in session.execute(query).scalars() if code)
    return sorted(((code, wording.outcome_title(code)) for code in codes), key=lambda item: item[1])


class TooManySearches(Exception):
    """The officer looked up too many reference codes in the last hour."""


def find_by_code(ctx: AppContext, officer: Officer, typed: str) -> int | None:
    """The id of the officer's consultation with this reference code, or None.

    Codes are stored only as keyed hashes, so the typed code is normalised and hashed the
    same way. Every look-up is audited (without the code); more than CODE_SEARCHES_PER_HOUR
    an hour raises TooManySearches. An unknown code and another municipality's code give the
    same None.
    """
    code = normalise_code(typed or "")
    with ctx.database.session() as session:
        since = utcnow() - timedelta(hours=1)
        recent = session.execute(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.officer_id == officer.id, AuditEvent.action == "search_code", AuditEvent.at >= since,
        )).scalar_one()
        if recent >= CODE_SEARCHES_PER_HOUR:
            raise TooManySearches()
        found = None
        if code is not None:
            found = session.execute(consultations_query(officer).with_only_columns(Consultation.id).where(
                Consultation.code_hash == hash_code(code, ctx.settings.secret_key))).scalar_one_or_none()
        audit.log_event(session, officer, "search_code", "consultation", found,
                        detail="gevonden" if found else "niet gevonden")
        return found


def get_detail(ctx: AppContext, officer: Officer, consultation_id: str) -> ConsultationView:
    """The full anonymised record; raises NotFound outside the officer's municipalities."""
    with ctx.database.session() as session:
        c = find_consultation(session, officer, consultation_id)
        if c is None:
            raise NotFound()
        view = _detail(session, officer, c)
        notices.mark_seen(session, officer, c.id)
        audit.log_event(session, officer, "view", "consultation", c.id, c.municipality_code)
        return view


def unseen_counts(ctx: AppContext, officer: Officer) -> tuple[int, int]:
    """(unseen, unseen and acute) consultations in the officer's list (for the title and badge)."""
    with ctx.database.session() as session:
        return notices.unseen_counts(session, officer, consultations_query(officer))


def _change(ctx: AppContext, officer: Officer, consultation_id: str,
            work: Callable, action: str, detail: str = "") -> None:
    with ctx.database.session() as session:
        c = find_consultation(session, officer, consultation_id)
        if c is None:
            raise NotFound()
        work(session, c)
        audit.log_event(session, officer, action, "consultation", c.id, c.municipality_code, detail)


def add_step(ctx: AppContext, officer: Officer, consultation_id: str, data: followup.StepInput,
             redactor: Redactor | None = None) -> None:
    """Record a follow-up step (note redacted). Raises NotFound or FollowUpError."""
    def note_redactor(text: str) -> str:
        return redact_note(text, redactor)

    _change(ctx, officer, consultation_id,
            lambda s, c: followup.record_step(s, c, data, officer, note_redactor), "add_step", data.step)


def set_message(ctx: AppContext, officer: Officer, consultation_id: str, message: str,
                redactor: Redactor | None = None) -> None:
    """Set the message the reporter sees with their code (redacted). A reporter who left an
    e-mail address is told that there is a message (no content, no code)."""
    addresses: list[str] = []

    def work(session, c) -> None:
        followup.set_message_for_reporter(session, c, message, redactor)
        if c.message_for_reporter and reporter_contact.may_read(officer, c):
            details = reporter_contact.read_contact(officer, c, ctx.settings.fernet_key)
            address = email_in(details.contact) if details else None
            if address:
                addresses.append(address)

    _change(ctx, officer, consultation_id, work, "set_message")
    for address in addresses:
        notifier.tell_reporter(ctx.mail, address)


def enrich(ctx: AppContext, officer: Officer, consultation_id: str, kind: str, value: str) -> None:
    """Attach an identifier as a keyed hash. Raises NotFound or IdentifierError."""
    _change(ctx, officer, consultation_id,
            lambda s, c: identifiers.attach_identifier(s, c, kind, value, officer, ctx.settings.secret_key),
            "enrich", kind)


def reveal_reporter_contact(ctx: AppContext, officer: Officer, consultation_id: str):
    """Decrypt the reporter's details for an officer of that municipality (audited)."""
    with ctx.database.session() as session:
        c = find_consultation(session, officer, consultation_id)
        if c is None:
            raise NotFound()
        details = reporter_contact.read_contact(officer, c, ctx.settings.fernet_key)
        if details is not None:
            audit.log_event(session, officer, "view_reporter_contact", "consultation", c.id, c.municipality_code)
        return details


def delete_reporter_contact(ctx: AppContext, officer: Officer, consultation_id: str) -> bool:
    """Delete the reporter's name and contact; True if there were any (False: nothing to delete)."""
    deleted = []
    _change(ctx, officer, consultation_id,
            lambda s, c: deleted.append(reporter_contact.delete_contact(s, officer, c)),
            "delete_reporter_contact")
    return deleted[0]


def figures(ctx: AppContext, officer: Officer, start: date | None, end: date | None, export: bool = False):
    """Figures in the officer's scope for the period; ``export`` also returns CSV text."""
    low, high = period_bounds(start, end)
    with ctx.database.session() as session:
        result: Figures = compute_figures(session, start=low, end=high, **figures_scope(officer))
        period = f"{start or '-'} t/m {end or '-'}"
        audit.log_event(session, officer, "export" if export else "view_figures", "figures", detail=period)
    return (result, to_csv(wording.figures_in_words(result))) if export else (result, None)


def audit_events(ctx: AppContext, officer: Officer, page: int = 1) -> list:
    """The audit events the officer may see, newest first."""
    with ctx.database.session() as session:
        events = audit.events_for(session, officer, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        audit.log_event(session, officer, "view_audit", "audit")
        return events


@dataclass
class PreferencesView:
    """What the settings page shows and takes."""

    notify_email: str = ""
    digest_hour: str = ""
    chat_name: str = ""
    chat_phone: str = ""


def get_preferences(ctx: AppContext, officer: Officer) -> PreferencesView:
    """The officer's own notification and chat-contact settings."""
    with ctx.database.session() as session:
        p = notices.preferences(session, officer)
        return PreferencesView(p.notify_email or "", "" if p.digest_hour is None else str(p.digest_hour),
                               p.chat_name or "", p.chat_phone or "")


def save_preferences(ctx: AppContext, officer: Officer, form: PreferencesView) -> list[tuple[str, str]]:
    """Check and store the settings; returns (field, message) errors, empty when saved."""
    from bot.contact_details import normalise_email, normalise_phone

    errors: list[tuple[str, str]] = []
    email = form.notify_email.strip()
    if email and not (email := normalise_email(email) or ""):
        errors.append(("notify_email", "Dit e-mailadres klopt niet. Het ziet eruit als naam@gemeente.nl."))
    hour = None
    if form.digest_hour.strip():
        if not form.digest_hour.strip().isdigit() or not 0 <= int(form.digest_hour) <= 23:
            errors.append(("digest_hour", "Kies een uur van 0 tot en met 23."))
        else:
            hour = int(form.digest_hour)
    name, phone = " ".join(form.chat_name.split())[:128], form.chat_phone.strip()
    if phone and not (phone := normalise_phone(phone) or ""):
        errors.append(("chat_phone", "Dit telefoonnummer klopt niet. Bijvoorbeeld 071 5123456 of +31 71 512 3456."))
    if bool(name) != bool(phone) and not any(f == "chat_phone" for f, _ in errors):
        field_name = "chat_phone" if name else "chat_name"
        errors.append((field_name, "Vul je naam en je telefoonnummer allebei in, of laat ze allebei leeg."))
    if errors:
        return errors
    with ctx.database.session() as session:
        notices.save_preferences(session, officer, notify_email=email or None, digest_hour=hour,
                                 chat_name=name or None, chat_phone=phone or None)
        audit.log_event(session, officer, "set_preferences", "officer", officer.id)
    return []
