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
ACCOUNT = "ACCOUNT"

# A count or a measure after the number is no identifier: "kamer 3 personen", "plek 12 man".
NOT_A_COUNT = r"(?!\s*(?:personen|persoon|pers\b|mensen|man\b|mannen|vrouwen|jongens|meisjes|kinderen|werknemers|" \
    r"arbeiders|people|persons|men\b|women|keer|x\b|uur|dagen|weken|" \
    r"maanden|jaar|euro|eur\b|€|m2|m²|meter|bedden|stapelbedden|kamers|%))"

# A number said, as speech-to-text writes it: "plek zevenentwintig", "kraam zeven", "plek e twaalf"
# ("een" is left out: "in de kamer een matras").
_NUMBER_WORD = (
    r"(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n(?:twintig|dertig|veertig|vijftig|zestig|zeventig|"
    r"tachtig|negentig)|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
    r"zestien|zeventien|achttien|negentien|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
)
_SPOKEN_UNIT = r"(?:[a-z]\s)?" + _NUMBER_WORD + r"(?![\w])"
# One room, pitch or unit number: "214", "3.12", "17B", "B-14", "14-B", "U-6", "8-III".
_UNIT = r"(?:[A-Za-z]{1,2}-?\d{1,4}|[A-Z]{3}-\d{1,4}|" + _SPOKEN_UNIT + r"|\d{1,4}(?:[.\-]\d{1,3})?(?:-?(?:[A-Za-z]|III|II|IV))?|[A-Z](?![\w&'’]))"
# A list of them after one word: "kamers 401 t/m 406", "chalets 88, 89 en 90", "plek A-7 en A-8".
_UNITS = (
    rf"({_UNIT}(?![\w.,]\d)(?:(?:\s*,\s*|\s+(?:en|t/m|tm|tot en met|tot|of|and|-)\s+)"
    rf"(?:(?:plek|kamer|chalet|unit|nr\.?|nummer)\s+)?{_UNIT}(?![\w.,]\d))*)(?![\w])"
)

# --- staff, badge and personnel numbers ------------------------------------------
_STAFF_ID = r"(?:\d{3} \d{3}(?!\d)|(?:[A-Z]{1,4}[-/ ]?|[A-Za-z]{1,4}[-/])?\d[\dA-Za-z\-/]{1,15}[\dA-Za-z]|\d{2})"
_STAFF = re.compile(
    r"(?i:\b(?:personeels?(?:nummers?|nrs?|id)|personeelsnr\.?|pers\.?\s?nr\.?|personeelspas(?:sen)?|loonstrook|"
    r"prikklok|medewerkers?(?:nummer|nr|id|code)|"
    r"medewerker\s+(?:nr|nummer|no|id)\.?|werknemers?(?:nummer|nr|id)|werknemer\s+(?:nr|nummer|id)\.?|"
    r"badges?|badge(?:nummers?|nrs?|codes?|id)|toegangspas(?:nummer)?|pas(?:je)?\s+(?:nr|nummer|no)\.?|pasnummers?|"
    r"medewerkerspas|personeelspas|werkpas|bedrijfspas|pasje|"
    r"loon(?:nummer|stroknummer)|stamnummer|registratienummer\s+werknemer|inlognummer|prikklok(?:nummer)?|"
    r"employee\s*(?:id|no|nr|number|#)|staff\s*(?:id|no|number|#)|personnel\s*(?:no|number|id)|worker\s*(?:id|no)|"
    r"numer\s+pracownika|nr\s+pracownika|num[aă]r\s+(?:angajat|legitima[tț]ie)|marc[aă]|"
    # a client's or a payroll number: "cliënt C-9012", "cl 88019", "pnr 40091", "Cliëntnotitie C-10045"
    r"cli[eë]nt(?:nummer|nr|notitie|dossier)?|cl|pnr|p\.nr|payroll(?:nummer|nr)?|"
    # an enforcement officer's badge or call sign (f17): "BOA U-312", "BOA-koppel ALM-14/ALM-19", "eenheid RE-3"
    r"boa(?:'s|-koppel|-nummer|nummer)?|boa-?koppel|eenheid|roepnummer|dienstnummer)\b)"
    r"\.?(?:\s+[a-zà-ÿ]+){0,3}?\s*[:#]?\s*"
    r"(" + _STAFF_ID + r"(?:(?:\s*,\s*|\s+(?:en|t/m|tm|tot en met|tot|and)\s+)" + _STAFF_ID + r")*)(?![\w])"
    + NOT_A_COUNT
)

# A badge number in brackets after the officers it belongs to: "BOA Jansen (3318)", "BOA's Kok + Smit (H117, H122)".
_BADGE_IN_BRACKETS = re.compile(
    r"(?i:\bboa(?:'s)?\b)[^.\n()]{0,40}?\(\s*((?:[A-Z]{1,3}-?\d{2,6}|\d{3,6})(?:\s*[,/]\s*(?:[A-Z]{1,3}-?\d{2,6}|\d{3,6}))*)\s*\)"
)

# --- rooms: hotel, pension, flat units -------------------------------------------
_ROOM = re.compile(
    r"(?i:\b(?:(?:hotel|pension|achter|voor|spreek|zolder|logeer|woon)?kamer(?:s|nummers?|nrs?)?|rooms?|(?:woon)?units?|appartement(?:en)?|app|apt|flats?|"
    r"studios?|suites?|pok[oó]j|camera|cabins?|hut(?:ten|nummers?|nrs?)?|kajuit|kooi|cel|box(?:en)?|ruimtes?|wooneenheid|wooneenheden|deur|huisdeur|voordeur|"
    r"kamerdeur(?:en)?|slaapkamers?|deuren|portiek|portieknummers?|"
    r"flatnummers?|brievenbus|raam|ramen|peeskamers?|nrs|genummerd|k(?=\.\d)|huisnummers?|huisnr|berging)\b)"
    # "kamers van 201 t/m 210", "(k.3)" as a list in an inspector's notes writes a room
    r"\.?\s*(?:nr\.?|no\.?|nummers?|numbers?|#|numer|num[aă]rul|van(?=\s+\d+(?![\d\s]*(?:bij|x|meter|m)\b)))?\s*" + _UNITS + NOT_A_COUNT
)

# A list of numbers after a colon that a plural unit word opens: "hotelkamers Ibis Arnhem: 221, 223, 225",
# "unitnummers die ik vandaag zag in Hoeven: 48, 51, 63". Two numbers at least, no digit between.
_UNIT_LIST = re.compile(
    r"(?i:\b(?:(?:hotel|pension)?kamers|kamernummers|kamernrs|units|unitnummers|chalets|bungalows|huisjes|"
    r"plekken|plaatsnummers|rooms|room\s+numbers)\b)[^:\n.\d]{0,60}:\s*"
    r"((?:\d{1,4}[A-Za-z]?\s*,\s*)+\d{1,4}[A-Za-z]?(?:\s+(?:en|and)\s+\d{1,4}[A-Za-z]?)?)(?![\w.,]\d)" + NOT_A_COUNT
)

# --- camping and holiday-park pitches, chalets, caravans -------------------------
_PITCH = re.compile(
    r"(?i:\b(?:plek(?:ken)?|plekje|(?:woonwagen|caravan)?(?:stand|staan|sta|kampeer|camper|lig|aanleg)?plaats(?:en)?|plaatsnummers?|kampeerplek(?:ken)?|"
    # a ship's berth: "ligplaats WH-44", "steiger D-14", "berth 12"
    r"steigers?|berths?|"
    r"chalets?|cottages?|(?:sta)?caravans?|bungalows?|vakantiehuis(?:je)?|(?:recreatie|vakantie)woning(?:en)?|huisje|lodges?|"
    r"tiny\s+house|kavels?|pitch(?:es)?|plots?|emplacement|chatka|domek|c[aă]su[tț]a|kramen|"
    # a market stall or a fair's ride by its number: "stand 41", "wagen 31", "frietkraam 2", "bingowagen A-12"
    r"[a-z]*kraam(?:pje)?|stand|[a-z]*wagen|attractie|crewcamping|crewplek)\b)"
    r"\.?\s*(?:nr\.?|no\.?|nummers?|numbers?|#)?\s*" + _UNITS + NOT_A_COUNT
)

# --- vessels -------------------------------------------------------------------------
# A ship's name points at its owner-skipper or, with a small crew, at the victims: "MV Dnipro Star",
# "KM Putri Laut", "M/V Kota Harmoni", "kotter Zwaluw", "het jacht Black Pearl II", "tanker Najade".
# "MS Teams" and "MT" (the management team) are no ships.
_VESSEL_NAME = r"[A-Z][\w'’\-]*(?:\s+(?:[A-Z][\w'’\-]*|\d{1,3}|[IVX]{1,4})(?![\w'’\-])){0,3}"
# The prefix is part of the name, as with "Hoeve Zonnewende".
_VESSEL_TITLED = re.compile(
    r"(?<![\w/.])(?<!\d\s)((?:M\.?V\.?|M/[VSTY]|MS(?!\s+(?:Teams|Word|Excel|Office|Outlook|Forms|Paint))|M\.S\.|"
    r"MY|KM|FV|F/V|SY)\s+" + _VESSEL_NAME + r")"
)
_VESSEL_ANNOUNCED = re.compile(
    r"(?i:\b(?:schip|vrachtschip|motorschip|binnenvaartschip|tanker|tankschip|kotter|viskotter|trawler|jacht|"
    r"zeiljacht|motorjacht|vessel|ship|duwbak|sleepboot|coaster|hotelschip|cruiseschip|vissersschip|vissersboot|"
    r"kapal|statek|nava)\b)\s+(" + _VESSEL_NAME + r")"
)
# Dutch fishing vessels by their port letters and number: "IJM-41", "SCH 6", "UK-123", "VLI-22".
_FISHING_MARK = re.compile(
    r"(?<![\w\-])(?:(?:ARM|BR|BRU|GO|HA|HD|HK|IJM|KG|KW|LO|OD|SCH|ST|TH|TX|UK|VL|VLI|WR|YE|ZK|WL|EB|BU)-\d{1,3}"
    r"|(?:IJM|SCH|VLI|ARM|BRU)\s?\d{1,3})(?![\w\-])"
)
# The name after the marks: "de IJM-41 Sea Harvest 7", "kotter VLI-22 Grietje".
_FISHING_NAMED = re.compile(_FISHING_MARK.pattern + r"\s+(" + _VESSEL_NAME + r")")

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
    r"case\s*(?:number|no|nr|id|#)?|file\s*(?:number|no)|v-?nummer|v-?nr|vreemdelingennummer|relatie(?:nummer|nr)|"
    r"numer\s+sprawy|sygnatura|num[aă]r\s+(?:dosar|caz)|dosar(?:ul)?|"
    # tax assessments and debt collection (f17): "aanslag 7100 2291 0834", "aanslagnr 24/33881", "Parket 10/991220-24"
    r"aanslag(?:nummer|nr|biljet)?|aanslagnr\.?|invorderings?(?:nummer|nr)|beslag(?:nummer|nr)|parket|"
    r"beschikking(?:nummer|nr)?)\b)"
    # up to four lower-case words between: "zaaknummer bij schuldhulp is SH-23-0456"
    r"\.?(?:\s+[a-zà-ÿ]+){0,4}?\s*[:#]?\s*"
    r"((?:[A-Z]{1,8}[-/. ]?|[A-Za-z]{1,8}[-/.])?\d[\w\-/.]{1,30}[\dA-Za-z]"
    # written in groups: "relatienummer 7012 3945", "V-nr 302 771 6655", "0363 8F2A 4C71 9B0E"
    r"(?:\s(?=[0-9A-Z]*\d)[0-9A-Z]{3,5}(?![\w])" + NOT_A_COUNT + r"){0,5})(?![\w])" + NOT_A_COUNT
)


# Any word that ends in "nr" or "nummer" announces a number: "leerlingnr 208814",
# "huurcontractnr 100382-07", "meternr 34LF8842901", "nr L-55091"; so do school abbreviations
# ("lln 2019-4471"). Four digits at least after a bare "nr", three after a compound.
_LABELLED_NUMBER = re.compile(
    r"(?i:\b(?P<label>[a-zà-ÿ]{2,}(?:nr|nrs|nummer|nummers)|nr|nrs|nummer|lln|llnr)\b)\.?\s*[:#]?\s*"
    r"(?P<id>(?:[A-Za-z]{1,4}[-/.]?)?\d[\dA-Za-z\-/.]{1,20}[\dA-Za-z]|\d{3,})(?![\w])" + NOT_A_COUNT
)


def _labelled_numbers(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _LABELLED_NUMBER.finditer(text):
        label, found = match.group("label").lower(), match.group("id")
        digits = sum(c.isdigit() for c in found)
        if label.startswith(("tel", "huis", "kamer", "telefoon", "mobiel")) or _YEAR.fullmatch(found) \
                or _DATE_LIKE.fullmatch(found) or digits < (4 if label in ("nr", "nrs", "nummer") else 3):
            continue  # phones, house numbers and rooms have their own rules
        yield match.start("id"), match.end("id"), NUMBER


# A cadastral parcel: town, section letter(s) and parcel number ("Venlo H 2281", "Tiel K 4417 en
# Tiel K 4418"), after "kadastraal" or "kadastrale aanduiding" in the same sentence.
_CADASTRAL = re.compile(r"(?<![\w])(?:[A-Z][a-zà-ÿ'’]+[ \-]){1,3}[A-Z]{1,2}\s?\d{1,5}(?![\w])")
_CADASTRAL_CUE = re.compile(r"(?i:kadast|perceel)[^.\n]{0,80}$")


def _cadastral(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _CADASTRAL.finditer(text):
        if _CADASTRAL_CUE.search(text, max(0, match.start() - 80), match.start()):
            yield match.start(), match.end(), ADDRESS


_YEAR = re.compile(r"(?:19|20)\d\d")


# --- lists under a header that names their kind ------------------------------------------------
# "Kamerlijst azc Ter Apel:\nC1.04 <naam>\nC1.05 ...", "bewoonde plaatsen winter:\n3, 5, 6, 19",
# "chalets: 201-214", "casussen voor donderdag:\n24-0091 Roermond": the codes at the start of
# each line (or after the colon) are rooms, pitches or case numbers without a word of their own.
_LIST_HEADER = re.compile(
    r"(?im)^[^\n]*?\b(?P<kind>kamerlijst|kamers|kamer|rooms?|paviljoen|units?|"
    r"plaatsen|plekken|standplaatsen|chalets|caravans|stacaravans|pitches|kamerindeling|indeling|bezetting|crewcamping|"
    r"casussen|casuslijst|zaken|dossiers|zaaknummers|naambordjes|brievenbussen|deurbellen|bellen)\b[^\n:]*:(?!\d)[ \t]*"
    r"(?P<rest>[^\n]*)$"  # not a time "om 09:15"
)
_LIST_CODE = r"(?:[A-Z]{1,2}-?)?\d{1,4}(?:[.\-]\d{1,4})?[A-Z]?"
_LIST_LINE = re.compile(r"[ \t]*(?:[-•*][ \t]*)?(" + _LIST_CODE + r")(?=[ \t]|$|,)" + NOT_A_COUNT)
_LIST_MORE = re.compile(r"\s*(?:,|-|t/m|en)\s*(" + _LIST_CODE + r")(?![\w])")


def _header_lists(text: str) -> Iterator[tuple[int, int, str]]:
    for header in _LIST_HEADER.finditer(text):
        kind = header.group("kind").lower()
        tag = NUMBER if kind in ("casussen", "casuslijst", "zaken", "dossiers", "zaaknummers") else ADDRESS
        lines = [(header.start("rest"), header.group("rest"))] if header.group("rest").strip() else []
        position = header.end() + 1
        for line in text[position:].split("\n"):
            if not _LIST_LINE.match(line):
                break
            lines.append((position, line))
            position += len(line) + 1
        for start, line in lines:
            first = _LIST_LINE.match(line)
            if first is None or _YEAR.fullmatch(first.group(1)):
                continue
            yield start + first.start(1), start + first.end(1), tag
            cursor = first.end(1)
            while (more := _LIST_MORE.match(line, cursor)) is not None:
                yield start + more.start(1), start + more.end(1), tag
                cursor = more.end(1)


# Without a word before it, by its shape: an agency's letters, a dash and digit groups with at
# least five digits: "VT-2025-051736", "ZVH-2024-01188", "PL0900-2025-118840", "IND-2211-4489-67",
# "COA-8812.44.19", "EXP-88120447". "COVID-19", "A-12" or "E-17" are too short to match.
_CASE_SHAPE = re.compile(
    # letters first, then groups of letters or digits: "VT-LN-2024-03817", "UWV/ZW/2024/55193", "KMAR-SHP-24-33091"
    r"(?<![\w\-/.])[A-Z]{2,6}\d{0,4}(?:[-/](?:[A-Z]{1,6}|\d{1,10})(?:\.\d{1,4})*){1,5}(?![\w\-/])"
    # an agency's letters and a space: "IND 2411-0093-17", "COA 8847213", "UWV 2024 330 918"
    r"|(?<![\w\-/.])(?:CJIB|UWV|IND|COA|SVB|CAK|DUO|NLA|KMAR|BVH|VT|ZVH|RIEC|OM|PL\d{4})[\s-]+\d[\d\s\-/.]{3,20}\d(?![\w])"
    # long digit groups: CJIB's "2031 4478 1092 5586", "6021.44.893.210", "2024-0071-33820"
    r"|(?<![\w\-/.,])\d{4} \d{4} \d{4} \d{4}(?![\w])"
    r"|(?<![\w\-/.,])\d{2,5}(?:[.\-]\d{2,5}){2,4}(?:\.[A-Z]{1,2}\.\d{1,3})?(?![\w\-/])"
    # a court's "C/16/548213": one letter, then number groups
    r"|(?<![\w\-/.])[A-Z]/\d{1,3}/\d{4,8}(?![\w\-/])"
    # the OM's parketnummer: "16/705213-24", "10/991220-24"
    r"|(?<![\w\-/.])\d{2}/\d{6}-\d{2}(?![\w\-/])"
)


_DATE_LIKE = re.compile(r"\d{1,4}[-.]\d{1,2}[-.]\d{2,4}")


def _case_tag(text: str) -> Optional[str]:
    return NUMBER if sum(c.isdigit() for c in text) >= 3 and not _YEAR.fullmatch(text) else None


def _case_shape_tag(text: str) -> Optional[str]:
    # five digits at least, and no date ("12-05-2024") or time: dates are the date rule's
    if sum(c.isdigit() for c in text) < 5 or _DATE_LIKE.fullmatch(text.strip()):
        return None
    return NUMBER


def _staff_tag(text: str) -> Optional[str]:
    return None if _YEAR.fullmatch(text) else NUMBER


# --- booking and reservation references (hotels, short-stay flats, parks) ----------
_BOOKING = re.compile(
    r"(?i:\b(?:boeking|boekings?(?:nummer|nr|code|referentie)|reserverings?(?:nummer|nr|code)|"
    r"booking\s*(?:ref(?:erence)?|number|no|nr|code|id)|reservation\s*(?:number|no|code|id|ref)|"
    r"confirmation\s*(?:number|code|no)|bevestigings(?:code|nummer)|rezerwacj[ai]|rezervare|cod\s+rezervare)\b)"
    r"\.?(?:\s+[a-zà-ÿ]+){0,3}?\s*[:#]?\s*"
    r"([A-Za-z0-9][A-Za-z0-9\-]{3,20}[A-Za-z0-9])(?![\w])"
)


def _booking_tag(text: str) -> Optional[str]:
    has_digit = any(c.isdigit() for c in text)
    return NUMBER if has_digit or (text.isupper() and len(text) >= 5) else None


# --- identity cards announced by a short word -----------------------------------
# "klopt niet met haar id RX 918204", "dowód osobisty ABA 482195"
_ID_CARD = re.compile(
    r"(?i:\b(?:id|dowód(?:\s+osobisty)?|dowod(?:\s+osobisty)?|buletin(?:ul)?|carte\s+d'identit[eé]|ausweis|"
    r"personalausweis|lična\s+karta|лична\s+карта)\b)"
    r"[\s:,]*(?:nr\.?|no\.?|nummer)?\s*([A-Z]{1,3}\s?\d{6,9})(?![\w])"
)

# --- social media handles by their shape ---------------------------------------------
# A word with an underscore ("asian_lily_nl", "agentie_munca_olanda"), or letters, a dot and
# digits ("kofi.b22", "blessing.okk.92"), is a handle, not prose.
_NOT_HANDLE = r"(?!(?:nr|no|tel|art|ca|blz|max|min|pag|vs|bv|nv|jr|sr|ha|km|kg|st|mevr|dhr|mr|dr|ir|ing|drs|prof)\.)"
_HANDLE_SHAPE = re.compile(
    r"(?<![\w@.\-/])(?:[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*_[A-Za-z0-9_.]*[A-Za-z0-9]"
    r"|" + _NOT_HANDLE + r"[A-Za-z]{2,}(?:\.[A-Za-z]+)*\.[A-Za-z]*\d+[A-Za-z0-9]*"
    # A gamer tag: "xShadowSnipes#0921".
    r"|[A-Za-z][A-Za-z0-9_.]{2,}#\d{3,5})(?![\w@\-/]|\.\w)"
)
# After the word "account" or "profiel", or a platform and a comma: "account asian_lily", "snapchat, kofi22".
_ACCOUNT_WORD = re.compile(
    r"(?i:\b(?:account|profiel|profile|handle|snapchat|snap|insta|instagram|tiktok|telegram|facebook|wechat|"
    r"viber|signal|whatsapp)\b)[\s,:]+(?:naam\s+|is\s+|heet\s+)?"
    r"(@?(?=[\w.\-]*[\d_.][\w])[A-Za-z][\w.\-]{2,39}(?<![.\-]))(?![\w])"
)

# --- farms and estates ---------------------------------------------------------------
_FARM_HEADS = (
    r"(?:zorg|kippen|geiten|varkens|melk|kaas)?boerderij|(?:boom|champignon|asperge|planten|rozen|fruit)?kwekerij|"
    r"tuinderij|(?:melkvee|vee|varkens|pluimvee|akkerbouw|tuinbouw|fruit|fruitteelt|teelt|loon)bedrijf|"
    r"(?:vee|varkens|pluimvee|melkvee|schapen|geiten|kippen|paarden)houderij|(?:asperge|aardbeien|fruit|bollen)teelt|stoeterij|maatschap|"
    r"landgoed|manege|hoeve|erve|farm|ferma|gospodarstwo"
)
_PARTICLE = r"(?:de|het|'t|den|op|van|der|ter|ten|De|Het|'T|Den|Op|Van|Der|Ter|Ten|DE|HET|DEN|VAN|DER|TER|TEN)"
# The farm word is part of the name: "Hoeve Zonnewende", "Champignonkwekerij De Kelderhoeve",
# "Tuinderij Van der Meer & Zn", "Maatschap Rutten-Goossens", "LANDGOED WOLFSRODE".
_FARM_NAME = (r"(?:" + _PARTICLE + r"\s+){0,2}[A-Z][\w'’\-]+(?:\s+(?:" + _PARTICLE + r"\s+)?[A-Z][a-z][\w'’\-]*)?"
              r"(?:\s*&\s*(?:Zn|Zonen|Co|ZN)\.?)?")


def _titled(heads: str, name: str) -> re.Pattern:
    """The head word opens the name, with a capital: "Hoeve Zonnewende", "Camping De Bosrand"."""
    return re.compile(r"(?<![\w])(?=[A-Z])((?i:" + heads + r")\s+" + name + ")")


def _announced(heads: str, name: str) -> re.Pattern:
    """The head word, in any case, announces the name that follows: "boerderij De Vlasakker"."""
    return re.compile(r"(?i:\b(?:" + heads + r")\b)\s+(" + name + ")")


_FARM_TITLED = _titled(_FARM_HEADS, _FARM_NAME)
# The farm word announces the name: "boerderij De Vlasakker", "stoeterij de wolfsberg",
# "fruitteeltbedrijf hazenberg" (a lower-case name only when it is no word: see spans()).
_FARM_CONTEXT = _announced(
    _FARM_HEADS, r"(?:" + _PARTICLE + r"\s+){0,2}[A-Za-z][\w'’\-]+(?:\s+(?:" + _PARTICLE + r"\s+)?[A-Z][a-z][\w'’\-]*)?"
)


# --- small businesses: a company named by its legal form or its trade --------------------------
# A small business names its owner or, with few workers, the victim: "Nails by Linh", "Wash & Go Emre",
# "Huisvesting Vitalie & Co", "Flex4You Uitzend BV", "Camping De Bosrand". Chains and bodies the officer
# must read stay (the protected words; "Randstad", "PostNL" carry no legal form or trade word here).
# Employers, chains, banks, lenders, utilities and charities big enough to identify no one; the officer
# must read them (see also bot.anonymise._PROTECTED_WORDS, which takes these in).
CHAINS = frozenset(w.lower() for w in (
    "Randstad", "Adecco", "Tempo-Team", "FlexForce", "Unique", "Timing", "Luba", "Werkzaak", "Olympia", "Manpower",
    "Start", "Otto", "Covebo", "Hoogwerf", "Heijn",
    # the flower auction, a big grower and the job centre a Westland outreach worker names (f24; not "Koppert",
    # a surname too)
    "FloraHolland", "Dümmen", "Werkplein",
    "Jumbo", "Lidl", "Aldi", "Plus", "PostNL", "DHL", "IKEA", "BAM", "Heijmans", "Vion", "Thuisbezorgd", "Schiphol",
    "Action", "Coolblue", "Wehkamp", "Rabobank", "ING", "ABN", "AMRO", "Triodos", "ASN", "Bank", "Santander", "Klarna",
    "Ferratum", "bunq", "Revolut", "Lowell", "Incassin", "Stedin", "Liander", "Enexis", "Atlassib", "Western", "Union",
    "Zilveren", "VGZ", "CZ", "Menzis", "Pauluskerk", "Straatpastoraat", "Salvation", "Army", "Juridisch", "Loket",
    "Kessler", "McDonald's", "Deliveroo", "Uber", "Flink", "Picnic", "Hema", "Kruidvat", "NH",
    # hotel, holiday-park and home-care chains
    "Valk", "Novotel", "Ibis", "Mercure", "Hilton", "Marriott", "Fletcher", "Bastion", "Postillion", "Holiday", "Inn",
    "Radisson", "Hampton", "Landal", "Roompot", "EuroParcs", "Center", "Parcs",
    "Oostappen", "Dormio", "Buurtzorg",
    # employers, banks, unions and care organisations a job-placement or a care note names
    "FNV", "CNV", "FrieslandCampina", "Greenery", "Grolsch", "Knab", "Kuehne", "Nagel", "Kwintes", "Logius", "Vebego",
    "Lister", "Force", "ADP",
    # "Start People" (f20)
    "People",
    # creditors, lenders, collectors, utilities, housing corporations and youth care a debt counsellor's
    # creditor list or a youth-protection note names (f25)
    "CJIB", "DUO", "GGN", "Intrum", "Flanderijn", "Incassade", "Afterpay", "Freo", "Moneyou", "SNS", "Nuon", "Eneco",
    "Essent", "Vattenfall", "Ziggo", "KPN", "Odido", "Vodafone", "Athlon", "LeasePlan", "Hago", "Casino", "Vivare",
    "Talis", "Woonwaarts", "Portaal", "Vestia", "Ymere", "Woonstad", "Havensteder", "Mitros", "Pluryn", "Entrea",
    "Lindenhout", "Karakter", "Vuitton",
))
_LEGAL_FORM = (
    r"(?:B\.?\s?V\.?|V\.?O\.?F\.?|N\.V\.|s\.r\.o\.|[Ss]p\.\s?z\s?o\.\s?o\.?|E?OOD|S\.?R\.?L\.?|Ltd\.?|GmbH|"
    r"&\s?(?:Co|Zn|Zonen|Syn|Son|Sons)\b\.?)"
)
_NAME_WORD = r"(?:[A-Z0-9][\w'’.\-]*|&)"
_BUSINESS_LEGAL = re.compile(
    r"(?<![\w])((?:" + _NAME_WORD + r"\s+(?:(?:" + _PARTICLE + r")\s+){0,2}){0,4}" + _NAME_WORD + r"\s+" + _LEGAL_FORM + r")"
    r"(?![\w])"
)
_BUSINESS_HEADS = (
    r"camping|recreatiepark|vakantiepark|bungalowpark|chaletpark|nagelstudio|nailstudio|nagelsalon|nail\s+bar|"
    r"massagesalon|kapsalon|barbershop|carwash|autowasstraat|wasstraat|autoservice|autobedrijf|garagebedrijf|"
    r"bakkerij|slagerij|snackbar|shishalounge|raamverhuur|uitzendbureau|uitzendbedrijf|schoonmaakbedrijf|"
    r"bouwbedrijf|vleesbedrijf|transportbedrijf|sloopbedrijf|koeriersbedrijf|installatiebedrijf|tankstation|restaurant|"
    # a practice, a home-care agency or a guest house named after its owner: "Praktijk Vermeulen",
    # "Thuiszorg Wiśniewska", "Pension Zeezicht" (chains stay: CHAINS; a hotel is a place the officer needs)
    r"huisartsenpraktijk|tandartspraktijk|fysiotherapiepraktijk|praktijk|gezondheidscentrum|thuiszorg|"
    r"thuiszorgbureau|zorgbureau|zorgbemiddeling|pension|gastenverblijf|"
    # agencies, guardians and small trades named after their owner: "Agencja Pracy Wolny", "Bewindvoering
    # Karaca", "Klusbedrijf Van Doorn", "Pizzeria Da Marco", "Pandjeshuis Sterk"
    r"agencja(?:\s+pracy)?|bewindvoering|bewindvoerderskantoor|klusbedrijf|pizzeria|pandjeshuis|warme\s+bakker|"
    r"tomatenkwekerij|"
    r"seksclub|sexclub|escortbureau|"
    # small hotels, taxis, night shops, fish and meat firms, flex pools, scrapyards and cold stores named after
    # their owner or place (f17, f18: "Hotel De Zwaan", "Taxi Jansen Twente", "Avondwinkel Aydın", "Vishandel
    # Visser Urk", "autosloperij de wit", "koelhuis de poolster"; hotel chains stay: CHAINS)
    r"hotel|motel|hostel|taxi|taxibedrijf|taxicentrale|koeriersdienst|avondwinkel|nachtwinkel|visverwerking|vishandel|"
    r"(?:kippen|pluimvee|varkens)?slachterij|flexpool|autosloperij|sloperij|koelhuis|hoveniersbedrijf|kampeerterrein|"
    r"minicamping|agency|kringloopwinkel|toko|wok|"
    # f19, f20: "Woonzorg Sterk", "Grillroom Aleppo", "shoarmazaak Bakır", "loonbedrijf Kamphuis"
    r"woonzorg|grillroom|shoarmazaak|loonbedrijf|loonwerkbedrijf|"
    # bailiffs, a childminder agency, a meat processor and a car hire named after their owner or street (f25:
    # "Gerechtsdeurwaarders Hermsen & Van Gendt", "Gastouderbureau Lieve Sterretjes", "Autoverhuur Rijnstraat")
    r"gerechtsdeurwaarders|gerechtsdeurwaarder|deurwaarderskantoor|deurwaarders|gastouderbureau|vleesverwerking|"
    r"autoverhuur|autoverhuurbedrijf|administratiekantoor"
)
# Words that open a business's name only with a capital: "Huisvesting Nowicki", "Cleaning Mensah"
# ("huisvesting Bulgaarse arbeiders" is housing).
# "Transport Ter Horst", not "transport naar Polen"; cafés, clubs and sex businesses named after their owner or place
# when the head has a capital (f23: "Eetcafé De Kroon Delden", "Club Paradise Beuningen", "Privéhuis Venus
# Oldenzaal"; not "de seamen's club Stella Maris")
_TITLED_ONLY_HEADS = r"huisvesting|cleaning|transport|eetcaf[eé]|caf[eé]|club|priv[eé]huis"
_BUSINESS_TITLED = _titled(
    _BUSINESS_HEADS + "|" + _TITLED_ONLY_HEADS,
    r"(?:" + _PARTICLE + r"\s+){0,2}[A-Z0-9][\w'’\-]*(?:\s+(?:" + _PARTICLE + r"\s+)?(?:[A-Z0-9][\w'’\-]*|&))*"
    r"(?:\s*&\s*[A-Z][\w'’\-]*)?",
)
_BUSINESS_CONTEXT = _announced(
    _BUSINESS_HEADS,
    r"(?:" + _PARTICLE + r"\s+){0,2}[A-Z0-9][\w'’\-]*(?:\s+(?:" + _PARTICLE + r"\s+)?(?:[A-Z][\w'’\-]*|&))*",
)
# A trade word after an article or a demonstrative is a common noun ("op de camping de hele zomer", "die
# taxi"): no business name follows it in lower case.
_NOT_AFTER_ARTICLE = r"(?<![\w])(?<!\bde\s)(?<!\bhet\s)(?<!\been\s)(?<!\bdie\s)(?<!\bdeze\s)(?<!\bdat\s)"
# In lower case, one name that is no word (or is a surname), as speech-to-text writes it: "klusbedrijf sterk",
# "transportbedrijf hendriks", "schoonmaakbedrijf visser en zn" (see spans(): "restaurant gesloten" stays).
_BUSINESS_LOWER = re.compile(
    _NOT_AFTER_ARTICLE
    + r"(?:" + _BUSINESS_HEADS + r"|(?:taxi|koerier)(?:\s+en\s+(?:taxi|koerier))?)\s+"
    r"([a-zà-ÿ][\w'’\-]{2,}(?:\s+(?:en|&)\s+(?:zn|zonen|co)\b\.?)?)(?![\w'’\-])"
)


# A business named by its trade word at the end or in the middle, as agencies and hosts name themselves:
# "Hearts Care Netherlands", "Casa Bunicii Zorg", "Tempo Staffing Kowal",
# "Sunny Apartments by Ana", "Elena's Cozy Rooms", "Lux Stays Amsterdam". Two capitalised words at least.
_TRADE_WORD = (r"(?:Care|Zorg|Staffing|Staff|Homes|Stays|Apartments|Rooms|Rentals|Lodging|Services|Solutions|Recruitment|"
               r"Personeel|Crewing|Manning|Renovatie|Kebab|Beauty|Transport|"
               # agencies and builders (f20): "Euro Workforce Twente", "Port Flex Personeelsdiensten",
               # "Anadolu Uitzend Diensten", "Koning Bouw & Sloop"
               r"Workforce|Personeelsdiensten|Diensten|Uitzendservice|Bouw|"
               # market stalls, fairs and salons (f22): "Spektakel Events Kempen", "Afro Grill Truck",
               # "Pretty Hands Venlo", "Koninklijke Kermis Kusters", "Thai Siam Massage Lent"
               r"Events|Nails|Hands|Truck|Grill|Massage|Kermis|Carwash|Car\s+Wash|"
               # gardeners, metal works and car dealers (f23): "Groenewoud Hoveniers", "Smit Metaal Winterswijk"
               r"Hoveniers|Metaal|Auto's|Autos|"
               # bailiffs and a beauty lounge (f25): "Koster & Dekker Gerechtsdeurwaarders", "Beauty Lounge Ece"
               r"Gerechtsdeurwaarders|Deurwaarders|Lounge|Agrar)")
_TRADE_NAMED = re.compile(
    r"(?<![\w@])((?:[A-Z][\w'’@&\-]*\s+){1,3}" + _TRADE_WORD + r"(?:\s*&\s*[A-Z][\w'’\-]+)?(?:\s+(?:by\s+)?[A-Z][\w'’\-]+){0,2}"
    # "Nails by Thao", "Beauty by Mai": the trade word first, its owner after "by"
    r"|" + _TRADE_WORD + r"\s+by\s+[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)(?![\w\-])"
)
# A nationality before a trade word names the kind of business, not one business: "Thai Massage", "Chinese Nails".
_KIND_OF_BUSINESS = frozenset("thai thaise chinese chinees vietnamese vietnamees vietnam japanese balinese "
                              "filipino turkish turkse turks afro indian indiase surinaamse".split())
# Words that make such a name a public service or a sentence, not a business: "De Wmo Zorg",
# "Sociaal Wijkteam Zorg", "Het Zorg- en Veiligheidshuis".
_NOT_IN_TRADE_NAME = frozenset(
    "de het een deze die dat onze ons jullie hun haar zijn mijn welke wmo wijkteam sociaal sociale jeugd gezin "
    "gemeente gemeentelijke veilig thuis ggz ggd centrum regionaal regionale publieke langdurige maatschappelijke "
    "passende goede eerste nieuwe andere wlz pgb svb ciz".split()
)


def _trade_named_tag(name: str) -> Optional[str]:
    words = [w.lower().strip("'’") for w in name.split()]
    if len(words) == 2 and words[0] in _KIND_OF_BUSINESS:
        return None
    return None if any(w in _NOT_IN_TRADE_NAME for w in words) else _business_tag(name)


# Words that follow a farm word in a sentence, known without the lexicon (before deduce is loaded).
_FUNCTION_WORDS = frozenset(
    "in bij te op aan van met en is heeft werkt waar die dat moet kan wil zegt of voor naast achter buiten uit om "
    "als maar ook nog al er hier daar wordt was zijn had hebben huurt verhuurt staat ligt".split()
)

def _business_tag(name: str) -> Optional[str]:
    """A small business's name, not a chain's ("uitzendbureau Randstad", "Albert Heijn B.V.") nor
    words in a message typed in capitals ("IN DE NAGELSALON HIJ ZAG")."""
    words = [w.lower().strip("'’.") for w in re.findall(r"[\w'’.\-]+", name)]
    return None if name.isupper() or any(w in CHAINS for w in words) else ADDRESS


# A farm or business word at the start of a found name.
_HEAD = re.compile(r"^(?i:(?:" + _FARM_HEADS + "|" + _BUSINESS_HEADS + r")\s+(?:(?:de|het|'t|den)\s+)?)")


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


# A room code by its shape alone, building or floor letter first: "K1.04", "G.02", "C3.12" (resident lists
# of a shelter: "K1.04 <naam>", "wie heeft de sleutel van K2.01?").
_ROOM_CODE = re.compile(r"(?<![\w.])[A-Z]\d{0,2}\.\d{2}(?![\w.]|,\d)")

# A business named in lower case, as speech-to-text writes it: "camping de zeeuwse weide in kruiningen",
# "aspergekwekerij van der hoek", "oesterbedrijf de jong drie ...": after the trade word come an article
# or surname particle and one to three words, up to a function word, a number or a known place. Not after
# an article ("in de kas de hele dag", "op de camping de hele zomer": the trade word is a common noun then).
_LOWER_NAMED = re.compile(
    _NOT_AFTER_ARTICLE + r"(?<!\bhun\s)"
    r"(?:" + _FARM_HEADS + "|" + _BUSINESS_HEADS + r"|[a-z]+(?:bedrijf|kwekerij|service|handel))\s+"
    r"((?:de|het|'t|den|van(?:\s+(?:der|den|de))?)\s+[a-zà-ÿ][\w'’\-]*(?:\s+[a-zà-ÿ][\w'’\-]*){0,2})"
)
# A count ends a lower-case business name ("oesterbedrijf de jong drie vietnamese mannen").
_COUNT_WORD = re.compile(r"(?:een|" + _NUMBER_WORD + r")")


def _lower_named(is_place: Callable[[str], bool]) -> Finder:
    def find(text: str) -> Iterator[tuple[int, int, str]]:
        for match in _LOWER_NAMED.finditer(text):
            start = match.start(1)
            words = list(re.finditer(r"[\w'’\-]+", match.group(1)))
            particles = 0
            while particles < len(words) and words[particles].group(0) in ("de", "het", "'t", "den", "van", "der"):
                particles += 1
            surname = any(w.group(0) == "van" for w in words[:particles])  # "van der hoek": no place
            kept = []
            for word in words[particles:]:
                w = word.group(0)
                if w in _FUNCTION_WORDS or _COUNT_WORD.fullmatch(w) or w in _UNIT_WORDS or (not surname and is_place(w)):
                    break
                kept.append(word)
                if surname:
                    break  # "van der hoek": one surname after the particles
            if kept and not any(w.group(0) in CHAINS for w in kept):
                yield start, start + kept[-1].end(), ADDRESS
    return find


# Words that end a lower-case business name: a unit word or a count ("camping de zwaan plek b4").
_UNIT_WORDS = frozenset(
    "plek plaats kamer kraam caravan caravans stacaravan chalet unit nummer nr zonder met mensen man mannen vrouwen "
    "personen arbeiders werknemers jongens meisjes polen roemenen bulgaren".split()
)

# German and Polish street addresses written in two words: "Roermonder Straße 112", "Aachener Str. 140",
# "Kirchrather Straße 55", "ul. Lipowa 14/3" (the Dutch ones deduce and the address rules find).
_FOREIGN_STREET = re.compile(
    r"(?<![\w])((?:[A-ZÄÖÜ][\wäöüß\-]+\s+(?:Stra(?:ß|ss)e|Str\.|Weg|Allee|Platz|Ring|Gasse|Chaussee)"
    r"|ul\.\s+[A-ZŁŚŻŹĆŃÓ][\wąćęłńóśźż\-]+(?:\s+[A-ZŁŚŻŹĆŃÓ][\wąćęłńóśźż\-]+)?)"
    r"\s+\d{1,4}\s?[a-zA-Z]?(?:/\d{1,4})?)(?![\w])"
)

# Rooms and pitches: a unit after its word ("kamer B", "plek zevenentwintig") is never a name or a
# place, so the checks in spans() for names found without a digit do not apply to them.
_UNIT_FINDERS: tuple[Finder, ...] = (
    _finder(_ROOM, ADDRESS, 1), _finder(_PITCH, ADDRESS, 1), _finder(_ROOM_CODE, ADDRESS), _finder(_UNIT_LIST, ADDRESS, 1),
)
FINDERS: tuple[Finder, ...] = (
    _finder(_STAFF, NUMBER, 1, _staff_tag),
    _finder(_BADGE_IN_BRACKETS, NUMBER, 1),
    *_UNIT_FINDERS,
    _finder(_VIN, NUMBER),
    _finder(_VIN_CONTEXT, NUMBER, 1, _vin_tag),
    _finder(_CASE, NUMBER, 1, _case_tag),
    _finder(_BOOKING, NUMBER, 1, _booking_tag),
    _finder(_CASE_SHAPE, NUMBER, 0, _case_shape_tag),
    _finder(_ID_CARD, DOCUMENT, 1),
    _finder(_ACCOUNT_WORD, ACCOUNT, 1),
    _finder(_VESSEL_TITLED, ADDRESS, 1),
    _finder(_VESSEL_ANNOUNCED, ADDRESS, 1),
    _finder(_FISHING_MARK, NUMBER),
    _finder(_FISHING_NAMED, ADDRESS, 1),
    _finder(_FARM_TITLED, ADDRESS, 1),
    _finder(_FARM_CONTEXT, ADDRESS, 1),
    _finder(_BUSINESS_LEGAL, ADDRESS, 1, _business_tag),
    _finder(_BUSINESS_TITLED, ADDRESS, 1, _business_tag),
    _finder(_TRADE_NAMED, ADDRESS, 1, _trade_named_tag),
    _finder(_BUSINESS_CONTEXT, ADDRESS, 1, _business_tag),
    _finder(_BUSINESS_LOWER, ADDRESS, 1, _business_tag),
    _labelled_numbers,
    _cadastral,
    _finder(_FOREIGN_STREET, ADDRESS, 1),
    _header_lists,
)


# Handles by their shape alone: for typed messages only. Log lines are full of code names with
# underscores ("action_signaalroute", "nl_signaalroute") that an operator must keep reading.
HANDLE_FINDERS: tuple[Finder, ...] = (_finder(_HANDLE_SHAPE, ACCOUNT),)


def spans(text: str, is_place: Callable[[str], bool] = lambda _: False,
          is_word: Callable[[str], bool] = lambda _: False, handles: bool = True) -> list[tuple[int, int, str]]:
    """Every staff number, room, pitch, VIN, case number, handle and farm name in ``text``.

    ``is_place`` tells a town from a farm name ("boerderij in Horst" has none,
    "boerderij Horst" would otherwise take the town); ``is_word`` tells a
    lower-case name ("fruitteeltbedrijf hazenberg") from a word ("kwekerij moet").
    """
    found = []
    for find in FINDERS + (HANDLE_FINDERS if handles else ()):
        for start, end, tag in find(text):
            piece = text[start:end]
            if tag == ADDRESS and find not in _UNIT_FINDERS and not any(c.isdigit() for c in piece):
                bare = re.sub(rf"^(?:{_PARTICLE}\s+)+", "", piece)
                first = bare.split()[0]
                named = _HEAD.sub("", piece)  # "Camping Ermelo" names a town, not a business
                if is_place(piece) or is_place(bare) or (named != piece and is_place(named)) or (
                        first[:1].islower() and (first in _FUNCTION_WORDS or is_word(first))):
                    continue
            found.append((start, end, tag))
    found.extend(_lower_named(is_place)(text))
    return found
