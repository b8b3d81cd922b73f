"""Plain Dutch for what the store keeps as codes: outcomes, answers, channels, months, numbers.

The officer reads organisation names from the route maps (``bot.catalog``), answers in words,
municipality names and Dutch dates and decimals; the JSON API keeps the codes for machines.
"""
from __future__ import annotations

import functools
import logging
import re
from datetime import datetime

from api import municipalities
from bot.store.figures import FORM_LABELS, Figures

logger = logging.getLogger(__name__)

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")

CHANNELS = {
    "socketio": "Chatvenster op het intranet",
    "rest": "Chat via een koppeling (REST)",
    "teams": "Microsoft Teams",
    "msteams": "Microsoft Teams",
    "botframework": "Microsoft Teams",
    "onbekend": "Onbekend kanaal",
}

ANSWER_KEYS = {
    "acute": "Direct gevaar",
    "subject": "Gaat over",
    "need": "Wat nodig is",
    "form": "Vorm van uitbuiting",
    "location_signal": "Soort plek",
}

ANSWER_VALUES = {
    "acute": {"ja": "ja", "nee": "nee"},
    "subject": {"persoon": "een persoon (mogelijk slachtoffer)", "locatie": "een plek of bedrijf",
                "twijfel": "alleen een niet-pluisgevoel"},
    "need": {"melden": "melden of aangifte", "steun": "hulp of opvang voor het slachtoffer",
             "zorgen": "ernstige zorgen, geen grip op de situatie", "onbekend": "weet de melder niet"},
    "form": {key: label.lower() if key != "onbekend" else "weet de melder niet"
             for key, label in FORM_LABELS.items() if key},
    "location_signal": {"prostitutie": "illegale prostitutie of seksuele uitbuiting", "arbeid": "uitbuiting in werk",
                        "crimineel": "criminele uitbuiting",
                        "ondermijning": "andere misstanden in een bedrijf (ondermijning)",
                        "grootschalig": "grote of georganiseerde misdaad", "onbekend": "weet de melder niet"},
}

NO_MUNICIPALITY = "Niet genoemd (liever niet zeggen)"
STOPPED = "Gestopt voor het einde van de route"


@functools.lru_cache(maxsize=1)
def _maps():
    try:
        from bot.catalog import load_catalog

        return load_catalog().maps
    except Exception as exc:  # noqa: BLE001 - the workspace must run without the route data
        logger.warning("route maps not available (%s); showing codes", type(exc).__name__)
        return None


def _short(organisation: str) -> str:
    # "Nederlandse Arbeidsinspectie (NLA)" → "Nederlandse Arbeidsinspectie"
    return re.sub(r"\s*\([^)]*\)\s*$", "", organisation).strip() or organisation


def organisation(contact_id: str, route_map_id: str | None = None) -> str:
    """The organisation name of a contact id, from the map used (or any map that has it)."""
    maps = _maps()
    if maps is None:
        return contact_id
    candidates = [maps.maps[route_map_id]] if route_map_id in maps.maps else []
    candidates += list(maps.maps.values())
    for route_map in candidates:
        contact = route_map.contacts.get(contact_id)
        if contact is not None:
            return _short(contact.organisation)
    return contact_id


def advice(contacts: list[str], route_map_id: str | None, outcome_code: str | None) -> str:
    """"Advies: Nederlandse Arbeidsinspectie, Veilig Thuis Zuid-Limburg" (or why there is none)."""
    names: list[str] = []
    for contact_id in contacts or []:
        name = organisation(contact_id, route_map_id)
        if name not in names:
            names.append(name)
    if names:
        return "Advies: " + ", ".join(names)
    if outcome_code:
        return "Advies: " + outcome_title(outcome_code)
    return STOPPED


def outcome_title(outcome_code: str | None, route_map_id: str | None = None) -> str:
    """The outcome's title from the route map ("Meld arbeidsuitbuiting bij ...")."""
    if not outcome_code or outcome_code == "gestopt":
        return STOPPED
    maps = _maps()
    if maps is not None:
        candidates = [maps.maps[route_map_id]] if route_map_id in maps.maps else []
        for route_map in candidates + list(maps.maps.values()):
            for node in route_map.nodes.values():
                if getattr(node, "code", None) == outcome_code and hasattr(node, "title"):
                    return node.title
    return outcome_code


def answers(values: dict) -> list[tuple[str, str]]:
    """The route answers as (question, answer) pairs in words, in the order the route asks them.

    The kind of place only counts for a signal about a place (the core may fill it in from the
    form of exploitation; for a person it says nothing new).
    """
    values = dict(values or {})
    if values.get("subject") != "locatie":
        values.pop("location_signal", None)
    order = list(ANSWER_KEYS)
    keys = sorted(values, key=lambda k: order.index(k) if k in order else len(order))
    return [(ANSWER_KEYS.get(k, k), ANSWER_VALUES.get(k, {}).get(values[k], values[k])) for k in keys]


def channel(name: str | None) -> str:
    """The channel in words ("Chatvenster op het intranet")."""
    return CHANNELS.get(name or "onbekend", name or CHANNELS["onbekend"])


def municipality(code: str | None) -> str:
    """The municipality's name; a consultation without one says why."""
    return municipalities.name(code) if code else NO_MUNICIPALITY


def route_map_name(route_map_id: str | None) -> str:
    """The route map's name ("Zuid-Limburg", "Landelijk")."""
    maps = _maps()
    if maps is not None and route_map_id in maps.maps:
        return maps.maps[route_map_id].name
    return route_map_id or "Onbekend"


def month(key: str) -> str:
    """"2026-11" → "november 2026"."""
    try:
        moment = datetime.strptime(key, "%Y-%m")
    except (TypeError, ValueError):
        return str(key)
    return f"{MONTHS[moment.month - 1]} {moment.year}"


def decimal(value: float | None, digits: int = 1) -> str:
    """A number with a Dutch decimal comma: 0.6 → "0,6"."""
    if value is None:
        return ""
    return f"{value:.{digits}f}".replace(".", ",")


def hours(value: float | None) -> str:
    """"0,6 uur"."""
    return f"{decimal(value)} uur" if value is not None else ""


def age(moment: datetime | None, now: datetime, stored_to_the_hour: bool = False) -> str:
    """How long ago, in words: "3 uur", "2 dagen". ``stored_to_the_hour``: the moment was cut to
    its hour, so the hours count from the end of that hour (a case of five minutes never reads
    as an hour old)."""
    if moment is None:
        return ""
    seconds = max(0, (now - moment).total_seconds())
    hours_ago = int(seconds // 3600)
    if stored_to_the_hour and hours_ago < 48:
        hours_ago = int(max(0, seconds - 3600) // 3600)
    if hours_ago < 1:
        return "minder dan een uur"
    if hours_ago < 48:
        return f"{hours_ago} uur"
    days = hours_ago // 24
    return f"{days} dagen"


def figures_in_words(figures: Figures) -> Figures:
    """A copy of the figures with every key in words (outcomes, months, municipalities)."""

    def relabel(values: dict, label) -> dict:
        out: dict[str, int] = {}
        for key, count in values.items():
            name = label(key)
            out[name] = out.get(name, 0) + count
        return out

    return Figures(
        total=figures.total, acute=figures.acute, per_form=dict(figures.per_form),
        per_outcome=relabel(figures.per_outcome, outcome_title),
        per_month={month(k): v for k, v in figures.per_month.items()},
        per_municipality=relabel(figures.per_municipality,
                                 lambda code: NO_MUNICIPALITY if code in (None, "onbekend") else municipalities.name(code)),
        reported_back=figures.reported_back, median_hours_to_report_back=figures.median_hours_to_report_back,
    )
