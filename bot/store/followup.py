"""The step plan the attention officer follows after a signal (seed 000, steps 2–6)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.store.models import Consultation, FollowUpStep, Officer
from bot.store.redaction import Redactor, redact_safely
from bot.store.types import utcnow

STEP_RECEIVED = "ontvangen"
STEP_RECORDED = "vastgelegd"
STEP_FORWARDED = "doorgestuurd"
STEP_FEEDBACK_REQUESTED = "terugkoppeling_gevraagd"
STEP_FEEDBACK_RECEIVED = "terugkoppeling_ontvangen"
STEP_REPORTED_BACK = "teruggekoppeld"
STEP_CLOSED = "afgesloten"

# Order of the plan; label for the officer; label the reporter sees with their code.
STEPS: dict[str, tuple[str, str]] = {
    STEP_RECEIVED: ("Ontvangen", "Je signaal is ontvangen."),
    STEP_RECORDED: ("Vastgelegd en verrijkt", "Je signaal is vastgelegd en wordt bekeken."),
    STEP_FORWARDED: ("Doorgestuurd naar partner", "Je signaal is doorgestuurd naar een partner."),
    STEP_FEEDBACK_REQUESTED: ("Terugkoppeling gevraagd", "We wachten op nieuws van de partner."),
    STEP_FEEDBACK_RECEIVED: ("Terugkoppeling ontvangen", "De partner heeft laten weten wat er gebeurt."),
    STEP_REPORTED_BACK: (
        "Teruggekoppeld aan melder",
        "De aandachtsfunctionaris heeft teruggekoppeld wat er met je signaal is gedaan. "
        "Staat er hieronder geen bericht? Vraag het dan aan de aandachtsfunctionaris mensenhandel van je gemeente.",
    ),
    STEP_CLOSED: ("Afgesloten", "Je signaal is afgehandeld."),
}

# Steps an officer can record by hand; "ontvangen" is written by the recorder.
OFFICER_STEPS = [step for step in STEPS if step != STEP_RECEIVED]

# Partners a signal can be forwarded to (seed 000 "meldmogelijkheden", regional maps).
PARTNERS: dict[str, str] = {
    "ketenregisseur": "Ketenregisseur mensenhandel",
    "riec": "RIEC",
    "politie_avim": "Politie (AVIM)",
    "nla": "Nederlandse Arbeidsinspectie",
    "zorgcoordinator": "Zorgcoördinator mensenhandel",
    "veilig_thuis": "Veilig Thuis",
    "zorg_en_veiligheidshuis": "Zorg- en Veiligheidshuis",
    "meldpunt_regio": "Regionaal meld- en adviespunt (bijvoorbeeld ESSM)",
    "anders": "Andere partner (zie notitie)",
}

MAX_NOTE_CHARS = 2000
MAX_MESSAGE_CHARS = 1000


class FollowUpError(ValueError):
    """A step that cannot be recorded; ``field`` names the input at fault, ``message`` is Dutch."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class StepInput:
    """What an officer submits for a step."""

    step: str
    note: str = ""
    partner: str | None = None


def step_label(step: str) -> str:
    """The officer-facing Dutch label of a step."""
    return STEPS.get(step, (step, ""))[0]


def reporter_label(step: str) -> str:
    """The reporter-facing Dutch status sentence of a step."""
    return STEPS.get(step, ("", "Je signaal is ontvangen."))[1]


def is_open(consultation: Consultation) -> bool:
    """True while follow-up is not finished."""
    return consultation.status != STEP_CLOSED


class ConsultationClosed(FollowUpError):
    """A step for a consultation that is already closed: a conflict with its state, not bad input."""


def validate_step(data: StepInput) -> list[FollowUpError]:
    """All problems with a step input, as field errors in Dutch."""
    errors = []
    if data.step not in OFFICER_STEPS:
        errors.append(FollowUpError("step", "Kies een stap uit de lijst."))
    if data.step == STEP_FORWARDED and not data.partner:
        errors.append(FollowUpError("partner", "Kies naar welke partner je het signaal hebt doorgestuurd."))
    if data.partner and data.partner not in PARTNERS:
        errors.append(FollowUpError("partner", "Kies een partner uit de lijst."))
    if len(data.note or "") > MAX_NOTE_CHARS:
        errors.append(FollowUpError("note", f"De notitie is te lang. Gebruik hoogstens {MAX_NOTE_CHARS} tekens."))
    return errors


def record_step(
    session: Session,
    consultation: Consultation,
    data: StepInput,
    officer: Officer | None,
    redactor: Redactor | None = None,
) -> FollowUpStep:
    """Add a step (timestamped now, note redacted) and make it the consultation's status.

    Raises FollowUpError on invalid input or when the consultation is already closed.
    """
    errors = validate_step(data)
    if errors:
        raise errors[0]
    if consultation.status == STEP_CLOSED:
        raise ConsultationClosed("step", "Deze consultatie is afgesloten. Je kunt geen stappen meer toevoegen.")
    now = utcnow()
    step = FollowUpStep(
        step=data.step,
        occurred_at=now,
        partner=data.partner if data.step == STEP_FORWARDED or data.partner else None,
        note=redact_safely(data.note.strip(), redactor) if data.note and data.note.strip() else "",
        officer_id=officer.id if officer else None,
    )
    consultation.steps.append(step)
    consultation.status = data.step
    consultation.updated_at = now
    session.flush()
    return step


def set_message_for_reporter(
    session: Session, consultation: Consultation, message: str, redactor: Redactor | None = None
) -> str:
    """Store the (redacted) message the reporter sees with their code; empty text removes it."""
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE_CHARS:
        raise FollowUpError("message", f"Het bericht is te lang. Gebruik hoogstens {MAX_MESSAGE_CHARS} tekens.")
    consultation.message_for_reporter = redact_safely(message, redactor) if message else None
    consultation.updated_at = utcnow()
    session.flush()
    return consultation.message_for_reporter or ""
