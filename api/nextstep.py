"""What the officer does next, following the step plan of seed 000 (steps 3–6)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.store import followup


@dataclass(frozen=True)
class NextStep:
    """The step to pre-select in the form and one line that says what to do."""

    step: str
    plan_step: int
    line: str
    anchor: str = "kop-stappen"
    partner: str = ""  # for "doorgestuurd": the partner the route advised, pre-selected


# Contact ids of the route maps → the partner list of the step form (first match wins).
_PARTNER_BY_CONTACT = (("nla", "nla"), ("avim", "politie_avim"), ("veilig_thuis", "veilig_thuis"),
                       ("zorgcoordinator", "zorgcoordinator"), ("riec", "riec"), ("zvh", "zorg_en_veiligheidshuis"),
                       ("zorg_en_veiligheid", "zorg_en_veiligheidshuis"), ("essm", "meldpunt_regio"))


def advised_partner(contacts: list[str]) -> str:
    """The step form's partner for the first advised contact that is one, or ""."""
    for contact in contacts or []:
        for fragment, partner in _PARTNER_BY_CONTACT:
            if fragment in contact:
                return partner
    return ""


def _lines(advice: str) -> dict[str, tuple[int, str, str]]:
    partner = advice.removeprefix("Advies: ") if advice.startswith("Advies: ") else "de partner die past"
    return {
        followup.STEP_RECORDED: (3, "Leg het signaal vast en kijk of de persoon, het bedrijf of het adres al "
                                    "bekend is. Voeg kenmerken toe bij Verrijken.", "kop-kenmerken"),
        followup.STEP_FORWARDED: (4, f"Stuur het signaal door. De route adviseerde: {partner}.", "kop-stappen"),
        followup.STEP_FEEDBACK_REQUESTED: (5, "Vraag de partner om terugkoppeling over wat er met het signaal "
                                              "gebeurt.", "kop-stappen"),
        followup.STEP_FEEDBACK_RECEIVED: (5, "Noteer wat de partner terugkoppelt zodra je het hoort.", "kop-stappen"),
        followup.STEP_REPORTED_BACK: (6, "Laat de melder weten wat er met het signaal is gedaan. Schrijf het bij "
                                         "Bericht voor de melder.", "kop-bericht"),
        followup.STEP_CLOSED: (6, "Sluit de consultatie af als er niets meer te doen is.", "kop-stappen"),
    }


def next_step(steps_taken: list[str], advice: str = "", contacts: list[str] | None = None) -> NextStep | None:
    """The step after the furthest one taken so far; None when the consultation is closed.

    The furthest step counts, not the last one saved: noting an earlier step again (an extra
    note at "Vastgelegd") must not send the form back to the start of the plan.
    """
    order = list(followup.STEPS)
    reached = max((order.index(s) for s in steps_taken if s in order), default=0)
    if order[reached] == followup.STEP_CLOSED:
        return None
    step = order[reached + 1]
    plan_step, line, anchor = _lines(advice)[step]
    partner = advised_partner(contacts or []) if step == followup.STEP_FORWARDED else ""
    return NextStep(step=step, plan_step=plan_step, line=f"Volgende stap (stap {plan_step} van het stappenplan): {line}",
                    anchor=anchor, partner=partner)
