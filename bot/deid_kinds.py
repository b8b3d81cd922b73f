"""Identifier kinds that names and street patterns alone do not reach.

A new writer's set (issue 18, section 7) found these kept in clear: staff and
badge numbers, hotel rooms and camping pitches, streets named without a house
number, farm names, vehicle chassis numbers (VIN) and other agencies' case
numbers. Each is found by the word that announces it ("personeelsnummer",
"kamer", "standplaats", "boerderij", "chassisnummer", "zaaknummer") or, for a
VIN, by its unmistakable 17-character shape. Plain data out: ``(start, end,
tag)`` triples that :mod:`bot.anonymise` turns into spans; no deduce needed,
so these also work while deduce is still loading.

All-capital names ("MARIUS POPESCU") and lower-case names from outside
Europe ("senait tesfay") are handled in :mod:`bot.anonymise` and
:mod:`bot.deid_names`, where the name lexicon lives.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, Optional

NUMBER = "NUMMER"
ADDRESS = "ADRES"
DOCUMENT = "DOCUMENTNUMMER"

# A count or a measure after the number is no identifier: "kamer 3 personen", "plek 12 man".
_NOT_A_COUNT = r"(?!\s*(?:personen|persoon|pers\b|mensen|man\b|vrouwen|people|persons|keer|x\b|uur|dagen|weken|" \
    r"maanden|jaar|euro|eur\b|€|m2|m²|meter|bedden|stapelbedden|kamers|%))"

# --- staff, badge and personnel numbers ------------------------------------------
_STAFF = re.compile(
    r"(?i:\b(?:personeels?(?:nummer|nr|id)|personeelsnr\.?|medewerkers?(?:nummer|nr|id|code)|"
    r"medewerker\s+(?:nr|nummer|no|id)\.?|werknemers?(?:nummer|nr|id)|werknemer\s+(?:nr|nummer|id)\.?|"
    r"badge(?:nummer|nr|code|id)?|toegangspas(?:nummer)?|pas(?:je)?\s+(?:nr|nummer|no)\.?|pasnummer|"
    r"loon(?:nummer|stroknummer)|stamnummer|registratienummer\s+werknemer|inlognummer|prikklok(?:nummer)?|"
    r"employee\s*(?:id|no|nr|number|#)|staff\s*(?:id|no|number|#)|personnel\s*(?:no|number|id)|worker\s*(?:id|no)|"
    r"numer\s+pracownika|nr\s+pracownika|num[aă]r\s+(?:angajat|legitima[tț]ie)|marc[aă])\b)"
    r"\.?(?:\s+[a-zà-ÿ]+){0,3}?\s*[:#]?\s*"
    r"((?:[A-Z]{1,4}[-/ ]?|[A-Za-z]{1,4}[-/])?\d[\dA-Za-z\-/]{1,15}[\dA-Za-z]|\d{2})(?![\w])"
)

# --- rooms: hotel, pension, flat units -------------------------------------------
_ROOM = re.compile(
    r"(?i:\b(?:kamer(?:nummer|nr)?|hotelkamer|pensionkamer|room|unit|units|appartement|app|apt|flat|"
    r"studio|suite|pok[oó]j|camera|cabin|cel|box)\b)"
    r"\.?\s*(?:nr\.?|no\.?|nummer|number|#|numer|num[aă]rul)?\s*"
    r"(\d{1,4}(?:[.\-]\d{1,3})?[A-Za-z]?)(?![\w.,]\d)(?![\w])" + _NOT_A_COUNT
)

# --- camping and holiday-park pitches, chalets, caravans -------------------------
_PITCH = re.compile(
    r"(?i:\b(?:plek|plekje|standplaats|staanplaats|kampeerplaats|kampeerplek|camperplaats|chalet|"
    r"stacaravan|caravan|bungalow|vakantiehuisje|huisje|lodge|tiny\s+house|kavel|pitch|plot|emplacement|"
    r"chatka|domek|c[aă]su[tț]a)\b)"
    r"\.?\s*(?:nr\.?|no\.?|nummer|number|#)?\s*"
    r"(\d{1,4}[A-Za-z]?)(?![\w.,]\d)(?![\w])" + _NOT_A_COUNT
)

# --- vehicle chassis numbers ---------------------------------------------------------
# ISO 3779: 17 characters, no I, O or Q. Capitals with digits in that shape are
# a VIN even without a word before it.
_VIN = re.compile(r"(?<![\w-])(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}(?![\w-])")
_VIN_CONTEXT = re.compile(
    r"(?i:\b(?:chassis(?:nummer|nr|no|number)?|framenummer|voertuigidentificatienummer|vin(?:\s*(?:nr|no|code))?|"
    r"numer\s+vin|serie\s+[sș]asiu|[sș]asiu)\b)"
    r"\.?\s*(?:[:#]|is|nr\.?|no\.?|van\s+(?:de|het)\s+\w+)?\s*"
    r"([A-Za-z0-9][A-Za-z0-9 \-]{8,20}[A-Za-z0-9])(?![\w])"
)


def _vin_tag(text: str) -> Optional[str]:
    compact = re.sub(r"[\s\-]", "", text)
    has_digit = any(c.isdigit() for c in compact)
    return NUMBER if has_digit and 10 <= len(compact) <= 17 else None


# --- other agencies' case, file and reference numbers -----------------------------
_CASE = re.compile(
    r"(?i:\b(?:zaak(?:nummer|nr|id)|zaaknr\.?|dossier(?:nummer|nr|code)?|dossiernr\.?|registratie(?:nummer|nr)|"
    r"kenmerk|referentie(?:nummer)?|ref\.?|reference(?:\s+(?:no|number))?|ons\s+kenmerk|uw\s+kenmerk|"
    r"meldings?(?:nummer|nr)|melding\s+(?:nr|nummer)|bvh(?:-nummer|\s+nummer|\s+nr)?|"
    r"(?:pv|proces-verbaal)(?:-?nummer|\s+nr\.?|\s+nummer)?|parket(?:nummer|nr)|rolnummer|"
    r"aanvraag(?:nummer|nr)|klant(?:nummer|nr)|cli[eë]nt(?:nummer|nr)|ticket(?:nummer|nr)?|"
    r"case\s*(?:number|no|nr|id|#)?|file\s*(?:number|no)|v-?nummer|vreemdelingennummer|"
    r"numer\s+sprawy|sygnatura|num[aă]r\s+(?:dosar|caz)|dosar(?:ul)?)\b)"
    # up to four lower-case words between: "zaaknummer bij schuldhulp is SH-23-0456"
    r"\.?(?:\s+[a-zà-ÿ]+){0,4}?\s*[:#]?\s*"
    r"((?:[A-Z]{1,8}[-/. ]?|[A-Za-z]{1,8}[-/.])?\d[\w\-/.]{1,30}[\dA-Za-z])(?![\w])"
)


_YEAR = re.compile(r"(?:19|20)\d\d")


def _case_tag(text: str) -> Optional[str]:
    return NUMBER if sum(c.isdigit() for c in text) >= 3 and not _YEAR.fullmatch(text) else None


def _staff_tag(text: str) -> Optional[str]:
    return None if _YEAR.fullmatch(text) else NUMBER


# --- booking and reservation references (hotels, short-stay flats, parks) ----------
_BOOKING = re.compile(
    r"(?i:\b(?:boekings?(?:nummer|nr|code|referentie)|reserverings?(?:nummer|nr|code)|"
    r"booking\s*(?:ref(?:erence)?|number|no|nr|code|id)|reservation\s*(?:number|no|code|id|ref)|"
    r"confirmation\s*(?:number|code|no)|bevestigings(?:code|nummer)|rezerwacj[ai]|rezervare|cod\s+rezervare)\b)"
    r"\.?(?:\s+[a-zà-ÿ]+){0,3}?\s*[:#]?\s*"
    r"([A-Za-z0-9][A-Za-z0-9\-]{3,20}[A-Za-z0-9])(?![\w])"
)


def _booking_tag(text: str) -> Optional[str]:
    has_digit = any(c.isdigit() for c in text)
    return NUMBER if has_digit or (text.isupper() and len(text) >= 5) else None


# --- farms and estates ---------------------------------------------------------------
_FARM_NAME = (
    r"((?:(?:de|het|'t|den|op|d')\s+)?[A-Z][\w'’\-]+(?:\s+(?:(?:de|het|'t|den|op|van|der)\s+)?[A-Z][\w'’\-]+){0,3})"
)
# The farm word is part of the name: "Hoeve Zonnewende", "Erve Kamphuis", "Landgoed De Wildbaan".
_FARM_TITLED = re.compile(
    r"(?<![\w])((?:Hoeve|Erve|Landgoed|Boerderij|Zorgboerderij|Manege|Kwekerij|Hof\s+van|Huize)\s+"
    r"(?:(?:de|het|'t|De|Het|'T|den|op|d')\s+)?[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,2})"
)
# The farm word announces the name: "boerderij De Vlasakker", "melkveebedrijf Hoeve Zonnewende".
_FARM_CONTEXT = re.compile(
    r"(?i:\b(?:boerderij|zorgboerderij|melkvee(?:bedrijf|houderij)|veehouderij|varkens(?:bedrijf|houderij)|"
    r"pluimvee(?:bedrijf|houderij)|kippenboerderij|geitenboerderij|akkerbouw(?:bedrijf|er)|fruit(?:bedrijf|teelt|teler)|"
    r"teeltbedrijf|tuinbouwbedrijf|kwekerij|tuinderij|aspergeteler|aardbeienteler|champignonkwekerij|"
    r"landgoed|manege|hoeve|erve|farm|ferma|gospodarstwo)\b)\s+" + _FARM_NAME
)

Finder = Callable[[str], Iterator[tuple[int, int, str]]]


def _finder(pattern: re.Pattern, tag: str, group: int = 0,
            check: Optional[Callable[[str], Optional[str]]] = None) -> Finder:
    def find(text: str) -> Iterator[tuple[int, int, str]]:
        for match in pattern.finditer(text):
            start, end = match.span(group)
            if start == end:
                continue
            found = check(match.group(group)) if check else tag
            if found:
                yield start, end, found
    return find


FINDERS: tuple[Finder, ...] = (
    _finder(_STAFF, NUMBER, 1, _staff_tag),
    _finder(_ROOM, ADDRESS, 1),
    _finder(_PITCH, ADDRESS, 1),
    _finder(_VIN, NUMBER),
    _finder(_VIN_CONTEXT, NUMBER, 1, _vin_tag),
    _finder(_CASE, NUMBER, 1, _case_tag),
    _finder(_BOOKING, NUMBER, 1, _booking_tag),
    _finder(_FARM_TITLED, ADDRESS, 1),
    _finder(_FARM_CONTEXT, ADDRESS, 1),
)


def spans(text: str, is_place: Callable[[str], bool] = lambda _: False) -> list[tuple[int, int, str]]:
    """Every staff number, room, pitch, VIN, case number and farm name in ``text``.

    ``is_place`` tells a town from a farm name ("boerderij in Horst" has none,
    "boerderij Horst" would otherwise take the town).
    """
    found = []
    for find in FINDERS:
        for start, end, tag in find(text):
            if tag == ADDRESS and not any(c.isdigit() for c in text[start:end]) and is_place(text[start:end]):
                continue
            found.append((start, end, tag))
    return found
