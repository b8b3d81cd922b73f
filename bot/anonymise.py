"""De-identification of Dutch free text typed by professionals.

Three layers, applied together by :func:`redact`:

* ``deduce`` (Dutch de-identification) finds person names and street addresses
  from its name and street lists;
* :mod:`bot.deid_names` finds the names deduce's Dutch lists miss: foreign
  first names (from ``gender-guesser``'s list of 54 countries), names typed in
  lower case, lone names between commas, nicknames and names announced by
  context ("noemt zich", "haar vriend", "de eigenaar, ..."), using Dutch and
  English vocabulary from ``spacy-lookups-data`` to tell words from names;
* our own regular expressions find what deduce misses or does not look for in
  this domain: phone numbers (also foreign, with or without country code),
  e-mail addresses, IBANs, BSNs, Dutch and foreign licence plates, postcodes,
  dates (of birth), passport/ID/document numbers and social media accounts.

Dependencies and why: ``deduce`` 3.0.4 (newer needs regex>=2024, Rasa 3.6
pins regex<2022.11); ``gender-guesser`` 0.4.0 only for its name list
(nam_dict: ~45,000 first names with a frequency per country, 4 MB, ~5 MB in
memory) because deduce's first names are Dutch; ``spacy-lookups-data`` (already
a dependency) for the Dutch/English lemma tables; Babel (pinned by Rasa) for
country, city and language names in Dutch and English.

Measured on ``bench/data/deid_set.yml`` (``python -m bench.deid``): recall
99.7 % of 325 identifiers, keep-rate 100 % of 177 domain words, ~1 ms per
message. On the held-out set written by someone else
(``bench/data/deid_holdout.yml``, 252 messages) the rules were generalised by
looking only at its even-indexed half (``--half dev``: recall 90.9 % -> 100 %,
keep 96.6 % -> 99.7 %) and checked on the odd-indexed half, never read
(``--half test --quiet``: recall 96.0 % -> 98.2 %, keep 97.4 % -> 98.7 %).
Memory: see the comment above :data:`_UNUSED_LOOKUPS`.

:func:`redact_patterns` is the regex layer alone: cheap, no start-up cost, used
for log records (``bot.logredact``) and as a fallback while deduce loads.

Kept on purpose: place names (Dutch places, the route maps' municipalities
and their aliases, foreign places after "uit"/"in"/"naar"), countries and
nationalities ("Poolse arbeidsmigranten in Heerlen"), ages ("meisje van 15"),
organisations (NLA, AVIM, Veilig Thuis ...) and organisations' published
numbers (112, 0800-/0900-, and every number in the route maps). They are not
personal identifiers, the municipality is recorded anyway, and the officer
needs them to understand the signal.

Deduce builds its lookup structures once (~75 s on this machine) and pickles
them; we keep that cache under ``var/cache/deduce`` (or
``SIGNAALROUTE_DEDUCE_CACHE_DIR``), because the default location inside the
installed package is not writable in every deployment. Loading the cache takes
a few seconds, so call :func:`warm_up` at process start.
"""

from __future__ import annotations

import ctypes
import fcntl
import gc
import logging
import os
import pickle
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from bot import deid_kinds, deid_names

logger = logging.getLogger(__name__)

_PROJECT_ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR_ENV = "SIGNAALROUTE_DEDUCE_CACHE_DIR"

# Tags the officer sees in place of what was removed.
NAME = "NAAM"
ADDRESS = "ADRES"
POSTCODE = "POSTCODE"
PHONE = "TELEFOON"
EMAIL = "EMAIL"
BSN = "BSN"
IBAN = "IBAN"
PLATE = "KENTEKEN"
DATE = "DATUM"
NUMBER = "NUMMER"
DOCUMENT = "DOCUMENTNUMMER"
ACCOUNT = "ACCOUNT"
# Words in a script without capitals (Arabic, Ge'ez, Hebrew, Thai, Devanagari, CJK): no rule here
# can tell a name from a word in them, so they are removed whole.
OTHER_SCRIPT = "ANDER SCHRIFT"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    tag: str
    priority: int


@dataclass(frozen=True)
class _Rule:
    tag: str
    pattern: re.Pattern
    priority: int
    group: int = 0
    check: Optional[Any] = None  # callable(str) -> Optional[str]: tag or None to skip


def _elfproef(digits: str) -> bool:
    """The BSN "11-proof": weighted digit sum divisible by 11."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def _nine_digit_tag(match_text: str) -> Optional[str]:
    digits = re.sub(r"\D", "", match_text)
    return BSN if _elfproef(digits) else NUMBER


# --- the regex layer -------------------------------------------------------

# "06 - 123 456 78", "06 – 2249 – 8811", "06_38_27_19_55", "06 ~ 51 44 09 82" too.
_SEP = r"[\s.\-/()_~\u2013\u2014]{0,3}"

# An area code in brackets takes its opening bracket only when it closes it: "(010) 123 4567", not
# the "(" of "(06-12345678)".
_AREA_CODE_BRACKET = r"(?:\((?=0\d{1,3}\)))?"
# Dutch numbers: +31 / 0031 / 0, then 9 digits. 0800/0900/0906/0909 service
# numbers are organisations, not people, and stay readable.
_NL_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?31[\s.\-]*(?:\(0\)[\s.\-]*)?|" + _AREA_CODE_BRACKET + r"0)"
    r"(?!800|900|906|909)[1-9](?:" + _SEP + r"\d){8}(?!\d)"
)
_FOREIGN_PHONE = re.compile(
    r"(?<![\w+])(?:\+|00)(?!31)[1-9]\d{0,2}(?:" + _SEP + r"\d){6,12}(?!\d)"
)
# Numbers starting with 0 and 10 to 12 digits long: Dutch numbers, and foreign
# numbers typed in their local format without the country code (Romanian
# 07xx xxx xxx, Bulgarian 08xx xxx xxx, Nigerian 080x xxx xxxx). Local formats
# are ambiguous (a Polish mobile, 601 234 567, is nine digits like a BSN): we
# resolve every such doubt towards privacy and redact any run of 9 or more
# digits (as TELEFOON, BSN or NUMMER); only organisations' published numbers
# stay readable (:data:`_PUBLISHED_NUMBERS`).
_LOCAL_PHONE = re.compile(r"(?<![\w+])" + _AREA_CODE_BRACKET + r"0[1-9](?:" + _SEP + r"\d){8,10}(?!\d)")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}")
_IBAN = re.compile(
    r"(?<![\w])[A-Za-z]{2}\d{2}[ \-]?(?:[A-Za-z0-9]{4}[ \-]?){2,7}[A-Za-z0-9]{1,4}(?![\w])"
)
_BSN_LABELLED = re.compile(
    r"(?i:\b(?:bsn|burgerservicenummer|sofinummer|sofi-nummer)\b[\s.:#-]*(?:nummer|nr\.?)?[\s.:#-]*)"
    r"(\d[\d.\s]{6,12}\d)"
)
_NINE_DIGITS = re.compile(
    r"(?<![\d.,])(?:\d{3}[.\s\-]?\d{3}[.\s\-]?\d{3}|\d{4}[.\s]\d{2}[.\s]\d{3})(?![\d])"
)
_LONG_NUMBER = re.compile(r"(?<!\d)\d{7,}(?!\d)")
# A file or case number of another agency, with its letters: "COA-TLB 6620417",
# "VT-MB 24-11873", "V-2891004557", "2024-UT-039921", "2024/77412", "DC-TB 448120".
# Six digits or more in all; organisations' service numbers ("NLA 0800-5151") stay.
_PREFIXED_CODE = re.compile(
    r"(?<![\w\-/])(?:[A-Z]{1,4}(?:-[A-Z]{1,4})?[\s\-]?|\d{4}[/\-](?:[A-Z]{2,3}-)?)"
    r"(?!0800|0900|0906|0909|088|112\b)(\d[\d \-/]{3,}\d)(?![\w\-])"
)


# Vietnamese names in any case: a family name, a middle name ("thi", "van", "quoc"...) and a given
# name: "pham thi hoa", "VU QUOC BAO". The middle names hold no Dutch word, so the three together are safe.
_VIETNAMESE_NAME = re.compile(
    r"(?i)(?<![\w\-])(?:nguy[eễ]n|tr[aầ]n|l[eê]|ph[aạ]m|ho[aà]ng|hu[yỳ]nh|phan|v[uũ]|v[oõ]|[dđ][aặ]ng|b[uù]i|[dđ][oỗ]|h[oồ]|ng[oô]|"
    r"d[uư][oơ]ng|l[yý]|[dđ][iì]nh|tr[iị]nh|tr[uư][oơ]ng)\s+(?:th[iị]|v[aă]n|[dđ][uứ]c|qu[oố]c|minh|th[aà]nh|ng[oọ]c|h[oồ]ng|xu[aâ]n|h[uữ]u|kim|thu)"
    r"\s+(?!(?:is|en|de|het|een|in|op|te|er|was|zijn|die|dat|heeft|zegt|werkt|woont)\b)[^\W\d_]{2,7}(?![\w\-])"
)

# Chinese names in any case: a common family name and a given name of one or two syllables from
# the common given-name syllables: "li na", "LI WEI", "wang xiaoming", "chen mei-ling". Family names
# that are also Dutch or English words ("pan", "long", "fan", "han", "du") are left out.
_CN_GIVEN = (r"(?:na|wei|fang|min|jing|qiang|lei|jun|yang|yong|yan|jie|tao|ming|chao|xiu|ying|hua|ping|gang|hui|"
             r"hong|xin|bo|yu|lan|mei|ling|juan|qing|fei|hao|dan|jian|xia|yun|feng|kai|zhen|rui|xue|ting|ning|hai|"
             r"bin|wen|li|lin|xiao|zhi|jia|yi|shu|qin|yue|chun|lian|zi|han|hao|peng|tian|ye|yuan|shan|an)")
_CHINESE_NAME = re.compile(
    r"(?i)(?<![\w\-])(?:li|wang|zhang|liu|chen|yang|huang|zhao|zhou|xu|zhu|guo|lin|gao|luo|zheng|liang|xie|tang|"
    r"feng|deng|cao|peng|zeng|xiao|tian|yuan|cai|jiang|cheng|shen|yao|cui|zhong|qian|qiu|xia|jia|hou|wu)\s+"
    rf"{_CN_GIVEN}(?:[\-]?{_CN_GIVEN})?(?![\w\-])"
)

# Short reference codes: "INV-0412", "FAC-20331", "2024/Taxi/0088" (invoices, bookings, files);
# not norms and names of things ("ISO-9001", "NEN-3140", "COVID-19").
_SHORT_CODE = re.compile(
    r"(?<![\w\-/])(?!(?:ISO|NEN|EN|COVID|SARS|CAO|ART|ARTIKEL)-)[A-Z]{2,5}-\d{3,6}(?:-\d{1,6})?(?![\w\-/])"
    r"|(?<![\w\-/])(?:19|20)\d\d/[A-Za-z]{2,12}/\d{2,6}(?![\w\-/])"
)


def _prefixed_code_tag(match_text: str) -> Optional[str]:
    return NUMBER if len(re.sub(r"\D", "", match_text)) >= 6 and not re.search(r"\s{2,}", match_text) else None

# Licence plates: every Dutch sidecode (letter/digit groups), with dashes or
# written together; lower case is accepted, it is how people type.
_PLATE_SHAPES = (
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL",
    "DD-LLL-D", "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL",
    "D-LL-DDD", "DDD-LL-D",
)


def _plate_regex(shape: str, sep: str) -> str:
    groups = []
    for part in shape.split("-"):
        cls = "[A-Za-z]" if part[0] == "L" else r"\d"
        groups.append(f"{cls}{{{len(part)}}}")
    return sep.join(groups)


_PLATE = re.compile(
    # "GM0917" has a plate's shape but is a CBS municipality code.
    r"(?<![\w-])(?!GM\d{4}(?![\w-]))(?:"
    + "|".join(_plate_regex(s, "-") for s in _PLATE_SHAPES)
    + "|"
    + "|".join(_plate_regex(s, "") for s in _PLATE_SHAPES)
    + r")(?![\w-])"
)
# With spaces only in capitals: "AB 12 CD", never "op 12 mei".
_PLATE_SPACED = re.compile(
    r"(?<![\w])(?:"
    + "|".join(_plate_regex(s, " ").replace("[A-Za-z]", "[A-Z]") for s in _PLATE_SHAPES)
    + r")(?![\w])"
)

# Passport / ID card numbers: 8-10 capitals and digits mixed (Nigerian
# passports are one letter and eight digits: "A01234567").
_DOCUMENT_NUMBER = re.compile(
    r"(?<![\w-])(?=(?:[A-Z]*\d){2})(?=\d*[A-Z])[A-Z0-9]{8,10}(?![\w-])"
)
# With context any number shape: "ID-kaart, nummer AB 123456", "serie XT
# 345678", "rijbewijs 5012345678" (Romanian ID cards: two letters, six digits).
_DOCUMENT_CONTEXT = re.compile(
    r"(?i:\b(?:paspoort(?:nummer|nr)?|passport(?:\s+(?:no|nr|number))?|id[\s-]?kaart|identiteitskaart|"
    r"identiteitsbewijs|id[\s-]?(?:nummer|nr|card|number)|documentnummer|document\s*(?:nr|no)|"
    r"verblijfs(?:document|vergunning|pas)|rijbewijs(?:nummer)?|driving\s+licen[cs]e|serie(?:nummer)?|"
    r"card\s+no|[\w]+-pas|pas\s*(?:nummer|nr\.?|no\.?)|pasnummer|[wv]-?(?:document|nummer)|vreemdelingen(?:document|nummer)|"
    r"residence\s+(?:card|permit)|permis|buletin|(?:bestuurders|chauffeurs|tachograaf|tacho)kaart(?:nummer|nr)?|"
    r"driver'?s?\s+card|kaartnummer)\b)"
    r"(?:[^.\n;?!]|\b(?:nr|no)\.){0,40}?(?<![\w])"
    # a check or issue number typed apart stays with it: tachograph cards "LT 1A0000245871 00"
    r"((?:\d?[A-Za-z]{1,3}[ -]?)?[A-Za-z]?\d[A-Za-z0-9]{4,15}(?: \d{1,2}(?![\w,]|\.\d))?"
    r"|[A-Za-z]{1,3}\d[A-Za-z0-9]{4,11}"
    r"|[A-Z]{4,6}\d{4,8}[A-Z0-9]{0,4}"  # driving licences: "LUNGUP510304", "ILIES910115"
    r"|\d{2}(?: \d{2}){3,5})(?![\w])"  # a number typed in pairs: "28 44 09 17 63"
)


def _document_tag(match_text: str) -> Optional[str]:
    digits = sum(c.isdigit() for c in match_text)
    return DOCUMENT if digits >= 4 and len(match_text) >= 6 else None


# Foreign licence plates, capitals only ("op 12 mei" must stay): Polish
# "WX 12345" / "PO 4K821", Romanian "B 123 ABC" / "CJ 12 XYZ", Bulgarian
# "CA 1234 AB", German "B-AB 1234" / "KLE-MN 482".
_FOREIGN_PLATE = re.compile(
    r"(?<![\w-])(?:"
    r"[A-Z]{2,3} (?=[A-Z0-9]*\d)[A-Z0-9]{4,5}"
    r"|[A-Z]{1,2} \d{2,4} [A-Z]{2,3}"
    r"|[A-Z]{1,3}-[A-Z]{1,2} \d{1,4}[EH]?"
    r"|[A-Z]{1,3} [A-Z]{1,2} \d{1,4}[EH]?"  # German, typed with a space: "KLE AB 123"
    r"|[A-Z]{2}-\d{3}-[A-Z]{2}"  # French, Italian: "AB-123-CD"
    r"|[A-Z]{1,2}-\d{2,3}-[A-Z]{3}"  # Romanian with dashes: "B-123-ABC", "CJ-12-XYZ"
    r"|[A-Z]{2}-\d{3,4}"  # Latvian: "AB-1234"
    r"|[A-Z]{3} \d{3}"  # Lithuanian, Moldovan: "ABC 123"
    r"|[A-Z]{2}\d{2} ?[A-Z]{3}"  # British: "AB12 CDE"
    r"|[A-Z]{1,2} ?\d{4}-\d"  # Belarusian trucks and trailers: "AH 6621-7"
    r")(?![\w-])"
)
# Plates that start with digits: Spanish "1234 BCD", Turkish "34 ABC 123".
_FOREIGN_PLATE_DIGITS = re.compile(
    r"(?<![\w-])(?:\d{4}[ -]?[B-DF-HJ-NP-TV-Z]{3}|\d{2} [A-Z]{1,3} \d{2,4}|\d{4} ?[A-Z]{2}-\d)(?![\w-])"
)
# Belgian plates: "1-ABC-123", also in lower case and written together.
_BELGIAN_PLATE = re.compile(r"(?<![\w-])[1-9]-?[A-Za-z]{3}-?\d{3}(?![\w-])")
# After "kenteken", "nummerplaat", "plate": any group of capitals and digits
# with a digit and a letter in it, the shapes of every country ("MRK 917",
# Lithuanian; "PB 5567 KM", Bulgarian), also a few words further on.
_PLATE_CONTEXT = re.compile(
    r"(?i:\b(?:kenteken(?:plaat|nummer)?|nummerplaat|nummerbord|(?:licen[cs]e\s+|number\s+)?plates?|"
    r"registration(?:\s+number)?|reg\.?\s*(?:nr|no)\.?)\b)"
    r"(?:\s*(?:[:#]|nr\.?|is|was)\s*|\s+(?:[a-zà-ÿ]+\s+){0,3}?)"
    # groups of letters and digits, ending in a group with a digit and
    # perhaps one group of capitals: "MRK 917", "wx 12345", "PB 5567 KM"
    r"((?:(?!(?:van|de|het|een|is|was|bus|nr|met|en|op|in|of)[ \-])(?:[A-Za-z]{1,3}|[A-Za-z0-9]*\d[A-Za-z0-9]*)[ \-]){0,3}"
    r"[A-Za-z0-9]*\d[A-Za-z0-9]*(?:[ \-][A-Z]{1,3}(?![\w-]))?)(?![\w-])"
)
_NOT_PLATE_LETTERS = frozenset(
    "EUR USD GBP BSN KVK NR TEL IBAN BRP UWV NL GM CBS ID BTW KM CAO PIN NLA AVIM SHOP COA IND RIEC GGD ESSM "
    "HEIT OM ZVH IOM VWS SZW AOW WW NO WMO APK ING ABN AZC MKB ZZP HBO MBO ROC PVV CDA VVD WOZ GGZ DUO CAK KMAR "
    "BRT NRC RTL NOS EEN CET UTC GMT MAX MIN TOT PER VIA PAG NUM ART LID ADV REF ECLI VOG BIG AGB KNMG CIZ "
    "SMS MMS PDF URL WWW COVID NIE AM PM KG MB GB".split()
)


def _context_plate_tag(match_text: str) -> Optional[str]:
    alnum = re.sub(r"[\W_]", "", match_text)
    has_both = re.search(r"\d", alnum) and re.search(r"[A-Za-z]", alnum)
    return PLATE if has_both and 4 <= len(alnum) <= 10 else None


# Names written as initials only: "M.B.", "S. K.", "J.P.M.".
_INITIALS = re.compile(r"(?<![\w.])[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.){0,2}(?![\w])")
_NOT_INITIALS = frozenset(
    "NB PS OM BV NV VS EU US UK AUB TAV IVM ZSM DWZ MBT MIV AS CQ ED NL BE DE EO VOG AD PM AM VN UN".split()
)


def _initials_tag(match_text: str) -> Optional[str]:
    return None if re.sub(r"[^A-Z]", "", match_text) in _NOT_INITIALS else NAME


def _foreign_plate_tag(match_text: str) -> Optional[str]:
    letters = re.search(r"[A-Z]+", match_text).group(0)
    return None if letters in _NOT_PLATE_LETTERS else PLATE


# A plate in lower case with spaces, as speech-to-text writes it, right after the vehicle it is on
# ("een grijze golf t 411 kx", "vrachtwagen bx vh 27", "bmw x5 hnx 06 l", "busjes ... kpl 208 hbz 771
# en lgt 449"): "op 12 mei" has no vehicle before it. Each letter group must be no short word.
_VEHICLE = (
    r"auto|auto's|wagen|busje|busjes|bus|bussen|bestelbus|bestelbusje|bestelwagen|sprinter|transit|camper|"
    r"vrachtwagen|truck|scooter|brommer|motor|golf|polo|passat|caddy|bmw|audi|opel|ford|mercedes|vw|volkswagen|"
    r"toyota|renault|peugeot|skoda|seat|dacia|fiat|citroen|citroën|kia|volvo|kentekens|nummerplaten|platen"
)
_SPOKEN_PLATE_GROUP = r"(?:[a-z]{1,3}|\d{1,4})"
_PLATE_AFTER_VEHICLE = re.compile(
    r"(?i:\b(?:" + _VEHICLE + r")\b)(?:\s+(?:[a-z]{1,3}\d{1,2}|[a-zà-ÿ]{4,}|met|van|de|het|die|met\s+logo)){0,2}"
    r"\s+(" + _SPOKEN_PLATE_GROUP + r"(?:(?:\s*,\s*|\s+(?:en|of)\s+|\s+)" + _SPOKEN_PLATE_GROUP + r"){1,11})(?![\w-])"
)
# Short words that are no letter group of a plate ("om 5 uur", "van 12 tot 2").
_NOT_PLATE_GROUP = frozenset(
    "de het een en of om op in uit aan bij van tot met na voor per nr km uur min jr ca is was er al nu ze zo "
    "wel nog ook die dat wat wie hij zij we je ik u mij hem ons pas te ten ter den der des the and at to on "
    "dan toen als dus maar want rij elk elke weg zag had heb ben kan mag zet gaf".split()
)


def _spoken_plates(text: str) -> Iterator[tuple[int, int]]:
    """Each plate of a list after a vehicle word: "en", "of" and commas part them, and four or six
    groups without a word between are two or three plates ("kpl 208 hbz 771")."""
    for match in _PLATE_AFTER_VEHICLE.finditer(text):
        base = match.start(1)
        for segment in re.finditer(r"(?:(?!\s*,|\s+(?:en|of)\s).)+", match.group(1)):
            offset = segment.start()
            groups = list(re.finditer(r"\S+", segment.group(0)))
            while groups and groups[-1].group(0).lower() in _NOT_PLATE_GROUP:  # "2 kzt 88 dan caravan"
                groups.pop()
            while groups and groups[0].group(0).lower() in ("en", "of"):
                groups.pop(0)
            if not groups:
                continue
            size = len(groups) if len(groups) <= 3 else (2 if len(groups) % 2 == 0 else 3)
            for i in range(0, len(groups), size):
                plate = groups[i:i + size]
                words = [g.group(0) for g in plate]
                letters = [w for w in words if w.isalpha()]
                if len(plate) >= 2 and letters and len(letters) < len(words) and len("".join(words)) >= 4 \
                        and not any(w.lower() in _NOT_PLATE_GROUP for w in letters):
                    yield base + offset + plate[0].start(), base + offset + plate[-1].end()


_POSTBUS = re.compile(r"(?<![\w])[Pp]ostbus\s+\d{1,6}(?![\w])")

# What follows a house number: "12-3", "55/12", "12a", "12-B", "201-III",
# "23-bis", "14 hs", "14 bov", "17 rood" (floor colours in Den Haag and
# Rotterdam), "12 bus 4" (Belgian flat numbers); at most two of them.
_HOUSE_ADDITION = (
    r"(?:\s?[-/]\s?\d{1,4}(?![\w])"
    r"|[\s\-/]?(?:hs|h|bis|bg|bgg|huis|bov|bovenwoning|bwn|ben|rood|zwart|sous|III|II|IV|I|[A-Za-z])(?![\w'’]|/m\b)"
    r"|\s+(?:bus|box|app|apt|unit|kamer|plek)\.?\s*\d{1,4}(?![\w]))"
)
_HOUSE_NUMBER = (r"(?:nr\.?\s*|nummer\s*)?\d{1,5}(?:" + _HOUSE_ADDITION + r"){0,2}"
                 # a row of houses: "Kolfstraat 27 t/m 33"
                 r"(?:\s*(?:t/m|tm|tot en met)\s*\d{1,5}(?:" + _HOUSE_ADDITION + r")?)?")

# Typed in lower case with a space: "1106 hm". Two-letter words ("in 2024 en") and units
# ("1500 km") are not postcodes.
_LOWER_POSTCODE = re.compile(
    r"(?<![\w.,])[1-9]\d{3} (?!(?:en|in|op|de|of|is|ik|je|ze|we|om|al|na|nu|zo|te|er|ok|uw|km|kg|cm|mm|ml|pp|pm|am|"
    r"st|nr|vd|dd|ca|tm|ha|mg|uu|eu|ct|gr|hr|ex|jr|zn|bv|nv|mb|gb|kb|dl|cl|ps|pk|an|at|on|or|to|so|no|by|ft|vs)\b)"
    r"[a-z]{2}(?![\w])"
)
_POSTCODE = re.compile(
    r"(?<![\w])[1-9]\d{3}(?:\s?[A-Z]{2}|[a-z]{2})(?![\w])"
    r"(?:\s*,?\s*" + _HOUSE_NUMBER + r"(?![\w]))?"
)

# Street names: a capitalised word ending in a street word, or the street
# word itself capitalised ("Markt 5"), followed by a house number.
_STREET_WORDS = (
    "straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk", "dreef",
    "hof", "pad", "park", "markt", "steeg", "baan", "plantsoen", "boulevard",
    "allee", "kanaal", "haven", "wal", "ring", "erf", "vaart", "brink", "dam",
    "straatweg", "promenade", "hoven", "veld", "poort",
)
# Without a number only the unambiguous ones: "-dam", "-veld" are also towns.
_BARE_STREET_WORDS = (
    "straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk", "dreef",
    "steeg", "plantsoen", "boulevard",
)
# Only inside a capitalised word ("Ringbaan-Oost", "Spoorbaan"): "baan" alone is a job.
_COMPOUND_STREET = re.compile(r"(?<![\w])(?!Loopbaan)[A-Z][a-zà-ÿ]{2,}baan(?:-(?:Noord|Zuid|Oost|West|Midden))?(?![\w])")


# Words before a street name that belong to it: "Lange Nieuwstraat", "Burgemeester van
# Heemstraweg", "Willem de Zwijgerlaan", "van Heemstraweg". A preposition or pronoun that
# opens a sentence ("Op de Kerkstraat") is not part of it.
_STREET_TITLES = (
    r"Lange|Korte|Oude|Nieuwe|Grote|Kleine|Hoge|Lage|Eerste|Tweede|Derde|Sint|St\.|Burgemeester|Burg\.|Dokter|"
    r"Dr\.|Professor|Prof\.|Generaal|Gen\.|Koningin|Koning|Prins|Prinses|Graaf|Gravin|Hertog|Jonkheer|Pastoor|"
    r"Kapitein|Kardinaal|Admiraal|Pater|Meester|Mr\.|Mgr\.|Gedempte|Verlengde|Binnen|Buiten|Hooge|Noordelijke|"
    r"Zuidelijke|Oostelijke|Westelijke|Wethouder|Weth\.|Minister|Notaris|Dominee|Ds\.|Hof\s+van|Hof\s+ter|[A-Z]\."
)
_NOT_STREET_HEAD = (
    r"Op|In|Aan|Bij|Naar|Van|Langs|Over|Via|Achter|Voor|Naast|Tegenover|Richting|Vanaf|Uit|Om|Rond|Onder|"
    r"Tussen|Door|Met|Ook|En|Of|Maar|Dus|Want|Het|De|Een|Die|Dat|Deze|Ze|Zij|Hij|Ik|We|Wij|Er|Daar|Hier|Wonen|Woont"
)
_STREET_PREFIX = (
    rf"(?:(?:(?:{_STREET_TITLES})\s+)+(?:(?:van|de|der|den|ter|ten|'t)\s+){{0,2}}"
    rf"|(?!(?:{_NOT_STREET_HEAD})\s)[A-Z][a-zà-ÿ]+\s+(?:(?:van|de|der|den|ter|ten|'t)\s+){{1,2}}"
    rf"|(?<![\w])(?:van|ter|ten)\s+(?:(?:de|der|den)\s+)?)?"
)


def _street_word_regex(words: Iterable[str]) -> str:
    alternation = "|".join(sorted(words, key=len, reverse=True))
    capitalised = "|".join(w.capitalize() for w in sorted(words, key=len, reverse=True))
    return (rf"{_STREET_PREFIX}(?:[A-Z][a-zà-ÿ'’\-]*(?:{alternation})|(?:{capitalised}))"
            r"(?:-(?:Noord|Zuid|Oost|West|Midden))?")  # "Ringweg-Zuid"


_STREET_WITH_NUMBER = re.compile(
    r"(?<![\w])" + _street_word_regex(_STREET_WORDS) + r"\s+" + _HOUSE_NUMBER + r"(?![\w])"
)
# Typed in lower case, only with a house number: "dorpsstraat 12a".
_LOWER_STREET_WITH_NUMBER = re.compile(
    r"(?<![\w])[a-zà-ÿ][a-zà-ÿ'’\-]*(?:" + "|".join(_BARE_STREET_WORDS)
    + r")\s+\d{1,5}(?:" + _HOUSE_ADDITION + r"){0,2}(?![\w])"
)

# Foreign addresses, written the way they are at home: a street word before
# the name ("Strada Mihai Eminescu 14, bl. 3, ap. 12", "ul. Marszałkowska
# 55/12", "bul. Vitosha 89", "Rue Ibn Sina 14, Quartier Maarif", "Calle Mayor
# 5", "Via Roma 12"), after it ("Hauptstraße 5", "Atatürk Caddesi 12",
# "Váci utca 3"), or the house number first ("14 Allen Street").
_FOREIGN_STREET_BEFORE = (
    r"(?:Strada|[Ss]tr\.|Str|[Uu]l\.|[Uu]lica|[Bb]ul\.|[Bb]ulevardul|[Bb]ulevard|[Bb]lvd\.?|[Bb]d\.|Calea|[Șș]oseaua|"
    r"[Ss]os\.|Aleea|Piața|Piata|Rue|rue|Avenue|[Aa]v\.|Avenida|Calle|Carrer|Via|Viale|Piazza|Corso|Rua|Praça|"
    r"Aleja|Al\.|Plac|[Oo]s\.|Osiedle|[Uu]litsa|[Uu]litsia|[Pp]r\.|Prospekt|Straße|Strasse|Ulitsa|Sokak|Cadde|Chaussée|"
    r"Chaussee|[Pp]lace|Boulevard|Bd|Rr\.|Rruga|Odos|Odós)"
)
_FOREIGN_STREET_NAME_WORD = r"(?:[A-ZÀ-ÞŁŚŻŹĆŃŞȘȚĐ][\w'’.\-]*|\d{1,2}(?=\s+[A-Z])|de|del|della|di|da|do|dos|das|ibn|el|al|la|le|du|des|lui|cel|von|van|der|y|i)"
_FOREIGN_ADDRESS_TAIL = (
    r"(?:,?\s*(?:bl|bloc|blok|sc|scara|et|etaj|ap|apt|app|apartament|m|kv|vh|lok|bus|box|fl|floor|piso|"
    r"No|no|Nr|nr|Daire|D)\.?:?\s*[A-Za-z]?\d{1,4}[A-Za-z]?(?![\w])"
    # a floor as Portugal writes it ("2º Esq.", "3º"), a floor and door as Hungary does ("7. 2/4")
    r"|,?\s*\d{1,2}º(?:\s*(?:Esq|Dto|Dir|Frt|andar)\b\.?)?|\.?\s+\d{1,2}/\d{1,2}(?![\w/]))*"
    r"(?:,?\s*(?:Quartier|quartier|Cartier|cartier|Sector|Sectorul|sector|District|Osiedle|Mahallesi|Mah\.|"
    r"Kvartal|kv\.|Barrio|Bairro|Colonia)\s+[A-ZÀ-Þ\d][\w'’\-]*)?"
)
_FOREIGN_ADDRESS = re.compile(
    r"(?<![\w])" + _FOREIGN_STREET_BEFORE + r"(?:\s+" + _FOREIGN_STREET_NAME_WORD + r"){1,5}"
    r",?\s+(?:nr\.?\s*|no\.?\s*|n°\s*|№\s*)?\d{1,5}[A-Za-z]?(?:\s?[/\-]\s?\d{1,4}[A-Za-z]?)?(?![\w])"
    + _FOREIGN_ADDRESS_TAIL
    + r"|(?<![\w])[A-ZÀ-ÞŁŚŻŹĆŃŞȘȚ][\w'’\-]*(?:straße|strasse|str\.|gasse|platz|damm|ufer|utca|ulice|iela|gatan|gade|vej|"
    r"[Cc]addesi|[Ss]okak|[Ss]okağı|[Bb]ulvarı)(?:\s+(?:No|Nr|no|nr)\.?:?)?\s+\d{1,5}[A-Za-z]?(?:\s?[/\-]\s?\d{1,4})?(?![\w])"
    + _FOREIGN_ADDRESS_TAIL
    + r"|(?<![\w])[A-ZÀ-ÞŁŚŻŹĆŃŞȘȚ][\w'’\-]*\s+(?:utca|u\.|út|tér|ulica|Street|Road|Avenue|Lane|Drive|Close|Sokak|Caddesi)"
    r"\s+\d{1,5}[A-Za-z]?(?![\w])" + _FOREIGN_ADDRESS_TAIL
    + r"|(?<![\w])\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'’\-]*\s+){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Close|Crescent|Terrace)(?![\w])"
)
# Foreign postcodes before a town: Polish "00-676 Warszawa"; four to six
# digits only right after a street and house number (see _FOREIGN_ADDRESS).
# Portuguese "2400-180 Leiria" too.
_FOREIGN_POSTCODE = re.compile(r"(?<![\w\-])\d{2,4}-\d{3}(?=\s+[A-ZÀ-ÞŁŚŻŹĆ])")
_POSTCODE_AFTER_ADDRESS = re.compile(r",?\s*((?:[A-Z]{1,2}-)?\d{4,6})(?=\s+[A-ZÀ-ÞŁŚŻŹĆ])")
_BARE_STREET = re.compile(r"(?<![\w])" + _street_word_regex(_BARE_STREET_WORDS) + r"(?![\w])")
# Lower case without a number, after "aan/in/op ... de": "woont aan de kruisstraat". Words for a
# kind of street ("zijstraat", "winkelstraat") are no address.
_LOWER_BARE_STREET = re.compile(
    r"(?i:\b(?:(?:aan|in|op|bij|langs|naar|via|vanaf|richting|uit|hoek|hoek\s+van|en|achter|naast|tegenover|voor|"
    r"rond|over)\s+(?:de|het)|"
    r"insp\.?|herinsp\.?|inspectie|ctrl|controle|rondje|adres|adr\.?|en|woningcorporatie|corporatie|verhuurder|"
    r"huurcontract|contract|pand|woning|woonde|woont|wonen|bewoners|bewoner|bewoonster|buren|bushalte)\s+)"
    # "burgemeester visserlaan", "lange nieuwstraat", "prinses irenestraat"
    r"((?:(?:lange|korte|nieuwe|oude|grote|kleine|hoge|lage|burgemeester|burg\.|prins|prinses|koning|koningin|graaf|"
    r"dokter|dr\.|pastoor|generaal|president|sint|st\.|van)\s+)?"
    # Words for a kind of street ("zijstraat", "winkelstraat", "snelweg", "zandweg") are no address.
    r"(?!(?:zij|winkel|woon|dwars|uitgaans|hoofd|achter|parallel|doodlopende|eenrichtings|boven|binnen|buiten|"
    r"rij|fiets|terug|heen|uit|door|voor|toegangs|ring|provinciale|wandel|tussen|onder|over|om)(?:straat|weg|laan)"
    r"|(?:snel|zand|berg|bos|dijk|kar|vaar|water|spoor|ruil|land|weg)weg)"
    r"[a-zà-ÿ][a-zà-ÿ'’\-]{2,}(?:straat|laan|gracht|kade|singel|dreef|steeg|plantsoen|straatweg|boulevard|weg))(?![\w])"
)

_MONTHS = (
    # Hungarian, written out and shortened ("1993. április 9.", "ápr. 2, 1990")
    "január|február|március|április|május|június|július|augusztus|szeptember|október|"
    "márc|ápr|máj|jún|júl|szept|"
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
    "november|december|jan|feb|febr|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec|"
    "january|february|march|may|june|july|august|october|"
    # Polish (genitive, as in dates) and Romanian
    "stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|wrze[sś]nia|pa[zź]dziernika|listopada|grudnia|"
    "ianuarie|februarie|martie|aprilie|iunie|iulie|septembrie|octombrie|noiembrie|decembrie|"
    # Ukrainian and Russian (genitive, as in dates), Bulgarian
    "січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня|"
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
    "януари|февруари|март|април|май|юни|юли|август|септември|октомври|ноември|декември"
)
# A month in Roman numerals, as Polish and Romanian papers write it: "05.VIII.1992", "15-XI-1987".
_ROMAN_MONTH = r"(?:XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUM = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:(?:19|20)\d{2}|'\d{2}|\d{2})"
_DATE_NUMERIC = re.compile(
    rf"(?<![\d\w]){_DAY}(?P<sep>[-/.\s]){_MONTH_NUM}(?P=sep){_YEAR}(?![\d\w])"
    rf"|(?<![\d\w])(?:19|20)\d{{2}}(?P<sep2>[-/.]){_MONTH_NUM}(?P=sep2){_DAY}(?![\d\w])"
    # Hungarian order with dots and spaces: "1984. 06. 19."
    rf"|(?<![\d\w])(?:19|20)\d{{2}}\.\s{_MONTH_NUM}\.\s{_DAY}\.?(?![\d\w])"
    # Day and month unknown, as the BRP writes it: "00-00-1988"
    rf"|(?<![\d\w])00(?P<sep3>[-/.])00(?P=sep3)(?:19|20)\d{{2}}(?![\d\w])"
    rf"|(?<![\d\w]){_DAY}(?P<sep4>[-/.\s]){_ROMAN_MONTH}(?P=sep4)(?:19|20)\d{{2}}(?![\d\w])"
)
# Chinese and Japanese: "1990年5月8日" (above the other-script rule, so it is tagged a date).
_DATE_CJK = re.compile(r"(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?")
_DATE_WORDS = re.compile(
    rf"(?i)(?<![\w]){_DAY}(?:e|ste|de|st|nd|rd|th)?(?:\s+of)?[\s.\-/]*(?:{_MONTHS})\.?[\s.,\-/]*(?:(?:19|20)\d{{2}}|'\d{{2}})(?![\w])"
    # English order: "April 4, 1994", "May 4th 1994"
    rf"|(?<![\w])(?:{_MONTHS})\.?\s+{_DAY}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}(?![\w])"
    # Hungarian order: "1993. április 9."
    rf"|(?<![\w])(?:19|20)\d{{2}}\.\s+(?:{_MONTHS})\.?\s+{_DAY}\.?(?![\w])"
)
# Only with birth context: a year, or a day and month without year.
_BIRTH_CONTEXT = re.compile(
    rf"(?i)\b(?:geboren|geb\.?|geboortedatum|geboortejaar|geb\.datum|dob|date of birth|born)"
    rf"(?:\s+(?:is|was|zou|zijn))?(?:\s+(?:op|in|on|:))?[\s:]*"
    rf"((?:{_DAY}[\s.\-/]*(?:{_MONTHS})\.?(?:[\s.\-/]*(?:(?:19|20)\d{{2}}|'\d{{2}}))?)"
    rf"|(?:{_DAY}[-/.]{_MONTH_NUM}(?:[-/.]{_YEAR})?)"
    rf"|(?:(?:{_MONTHS})\s+(?:19|20)\d{{2}})"
    rf"|(?:(?:19|20)\d{{2}}))(?![\w])"
)
# "geb.datum onduidelijk: IND heeft 01-01-2008, zelf zegt hij maart 2008": a month and a
# year later in a sentence that is about a date of birth.
_BIRTH_MONTH_YEAR = re.compile(
    rf"(?i)\b(?:geboren|geb\.?|geboortedatum|geboortejaar|geb\.datum|dob|date of birth|born)\b[^.\n]{{0,80}}?"
    rf"(?<![\w])((?:{_MONTHS})\s+(?:19|20)\d{{2}})(?![\w])"
)

_SOCIAL_URL = re.compile(
    r"(?i)(?:https?://)?(?:www\.|m\.|vm\.)?"
    r"(?:facebook\.com|fb\.com|fb\.me|instagram\.com|instagr\.am|tiktok\.com|twitter\.com|x\.com|"
    r"snapchat\.com|linkedin\.com|t\.me|telegram\.me|wa\.me|onlyfans\.com|youtube\.com|vk\.com)"
    r"/[^\s,;)]*[^\s,;).!?]"
)
# A web address that points at one advertisement or profile: a sex-work or
# classifieds site, or any path holding a number of four or more digits or a
# handle ("kinky.nl/advertentie/882731", "site.com/@lisa").
_AD_URL = re.compile(
    r"(?i)(?:https?://)?(?:www\.)?"
    r"(?:[\w\-]*(?:kinky|sexjobs|seksjobs|redlights|hookers|escort|vivastreet|skokka|locanto|backpage|adultwork|"
    r"privehuis|sexy|massage|marktplaats|2dehands|kleinanzeigen|olx)[\w\-]*\.[a-z]{2,}(?:\.[a-z]{2,})?"
    r"/[^\s,;)]*[^\s,;).!?]"
    r"|(?:https?://|www\.)[\w\-.]+\.[a-z]{2,}/[^\s,;)]*(?:\d{4,}|@)[^\s,;)]*[^\s,;).!?]?)"
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}(?<!\.)")
_ACCOUNT_CONTEXT = re.compile(
    r"(?i)\b(?:snapchat|snap|insta|instagram|tiktok|telegram|facebook|fb|twitter|"
    r"signal|whatsapp|skype|onlyfans|discord|wechat|weixin|viber|threema|kik|vk|vkontakte|airbnb)"
    r"(?:[\s-]*(?:naam|account|id|profiel|handle|username|gebruikersnaam)\s*(?::|=|is|heet|als)?|\s*(?::|=|is|heet|als))"
    r"(?:\s+(?:hij|zij|ze|het))?\s*"
    r"(?!(?:hij|zij|ze|het|een|de|van|met|op|in|is|was|niet|geen|heeft|had|wordt|werd|gemaakt|verwijderd|"
    r"aangemaakt|gehackt|geblokkeerd|and|of|the|has|was|is|en|maar|want|dus|ook|nog|al)\b)(@?[\w.\-]{2,40})"
)

# "profielnaam is kitty_love", "username: sweet.anna": the name of an account.
_ACCOUNT_NAME = re.compile(
    r"(?i)\b(?:(?:profiel|gebruikers|account|user|online|advertentie)naam|user\s?name|handle|screen\s?name)"
    r"\s*(?::|=|is|was)\s*(@?[\w.\-]{2,40}[\w])"
)

# E-mail addresses written to dodge spam filters: "ana.pop(at)gmail.com",
# "ana dot pop at yahoo dot com", "ana [at] mail [dot] ro".
_EMAIL_DOT = r"\s*(?:\.|\(dot\)|\[dot\]|\s(?:dot|punt)\s)\s*"
_EMAIL_TLD = r"(?:com|nl|be|de|ro|pl|bg|hu|lt|lv|sk|cz|ua|ru|md|al|tr|fr|es|it|pt|uk|eu|net|org|info|biz|co)\b"
_OBFUSCATED_EMAIL = re.compile(
    r"(?i)(?<![\w.])[\w.+\-]+(?:\s+(?:dot|punt)\s+[\w\-]+)*"
    r"(?:\s*(?:\(at\)|\[at\]|\{at\})\s*[\w\-]+(?:" + _EMAIL_DOT + r"[\w\-]+)*"
    # a bare " at " only before a mail provider: "works at Booking.com" stays
    r"|\s(?:at|apenstaartje)\s(?:gmail|googlemail|yahoo|hotmail|outlook|live|icloud|me|mail|protonmail|proton|gmx|"
    r"web|wp|onet|o2|interia|abv|yandex|ziggo|kpn|kpnmail|planet|home|telenet|skynet|libero|orange|freemail)(?:"
    + _EMAIL_DOT + r"[\w\-]+)*)"
    + _EMAIL_DOT + _EMAIL_TLD
)
# Romanian identity cards: "seria RX nr 123456".
_ROMANIAN_ID = re.compile(r"(?i:\bseria\s+)([A-Z]{2}\s*(?:nr\.?|num[aă]r(?:ul)?)?\s*\d{6})(?!\d)")

# Names announced by context, which deduce cannot know: "heet Darius", "alias Rocky".
_NAME_CONTEXT = re.compile(
    r"(?:\b(?:[Hh]eet|[Gg]enaamd|[Nn]oemt (?:zich|hem|haar)|[Bb]ijnaam|[Rr]oepnaam|[Aa]lias|"
    r"[Nn]aam is|[Nn]aam:|[Ff]amilie|[Ff]am\.)\s*:?\s+)"
    r"((?:[A-Z][\w'’\-]+)(?:\s+(?:(?:van|de|der|den|el|al|ben|bin|da|di|le|la|ter|ten|op|'t)\s+)*[A-Z][\w'’\-]+){0,3}"
    r"(?:\s+[A-Z]\.?(?![\w]))?)"  # "Naam: MUNTEANU S": an initial after the surname
)
# As police and payroll systems write them: "VAN 'T HOF, J.M.", "POPESCU, I."
_CAPS_SURNAME_INITIALS = re.compile(
    r"(?<![\w])(?:(?:VAN|DE|DER|DEN|TER|TEN|'T|EL|AL)\s+)*[A-Z][A-Z'’\-]{2,}(?:\s+[A-Z][A-Z'’\-]{2,})?,\s*(?:[A-Z]\.){1,4}"
)

# As class lists and patient stickers write them: "Osagie, J.", "el Amrani, Y.", "van Dijk, A.B.".
_SURNAME_INITIALS = re.compile(
    r"(?<![\w.])((?:(?:van|de|der|den|ter|ten|'t|el|al|bin|ben|da|dos)\s+)*"
    r"(?:(?:el|al)-)?[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?),\s?(?:[A-Z]\.){1,4}(?![\w])"
)


def _surname_tag(surname: str) -> Optional[str]:
    """NAME for a surname a pattern found, unless the word is a municipality or an organisation."""
    return None if _is_municipality(surname) or _is_protected_word(surname) else NAME


def _surname_initials_tag(match_text: str) -> Optional[str]:
    return _surname_tag(match_text.split(",")[0].split()[-1])


# One initial before a surname, also a surname that is a word or a place: "M. Hoek", "J. de Vries".
_INITIAL_SURNAME = re.compile(
    r"(?<![\w.])[A-Z]\.\s?((?:(?:van|de|der|den|ter|ten|'t|el|al)\s+)*[A-ZÀ-Þ][a-zà-ÿ'’]{2,}(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?)(?![\w])"
)


# "N. Brabant", "Z. Holland": a province shortened, not an initial and a surname.
_PROVINCE_WORDS = frozenset("brabant holland limburg zeeland friesland fryslân groningen drenthe overijssel "
                            "gelderland utrecht flevoland".split())


def _initial_surname_tag(match_text: str) -> Optional[str]:
    surname = re.sub(r"^[A-Z]\.\s?", "", match_text).split()[-1]
    return None if surname.lower() in _PROVINCE_WORDS else _surname_tag(surname)


# A surname with "Van" opening a sentence: "Van der Linden belde net terug", "Van Dijk zegt".
_VAN_SURNAME = re.compile(
    r"(?:^|(?<=[.!?:;]\s)|(?<=\n))(Van(?:\s+(?:der|den|de|'t))?\s+[A-ZÀ-Þ][a-zà-ÿ'’]{2,}(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?)(?![\w])"
)


def _van_surname_tag(match_text: str) -> Optional[str]:
    return _surname_tag(match_text.split()[-1])


# A person written as the initial of the surname, as case-meeting minutes do: after a title or a
# person word ("mevr. K.", "casus M.", "dochter L."), after a particle ("Van der L.", "de J.") or before
# what only a person does here ("L. zat op", "A. (= ...)", "L. (17)"). Not "van A. tot Z.", not
# "bijlage B." or "plan B.", and not "T. 06-..." (a phone label).
_PERSON_WORD = (r"casus|cli[eë]nte?|mevr|mw|mevrouw|dhr|hr|heer|meneer|fam|familie|man|vrouw|moeder|vader|zoon|"
                r"dochter|broer|zus|partner|vriend|vriendje|vriendin|oom|tante|neef|nicht|betrokkene|slachtoffer|"
                r"jongen|meisje|kind|verdachte|pleger")
_PARTICLE_OF_INITIAL = r"(?:(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|'t)\s+){0,2}"
_CUE_INITIAL = re.compile(
    rf"(?<![\w])(?i:{_PERSON_WORD})\.?\s+({_PARTICLE_OF_INITIAL}[A-Z]\.)(?![\w.])"
)
_PARTICLE_INITIAL = re.compile(
    r"(?<![\w.])((?:[Vv]an(?:\s+(?:der|den|de|'t))?|[Dd]e|[Tt]er|[Tt]en)\s+[A-Z]\.)(?![\w.])(?!\s*(?:tot|t/m|-)\s)"
)
_SLASH_INITIALS = re.compile(r"(?<![\w.])[A-Z]\.(?:\s*/\s*[A-Z]\.)+(?![\w.])")  # "casus B. / A."
_BARE_INITIAL = re.compile(
    r"(?<![\w.])([A-Z]\.)(?=\s+(?!(?:tot|t/m|van)\b)(?:\((?:=|\d{1,2}\b)|[a-zà-ÿ]{2,}\b(?![@.\d])))"
)
_NOT_BEFORE_INITIAL = re.compile(
    r"(?i:\b(?:bijlage|plan|punt|route|type|groep|klas|fase|vitamine|categorie|niveau|optie|scenario|variant|"
    r"model|blok|gebouw|hal|vak|zone|sector|kamer|unit|deel|stap|lijst|paragraaf|artikel|hoofdstuk|bijl|versie|"
    r"rijbewijs|kolom|rij|vleugel|afdeling|ingang|trap|zaal|lokaal|toets|stadium|vorm))\s*$"
)


def _bare_initials(text: str) -> list[tuple[int, int]]:
    return [m.span(1) for m in _BARE_INITIAL.finditer(text)
            if not _NOT_BEFORE_INITIAL.search(text[max(0, m.start() - 30):m.start()])]


# A colleague's initials in minutes and chats: with a particle they are unmistakable ("JdV", "PvdB",
# "HdG", "EvS", "RvdM"); in capitals only where minutes put a person: "@MK", "MK (AVIM)", "- MK: ...",
# "actie HdG:", and never an organisation or an abbreviation ("COA (Ter Apel)", "NB:", "BSN:").
_PARTICLE_INITIALS = re.compile(r"(?<![\w@])@?[A-Z](?:v|d|vd|vdr|t|'t)[A-Z](?![\w])")
def _particle_initials_tag(match_text: str) -> Optional[str]:
    """ "JvdB" is Jan van den Berg; "RvdK" is the Raad voor de Kinderbescherming."""
    return None if match_text.lstrip("@").lower() in _PROTECTED_WORDS else NAME


_CAPS_INITIALS = re.compile(
    r"(?<![\w@]@)(?<=@)[A-Z]{2,3}(?![\w])"
    r"|(?<![\w@])[A-Z]{2,3}(?=\s*\((?!\d)[^()\n]{2,30}\))"
    r"|(?:^|(?<=\n)|(?<=[-•*]\s)|(?<=\bactie\s))[A-Z]{2,3}(?=\s*:)"
)
_NOT_CAPS_INITIALS = frozenset(
    "BSN KVK BVH APV VOG WSNP MSNP BKR CJIB DUO ZZP BV NV VOF CAO AOW WW WIA WMO AZC IND COA NLA GGD UWV SVB "
    "RIEC AVIM OM KMAR ESSM VT ZVH HEIT SHOP AF TBS GGZ PV ID NL EU VS UK USA SMS APP PDF TIP NB PS AUB ZSM "
    "IVM DWZ MBT MIV BTW KVT PDL HR ICT WOZ BRP BAG KCC RMC MBO HBO VMBO HAVO VWO ROC".split()
)


# "aanwezig: JdV, MK, TB (RIEC)": in an attendance line every pair or trio of capitals is a person.
_ATTENDANCE = re.compile(r"(?i:\b(?:aanwezig|afwezig|notulen|notulist|voorzitter|present|attendees)\b)[^\n]*")
_CAPS_TOKEN = re.compile(r"(?<![\w@])[A-Z]{2,3}(?![\w])")


def _attendee_initials(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for line in _ATTENDANCE.finditer(text)
            for m in _CAPS_TOKEN.finditer(text, line.start(), line.end()) if _caps_initials_tag(m.group(0))]


def _caps_initials_tag(match_text: str) -> Optional[str]:
    letters = match_text.lstrip("@")
    if letters in _NOT_CAPS_INITIALS or letters in _NOT_INITIALS or _is_protected_word(letters):
        return None
    return NAME


# An internal phone extension: "toestel 4471", "tst. 212", "ext 3301".
_EXTENSION = re.compile(r"(?i:\b(?:toestel(?:nummer)?|tst\.?|ext\.?|extension|doorkiesnummer|doorkies)\s*(?:nr\.?|nummer)?\s*:?\s*)(\d{3,5})(?!\d)")

# The shape of a screen name without a word before it: "LindaRelax88" (capitals inside a word and
# digits at the end), "thaisweetcandy69" (a long lower-case run and digits).
_HANDLE_SHAPE = re.compile(
    r"(?<![\w@.\-])(?:[A-Za-z]*[a-z][A-Z][A-Za-z]*|[a-z]{8,})\d{2,4}(?![\w\-])"
)

# Without ":" or "is": "snap anapop99", "insta lisa_xx" (a handle has a
# digit, an underscore or a dot, so "snap het niet" stays).
_ACCOUNT_BARE = re.compile(
    r"(?i)\b(?:snapchat|snap|insta|instagram|tiktok|telegram|facebook|fb|twitter|onlyfans|discord|kik|"
    r"user\s?name|gebruikersnaam|profielnaam|accountnaam)\s+"
    r"(@?(?=[\w.\-]*[\d_.][\w])[A-Za-z][\w.\-]{2,39}(?<![.\-]))"
)

_UNCASED = "\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\u0900-\u097F\u0E00-\u0E7F\u1200-\u139F\u2D80-\u2DDF" \
    "\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF\uFB50-\uFDFF\uFE70-\uFEFF"
_OTHER_SCRIPT = re.compile(rf"[{_UNCASED}]+(?:[\s\u060C\u061F.,:;'\"\-]+[{_UNCASED}]+)*")

# Digits told in words, as a caller spells a number: "nul zes vijf twee twee een acht drie nul vier".
_DIGIT_WORD = r"(?:nul|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_PHONE_IN_WORDS = re.compile(rf"(?i)(?<![\w]){_DIGIT_WORD}(?:[\s,\-]+{_DIGIT_WORD}){{7,}}(?![\w])")
# A date of birth in words: "negen oktober tweeduizend acht", "eenentwintig mei negentienhonderd negentig".
_UNIT_WORD = r"(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)"
_DAY_WORD = (rf"(?:(?:{_UNIT_WORD}en)?twintig|dertig|eenendertig|tien|elf|twaalf|dertien|veertien|vijftien|zestien|"
             rf"zeventien|achttien|negentien|{_UNIT_WORD})")
_DATE_IN_WORDS = re.compile(
    rf"(?i)(?<![\w]){_DAY_WORD}\s+(?:{_MONTHS})\s+(?:tweeduizend|negentienhonderd)(?:\s*(?:en\s+)?[a-z]+)?(?![\w])"
    # the day in words, the year in digits: "vierentwintig juli 1998"
    rf"|(?<![\w]){_DAY_WORD}\s+(?:{_MONTHS})\.?\s+(?:19|20)\d{{2}}(?![\w])"
)
# Dates as other countries' papers write them: Vietnamese "ngày 12 tháng 3 năm 1995", a passport's two
# languages "12 MAY/MAI 87", a Thai month between the numbers "14 ก.พ. 2536" (f26).
_DATE_ABROAD = re.compile(
    r"(?i:\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\b)"
    r"|(?<![\w])\d{1,2}\s+[A-Z]{3}/[A-Z]{3,4}\s+\d{2,4}(?![\w])"
    r"|(?<![\w])\d{1,2}\s+[\u0E00-\u0E7F][\u0E00-\u0E7F.]*\s+\d{4}(?![\w])"
)

# Priority of a name that context announces ("zij heet Sofia", "M. Hoek", "MK (AVIM)"): kept even
# where the same word is a place.
_CONTEXT_PRIORITY = 13

_RULES: tuple[_Rule, ...] = (
    _Rule(OTHER_SCRIPT, _OTHER_SCRIPT, 95),
    _Rule(DATE, _DATE_CJK, 96),
    _Rule(PHONE, _PHONE_IN_WORDS, 66),
    _Rule(DATE, _DATE_IN_WORDS, 56),
    _Rule(DATE, _DATE_ABROAD, 97),
    _Rule(EMAIL, _EMAIL, 90),
    _Rule(EMAIL, _OBFUSCATED_EMAIL, 89),
    _Rule(DOCUMENT, _ROMANIAN_ID, 46, group=1),
    _Rule(ACCOUNT, _SOCIAL_URL, 85),
    _Rule(ACCOUNT, _AD_URL, 84),
    _Rule(IBAN, _IBAN, 80),
    _Rule(PHONE, _NL_PHONE, 70),
    _Rule(PHONE, _FOREIGN_PHONE, 65),
    _Rule(PHONE, _LOCAL_PHONE, 68),
    _Rule(BSN, _BSN_LABELLED, 75, group=1),
    _Rule(PLATE, _PLATE, 60),
    _Rule(PLATE, _PLATE_SPACED, 60),
    # Above postcodes: "CA 1234 AB" holds the shape of "1234 AB".
    _Rule(PLATE, _FOREIGN_PLATE, 63, check=_foreign_plate_tag),
    _Rule(PLATE, _BELGIAN_PLATE, 60),
    _Rule(PLATE, _FOREIGN_PLATE_DIGITS, 60, check=_foreign_plate_tag),
    _Rule(PLATE, _PLATE_CONTEXT, 64, group=1, check=_context_plate_tag),
    _Rule(ADDRESS, _FOREIGN_ADDRESS, 41),
    _Rule(POSTCODE, _FOREIGN_POSTCODE, 41),
    _Rule(NAME, _INITIALS, 14, check=_initials_tag),
    _Rule(DATE, _DATE_WORDS, 55),
    _Rule(DATE, _DATE_NUMERIC, 55),
    _Rule(DATE, _BIRTH_CONTEXT, 55, group=1),
    _Rule(DATE, _BIRTH_MONTH_YEAR, 55, group=1),
    _Rule(BSN, _NINE_DIGITS, 50, check=_nine_digit_tag),
    # Above plates: "6411AB" is also the shape of an old sidecode-2 plate.
    _Rule(POSTCODE, _POSTCODE, 62),
    _Rule(POSTCODE, _LOWER_POSTCODE, 42),
    _Rule(ADDRESS, _STREET_WITH_NUMBER, 40),
    _Rule(ADDRESS, _BARE_STREET, 35),
    _Rule(ADDRESS, _COMPOUND_STREET, 35),
    _Rule(ADDRESS, _LOWER_BARE_STREET, 35, group=1),
    _Rule(DOCUMENT, _DOCUMENT_NUMBER, 30),
    _Rule(DOCUMENT, _DOCUMENT_CONTEXT, 45, group=1, check=_document_tag),
    _Rule(ADDRESS, _POSTBUS, 40),
    _Rule(ADDRESS, _LOWER_STREET_WITH_NUMBER, 40),
    _Rule(NUMBER, _LONG_NUMBER, 25),
    _Rule(NUMBER, _PREFIXED_CODE, 26, check=_prefixed_code_tag),
    _Rule(NUMBER, _SHORT_CODE, 27),
    _Rule(ACCOUNT, _ACCOUNT_CONTEXT, 20, group=1),
    _Rule(ACCOUNT, _ACCOUNT_BARE, 20, group=1),
    _Rule(ACCOUNT, _ACCOUNT_NAME, 20, group=1),
    _Rule(ACCOUNT, _HANDLE, 20),
    _Rule(NAME, _NAME_CONTEXT, 15, group=1),
    _Rule(NAME, _VIETNAMESE_NAME, 15),
    _Rule(NAME, _CHINESE_NAME, 15),
    _Rule(NAME, _CAPS_SURNAME_INITIALS, 16),
    _Rule(NAME, _SURNAME_INITIALS, 16, check=_surname_initials_tag),
    _Rule(NAME, _INITIAL_SURNAME, _CONTEXT_PRIORITY, check=_initial_surname_tag),
    _Rule(NAME, _VAN_SURNAME, _CONTEXT_PRIORITY, group=1, check=_van_surname_tag),
    _Rule(PHONE, _EXTENSION, 65, group=1),
    _Rule(NAME, _PARTICLE_INITIALS, _CONTEXT_PRIORITY, check=_particle_initials_tag),
    _Rule(NAME, _CAPS_INITIALS, _CONTEXT_PRIORITY, check=_caps_initials_tag),
    _Rule(NAME, _CUE_INITIAL, _CONTEXT_PRIORITY, group=1),
    _Rule(NAME, _PARTICLE_INITIAL, _CONTEXT_PRIORITY, group=1),
    _Rule(NAME, _SLASH_INITIALS, _CONTEXT_PRIORITY),
    _Rule(ACCOUNT, _HANDLE_SHAPE, 19),
)

# Words deduce may take for names but which the officer must keep reading:
# organisations and route words from the route maps.
_PROTECTED_WORDS = frozenset(
    w.lower()
    for w in (
        "NLA", "AVIM", "Veilig", "Thuis", "SHOP", "ESSM", "RIEC", "COA", "IND",
        "CoMensha", "FairWork", "GGD", "Leger", "Heils", "KMar", "Marechaussee",
        "Politie", "Arbeidsinspectie", "Zorg", "Veiligheidshuis", "ZVH", "HEIT",
        "Wegwijzer", "Mensenhandel", "OM", "Meldpunt", "Centrum", "Sociaal",
        "Wijkteam", "Jeugdzorg", "Leerplicht", "Fier", "Humanitas", "Scharlaken",
        "Koord", "Pretty", "Woman", "Stichting", "Wmo", "Burgerzaken", "Loods",
        "Massagesalon", "Nagelstudio", "Paspoort", "Paspoorten", "Uitzendbureau",
        "Nederlandse", "Nationale", "Rapporteur", "Gemeente", "Inspectie",
        "Meld", "Misdaad", "Anoniem", "Slachtofferhulp", "Vluchtelingenwerk", "Nidos", "UWV", "SVB",
        "Belastingdienst", "Kinderbescherming", "Jeugdbescherming", "Raad", "Rode", "Kruis", "Huis",
        "Kamer", "Koophandel", "KvK", "Marechaussee", "Europol", "Interpol", "Wijkagent", "Sociale",
        "Verzekeringsbank", "GGZ", "Reclassering", "Toezicht", "Gemeentelijke",
        # municipal departments and the justice chain
        "Werk", "Inkomen", "Welzijn", "Participatie", "Handhaving", "Dienst", "Officier", "Justitie",
        "Openbaar", "Ministerie", "Vreemdelingenpolitie", "Skaeve", "Huse", "Schuldhulpverlening",
        "ISO", "NEN",
        # bodies, housing corporations, utilities and telecoms that debts, tenancies and payslips name
        "CJIB", "DUO", "SVB", "Buurtzorg", "Woonbron", "Lefier", "WonenBreburg", "Ymere", "Vestia", "Havensteder",
        "Staedion", "Portaal", "Mitros", "Woonstad", "Stadgenoot", "Rochdale", "Vidomes", "Parteon", "Woonwaard",
        "Acantus", "Nijestee", "Tiwos", "Woonpunt", "Wooncorporatie", "Woningcorporatie", "Woningstichting",
        "Woonstichting", "Vattenfall", "Eneco", "Essent", "Ziggo", "KPN", "Odido", "Vodafone", "Lebara", "Lycamobile",
        "Simyo", "Youfone", "Kredietbank", "Plangroep", "Intrum", "Flanderijn", "Bouw", "Woningtoezicht",
        # the port, the seafarers' welfare and the youth-justice chain
        "ITF", "Zeehavenpolitie", "Havenbedrijf", "Havendienst", "RvdK", "RvIG", "RBL", "Halt", "ISS",
    )
) | deid_kinds.CHAINS
# Organisations named in two or more words, one of which is a first name or surname ("Stella Maris",
# the seafarers' mission; "Smit Salvage"): a name found inside one is the organisation's.
_ORGANISATION_NAMES = re.compile(
    r"(?<![\w])(?:Stella Maris|Smit Salvage|Damen Shipyards|Tata Steel|Stena Line|Albert Heijn|Leger des Heils|"
    r"Rode Kruis|Rijksdienst voor Identiteitsgegevens|Raad voor de Kinderbescherming|Meld Misdaad Anoniem)(?![\w])"
)
_FUNCTION_WORDS = frozenset({"de", "het", "een", "van", "der", "den", "des", "en", "op", "in", "'s"})
# Colloquial place names that deduce's place list does not hold.
_PLACE_ALIASES = frozenset({"den bosch", "'s-hertogenbosch", "'s-gravenhage", "den helder"})

_DEDUCE_TAGS = {"persoon": NAME, "patient": NAME, "locatie": ADDRESS}


def _normalise_number(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    if digits.startswith("0031"):
        return "0" + digits[4:]
    if number.lstrip().startswith("+31"):
        return "0" + digits[2:]
    return digits


def _published_numbers() -> frozenset[str]:
    """Organisations' phone numbers, which the officer must keep reading.

    The route maps (``routekaarten/*.yml``) are the source: every number in
    them belongs to an organisation (NLA, AVIM, SHOP, ESSM, Veilig Thuis ...).
    Emergency and nationwide help lines are added here; 0800/0900 numbers are
    always organisations (see :func:`_is_published`).
    """
    numbers = {"112", "116000", "116111", "116123", "0882080000", "0334481186"}
    for path in sorted((_PROJECT_ROOT / "routekaarten").glob("*.yml")):
        try:
            content = path.read_text(encoding="utf-8")
        except OSError:
            continue
        for match in _NUMBER_RUN.finditer(content):
            digits = _normalise_number(match.group(0))
            if 9 <= len(digits) <= 11 and digits.startswith("0"):
                numbers.add(digits)
    return frozenset(numbers)


# A run of digits with the separators people type between them.
_NUMBER_RUN = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d(?:[\s.\-/()]{0,3}\d)*")
_PUBLISHED_NUMBERS = _published_numbers()


def _is_published(number: str) -> bool:
    digits = _normalise_number(number)
    if _DATE_NUMERIC.fullmatch(number.strip()):
        return False  # "09/09/2001", "09-06-1990": a date, though its digits begin like a 0909 or 0906 line
    return digits in _PUBLISHED_NUMBERS or (
        digits[:4] in ("0800", "0900", "0906", "0909") and 7 <= len(digits) <= 11
    )


def _published_ranges(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _NUMBER_RUN.finditer(text) if _is_published(m.group(0))]


def _pattern_spans(text: str, handles: bool = True) -> list[_Span]:
    spans = _raw_pattern_spans(text, handles)
    published = _published_ranges(text)
    if not published:
        return spans
    kept = []
    for span in spans:
        if span.priority == _KINDS_PRIORITY and span.tag == ADDRESS:
            kept.append(span)  # a room or pitch "112" is a place, not the emergency number
        elif span.priority == _KINDS_PRIORITY:
            # "NLA 0800-5151" has a case number's shape around an organisation's number
            if not any(start < span.end and span.start < end for start, end in published):
                kept.append(span)
        elif not any(start <= span.start and span.end <= end for start, end in published):
            kept.append(span)
    return kept


# Spans from bot.deid_kinds: announced by their own word, so no place or published number.
_KINDS_PRIORITY = 33


# A screen name with a dot or underscore and no "@", near a word that says a profile is meant
# ("volgt nrb.moneyteam", "noemt zichzelf kev.drillz online", "insta van haar: zakkie.arnhem").
_HANDLE_WITH_DOT = re.compile(r"(?<![\w@./\-])[a-z][a-z0-9]*(?:[._][a-z0-9]{2,})+(?![\w@/\-]|\.[a-z])")
_PROFILE_WORD = re.compile(
    r"(?i:\b(?:insta|instagram|snap|snapchat|tiktok|telegram|facebook|fb|twitter|discord|kik|volgt|volgen|followt|"
    r"follower|account|accounts|profiel|profielen|handle|noemt\s+(?:zich|zichzelf|hem|haar)|online|dm|dm'?t|story)\b)"
)


def _handles_near_profile_words(text: str) -> Iterator[tuple[int, int]]:
    for match in _HANDLE_WITH_DOT.finditer(text):
        word = match.group()
        if len(word) < 6 or max(len(p) for p in re.split(r"[._]", word)) < 4:
            continue
        before = text[max(0, match.start() - 80) : match.start()]
        after = text[match.end() : match.end() + 30]
        if _PROFILE_WORD.search(before) or _PROFILE_WORD.search(after):
            yield match.start(), match.end()


def _raw_pattern_spans(text: str, handles: bool = True) -> list[_Span]:
    spans = []
    for rule in _RULES:
        for match in rule.pattern.finditer(text):
            start, end = match.span(rule.group)
            if start == end:
                continue
            tag = rule.tag
            if rule.check is not None:
                tag = rule.check(match.group(rule.group))
                if tag is None:
                    continue
            spans.append(_Span(start, end, tag, rule.priority))
    spans.extend(_Span(start, end, NAME, _CONTEXT_PRIORITY) for start, end in _attendee_initials(text))
    spans.extend(_Span(start, end, NAME, _CONTEXT_PRIORITY) for start, end in _bare_initials(text))
    spans.extend(_Span(start, end, PLATE, 64) for start, end in _spoken_plates(text))
    if handles:
        spans.extend(_Span(start, end, ACCOUNT, 20) for start, end in _handles_near_profile_words(text))
    # Staff numbers, rooms, pitches, farms, VINs, other agencies' case numbers.
    spans.extend(_Span(start, end, tag, _KINDS_PRIORITY)
                 for start, end, tag in deid_kinds.spans(text, _is_known_place, _is_plain_word, handles))
    # "Hauptstraße 5, 10115 Berlin": the postcode after a street and number.
    for span in [s for s in spans if s.tag == ADDRESS]:
        match = _POSTCODE_AFTER_ADDRESS.match(text, span.end)
        if match:
            spans.append(_Span(match.start(1), match.end(1), POSTCODE, 41))
    return spans


def _merge(spans: list[_Span]) -> list[_Span]:
    """Union of overlapping spans; the merged span keeps the strongest tag."""
    merged: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            best = last if last.priority >= span.priority else span
            merged[-1] = _Span(last.start, max(last.end, span.end), best.tag, best.priority)
        else:
            merged.append(span)
    return merged


def _apply(text: str, spans: list[_Span], tagged: bool = True) -> str:
    """`text` with each (merged) span replaced by its tag, or left out when not `tagged`."""
    parts = []
    position = 0
    for span in _merge(spans):
        parts.append(text[position : span.start])
        if tagged:
            parts.append(f"[{span.tag}]")
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


def redact_patterns(text: str) -> str:
    """Mask identifiers that regular expressions can find (no names).

    Cheap and always available; see :func:`redact` for the full de-identification.
    """
    return _apply(text, _pattern_spans(text, handles=False))


def without_identifiers(text: str) -> str:
    """`text` with the identifiers of :func:`redact_patterns` left out, not tagged.

    The input of the learned reading (``bot.learned``): a phone number, an address or a
    date of birth tells nothing about danger, and a sentence vector moves with it (a calm
    "baas ... 06-12345678 ... woont Kerkstraat 12" read as acute). Left out rather than
    tagged, so that no tag the writers never typed reaches the encoder.
    """
    spans = _pattern_spans(text, handles=False)
    return _GAP.sub(" ", _apply(text, spans, tagged=False)).strip() if spans else text


_GAP = re.compile(r"[ \t]{2,}")


# --- the deduce layer ------------------------------------------------------

# Deduce 3.0.4's wheel lacks its base_config.json (vmenger/deduce#151), and
# 3.0.6, which has it, needs regex>=2024 while Rasa 3.6 pins regex<2022.11.
# So we pass our own configuration: the name and street annotators of deduce's
# base config. Its date, phone, e-mail, BSN, age, place name and institution
# annotators are left out on purpose: our regex layer covers the first ones,
# and ages, places and institutions are kept for the officer (module docstring).
_NAME_LIKE = {"and": [{"like_name": True}, {"neg_lookup": "whitelist"}, {"neg_lookup": "prefix"}]}
_NAME_TAGS = ["initiaal", "naam", "voornaam", "achternaam", "voornaam_patient", "achternaam_patient"]


def _token_pattern(tag: str, pattern: list, skip: list) -> dict:
    return {
        "annotator_type": "deduce.annotator.TokenPatternAnnotator",
        "group": "names",
        "args": {"tag": tag, "skip": skip, "pattern": pattern},
    }


def _lookup(group: str, tag: str, lookup: str, **extra: Any) -> dict:
    return {
        "annotator_type": "docdeid.process.MultiTokenLookupAnnotator",
        "group": group,
        "args": {"tag": tag, "overlapping": True, "lookup_values": lookup, **extra},
    }


def _context(name: str, direction: str, pre_tag: list, tag: str, skip: list, pattern: list) -> dict:
    return {"name": name, "direction": direction, "pre_tag": pre_tag, "tag": tag, "skip": skip, "pattern": pattern}


_INITIAL = {"or": [{"lookup": "initial"}, {"is_initials": True}]}

DEDUCE_CONFIG: dict = {
    # Deduce's own slack also joins across ". ", which glues two names in two
    # sentences into one tag and eats the full stop.
    "adjacent_annotations_slack": r"[ \-]?",
    "resolve_overlap_strategy": {"attributes": ["priority", "length"], "ascending": [False, False]},
    "redactor_open_char": "[",
    "redactor_close_char": "]",
    "annotators": {
        "prefix_with_initial": _token_pattern(
            "prefix+initiaal", [{"lookup": "prefix"}, _INITIAL], ["."]
        ),
        "prefix_with_interfix": _token_pattern(
            "prefix+interfix+naam",
            [{"lookup": "prefix"}, {"lookup": "interfix"}, {"like_name": True}],
            ["."],
        ),
        "prefix_with_name": _token_pattern(
            "prefix+naam",
            [{"lookup": "prefix"}, {"and": [{"like_name": True}, {"neg_lookup": "whitelist"}]}],
            ["."],
        ),
        "interfix_with_name": _token_pattern(
            "interfix+achternaam",
            [{"lookup": "interfix"}, {"and": [{"lookup": "interfix_surname"}, {"neg_lookup": "whitelist"}]}],
            [],
        ),
        "initial_with_name": _token_pattern(
            "initiaal+naam", [{"lookup": "initial"}, _NAME_LIKE], ["."]
        ),
        "initial_interfix": _token_pattern(
            "initiaal+interfix+naam",
            [{"lookup": "initial"}, {"lookup": "interfix"}, {"like_name": True}],
            ["."],
        ),
        "first_name_lookup": _lookup("names", "voornaam", "first_name"),
        "surname_lookup": _lookup("names", "achternaam", "surname"),
        "name_context": {
            "annotator_type": "deduce.annotator.ContextAnnotator",
            "group": "names",
            "args": {
                "iterative": True,
                "pattern": [
                    _context("interfix_right", "right", _NAME_TAGS, "{tag}+interfix+achternaam",
                             [".", "-"], [{"lookup": "interfix"}, {"like_name": True}]),
                    _context("initial_left", "left", _NAME_TAGS + ["interfix"], "initiaal+{tag}",
                             ["."], [{"lookup": "initial"}]),
                    _context("naam_left", "left", _NAME_TAGS[1:], "naam+{tag}", ["-"], [_NAME_LIKE]),
                    _context("naam_right", "right", ["prefix"] + _NAME_TAGS + ["interfix"], "{tag}+naam",
                             ["-"], [_NAME_LIKE]),
                    _context("prefix_left", "left", ["prefix"] + _NAME_TAGS + ["interfix"], "prefix+{tag}",
                             ["."], [{"and": [{"lookup": "prefix"}]}]),
                ],
            },
        },
        "eponymous_disease": _lookup("names", "pseudo_name", "eponymous_disease"),
        "street_pattern": {
            "annotator_type": "deduce.annotator.TokenPatternAnnotator",
            "group": "locations",
            "args": {
                "pattern": [{"re_match": "[A-Z][a-z]+(" + "|".join(_STREET_WORDS) + ")$"}],
                "tag": "straat",
                "priority": 1,
            },
        },
        "street_lookup": _lookup("locations", "straat", "street", priority=1),
        "housenumber": {
            "annotator_type": "deduce.annotator.ContextAnnotator",
            "group": "locations",
            "args": {
                "iterative": True,
                "pattern": [
                    _context("housenumber_right", "right", ["straat"], "{tag}+huisnummer", [],
                             [{"re_match": r"\d{1,4}$"}]),
                    _context("housenumber_housenumberletter_right", "right", ["straat"],
                             "{tag}+huisnummer+huisnummerletter", [], [{"re_match": r"\d{1,4}[a-zA-Z]$"}]),
                    _context("housenumberletter_right", "right", ["huisnummer"], "{tag}+huisnummerletter",
                             [], [{"re_match": "[a-zA-Z]$"}]),
                ],
            },
        },
    },
}


def cache_dir() -> Path:
    """Where deduce's pickled lookup structures live (created when missing)."""
    configured = os.environ.get(CACHE_DIR_ENV)
    path = Path(configured) if configured else _PROJECT_ROOT / "var" / "cache" / "deduce"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _import_deduce() -> Any:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import deduce  # noqa: PLC0415 - heavy, only when first needed

    # deduce calls logging.basicConfig(level=DEBUG) on import; undo it so the
    # host process keeps its own logging set-up and nothing is logged at DEBUG.
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return deduce


# Memory. Deduce's pickled lookup structures take ~1.1 GB once loaded. Two
# steps cut that (RSS measured with psutil, deduce 3.0.4, this project's
# config; `python -m bench.deid --memory` prints the figures again):
#
# 1. Lookups that none of our annotators or checks reads are dropped: the
#    hospital and healthcare-institution lists (the latter alone ~900,000 trie
#    nodes) and medical terms (already folded into the whitelist).
# 2. The remaining tries are compacted: every leaf (a terminal node without
#    children; 85 % of the street trie's 930,000 nodes) becomes one shared,
#    read-only node. The compact structures are pickled once, next to
#    deduce's own cache, and later processes load that file instead.
#
# Dropping and compacting in a process that loaded the full cache frees
# memory inside Python's heap but returns little to the OS (fragmentation);
# loading the compact file is what makes the difference for every later start.
# Measured (psutil RSS after warm-up, deduce + our name lexicon): full cache
# 1,168 MiB before this change; first process (full load, then compacted)
# ~650 MiB; every later process on the compact file ~335 MiB, loaded in ~2.5 s
# instead of ~10 s. The name lexicon itself adds ~35 MiB.
_UNUSED_LOOKUPS = ("hospital", "healthcare_institution", "hospital_abbr", "medical_term")
_COMPACT_CACHE = "signaalroute_lookup_structs.pickle"


def _free_unused_lookups(structs: Any) -> None:
    for name in _UNUSED_LOOKUPS:
        if name in structs:
            del structs[name]


def _share_leaves(structs: Any) -> None:
    """Replace every leaf of every trie by one shared leaf (per matching pipeline)."""
    shared: dict[int, Any] = {}
    for struct in structs.values():
        if not hasattr(struct, "children"):
            continue
        stack = [struct]
        while stack:
            node = stack.pop()
            for key, child in node.children.items():
                if not child.children and child.is_terminal:
                    node.children[key] = shared.setdefault(id(child.matching_pipeline), child)
                else:
                    stack.append(child)


def _trim_heap() -> None:
    gc.collect()
    try:  # give the freed heap back to the OS (glibc only)
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _build_deduce() -> Any:
    return _load_deduce()


def _compact_key(directory: Path, version: str) -> tuple:
    full = directory / "cache" / "lookup_structs.pickle"
    stat = full.stat()
    try:
        from importlib.metadata import version as package_version  # noqa: PLC0415

        docdeid = package_version("docdeid")
    except Exception:  # noqa: BLE001 - any doubt just means a rebuild
        docdeid = ""
    return (version, docdeid, stat.st_size, stat.st_mtime_ns, _UNUSED_LOOKUPS)


def _read_compact(directory: Path, version: str) -> Any:
    path = directory / "cache" / _COMPACT_CACHE
    try:
        key = _compact_key(directory, version)
        with open(path, "rb") as file:
            stored_key, structs = pickle.load(file)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        return None
    return structs if stored_key == key else None


def _write_compact(directory: Path, version: str, structs: Any) -> None:
    path = directory / "cache" / _COMPACT_CACHE
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as file:
            pickle.dump((_compact_key(directory, version), structs), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as error:  # a read-only cache still works, only slower and bigger
        logger.warning("Could not write the compact deduce cache: %s", error)
        temporary.unlink(missing_ok=True)


def _load_deduce() -> Any:
    deduce = _import_deduce()
    directory = cache_dir()
    version = getattr(deduce, "__version__", "")
    # Several processes (Rasa, action server, API) may start together; the
    # first builds the cache, the others wait and then read it.
    with open(directory / ".build.lock", "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            compact = _read_compact(directory, version)
            if compact is not None:
                return _deduce_with(deduce, directory, compact)
            engine = _load_full_deduce(deduce, directory)
            _free_unused_lookups(engine.lookup_structs)
            _share_leaves(engine.lookup_structs)
            _write_compact(directory, version, engine.lookup_structs)
            _trim_heap()
            return engine
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _deduce_with(deduce: Any, directory: Path, structs: Any) -> Any:
    """A Deduce instance on lookup structures we loaded ourselves."""
    import deduce.deduce as deduce_module  # noqa: PLC0415

    original = deduce_module.get_lookup_structs
    deduce_module.get_lookup_structs = lambda **_: structs
    try:
        return deduce.Deduce(load_base_config=False, config=DEDUCE_CONFIG, cache_path=directory)
    finally:
        deduce_module.get_lookup_structs = original


def _load_full_deduce(deduce: Any, directory: Path) -> Any:
    try:
        return deduce.Deduce(load_base_config=False, config=DEDUCE_CONFIG, cache_path=directory)
    except (EOFError, pickle.UnpicklingError, AttributeError, ImportError) as error:
        # A cache cut off by a crash, or pickled by another deduce version.
        logger.warning("Rebuilding the deduce cache after a load error: %s", type(error).__name__)
        return deduce.Deduce(
            load_base_config=False, config=DEDUCE_CONFIG, cache_path=directory, build_lookup_structs=True
        )


_lock = threading.Lock()
_warm_lock = threading.Lock()  # separate: _lock is held for the whole load
# docdeid does not promise thread safety for one Deduce instance; a redaction
# takes milliseconds, so serialising them costs nothing noticeable.
_run_lock = threading.Lock()
_deduce: Any = None
_warm_thread: Optional[threading.Thread] = None


_names: Optional[deid_names.Context] = None


def _get_deduce() -> Any:
    global _deduce, _names
    if _deduce is None:
        with _lock:
            if _deduce is None:
                engine = _build_deduce()
                _names = _names_context(engine)
                _deduce = engine
    return _deduce


def _names_context(engine: Any) -> deid_names.Context:
    structs = engine.lookup_structs
    lexicon = deid_names.build(
        first_names_extra=structs["first_name"].children.keys(),
        surnames=(name for name in structs["surname"].children if name[:1].isupper()),
        dutch_extra=[*structs["whitelist"].items(), *structs["common_word"].items(), *structs["stop_word"].items()],
    )
    placename = structs["placename"]
    municipalities = _municipality_names()

    def place_length(words: list[str]) -> int:
        for length in range(min(4, len(words)), 0, -1):
            if " ".join(words[:length]).lower().replace("-", " ").strip("' ") in municipalities:
                return length
        for variant in (words, [w.capitalize() if w.islower() else w for w in words]):
            match = placename.longest_matching_prefix(variant)
            if match:
                return len(match)
        two = " ".join(words[:2]).lower()
        if two in _PLACE_ALIASES:
            return 2
        return 0

    return deid_names.Context(lexicon=lexicon, is_place=place_length, is_protected=_is_protected_word)


def _municipality_names() -> frozenset[str]:
    """Municipalities and their aliases from the route maps ("Charlois", "Gorkum")."""
    import yaml  # noqa: PLC0415

    path = _PROJECT_ROOT / "routekaarten" / "gemeenten.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return frozenset()
    names = set()
    for municipality in data.get("municipalities", []):
        for name in [municipality.get("name", ""), *municipality.get("aliases", [])]:
            names.add(str(name).lower().replace("-", " ").strip("' "))
    return frozenset(n for n in names if n)


def _is_municipality(fragment: str) -> bool:
    return fragment.lower().replace("-", " ").strip("' ") in _municipalities()


def _place_lists() -> tuple[frozenset[str], frozenset[str]]:
    """Neighbourhoods and woonplaatsen from routekaarten/plaatsen.yml ("Spoorwijk", "Lierop")."""
    import yaml  # noqa: PLC0415

    try:
        data = yaml.safe_load((_PROJECT_ROOT / "routekaarten" / "plaatsen.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return frozenset(), frozenset()

    def names(section: str) -> frozenset[str]:
        return frozenset(str(n).lower().replace("-", " ").strip("' ")
                         for group in (data.get(section) or {}).values() for n in group or [])
    return names("wijken"), names("woonplaatsen")


_place_list_cache: Optional[tuple[frozenset[str], frozenset[str]]] = None


def _places() -> tuple[frozenset[str], frozenset[str]]:
    global _place_list_cache
    if _place_list_cache is None:
        _place_list_cache = _place_lists()
    return _place_list_cache


def _is_known_place(fragment: str) -> bool:
    """A municipality, a woonplaats or a neighbourhood: what a farm, business or pitch word may
    stand before without naming one ("Camping Ermelo", "camping Lierop plek 88")."""
    key = fragment.lower().replace("-", " ").strip("' ")
    neighbourhoods, towns = _places()
    return _is_municipality(fragment) or key in neighbourhoods or key in towns


def _is_neighbourhood(word: str) -> bool:
    """A neighbourhood that is no first name or surname too ("Spoorwijk" yes, "Heer" no)."""
    lowered = word.lower()
    if lowered not in _places()[0] or _names is None:
        return False
    return lowered not in _names.lexicon.first_names and lowered not in _names.lexicon.surnames


_municipality_cache: Optional[frozenset[str]] = None


def _municipalities() -> frozenset[str]:
    global _municipality_cache
    if _municipality_cache is None:
        _municipality_cache = _municipality_names()
    return _municipality_cache


def _is_protected_word(word: str) -> bool:
    return word.lower() in _PROTECTED_WORDS or word.lower() in deid_names.PRODUCTS or _is_neighbourhood(word) \
        or word.lower() in _town_parts()


_TOWN_PARTS: Optional[frozenset[str]] = None


def _town_parts() -> frozenset[str]:
    """Woonplaatsen the list names with their municipality ("Botlek Rotterdam", "Maasvlakte Rotterdam",
    "Pernis Rotterdam"), as people write them without it: "ligt in de Botlek". Not words or names;
    known once the name lexicon is loaded."""
    global _TOWN_PARTS
    if _TOWN_PARTS is None:
        if _names is None:
            return frozenset()
        parts = [t.split() for t in _places()[1]]
        _TOWN_PARTS = frozenset(
            p[0] for p in parts if len(p) == 2 and _is_municipality(p[1]) and not _is_dictionary_word(p[0])
            and p[0] not in _names.lexicon.first_names and p[0] not in _names.lexicon.surnames
        )
    return _TOWN_PARTS


def warm_up() -> threading.Thread:
    """Load deduce in a background thread (idempotent); returns that thread."""
    global _warm_thread
    with _warm_lock:
        if _warm_thread is None:
            _warm_thread = threading.Thread(target=_get_deduce, name="deduce-warm-up", daemon=True)
            _warm_thread.start()
        return _warm_thread


def is_ready() -> bool:
    """True once deduce is loaded, so :func:`redact` will not block on loading."""
    return _deduce is not None


def _protected(fragment: str) -> bool:
    """Only organisation and function words, e.g. "De Nederlandse Arbeidsinspectie"."""
    words = re.findall(r"[\w'’]+", fragment.lower())
    known = _PROTECTED_WORDS | deid_names.PRODUCTS
    return any(word in known for word in words) and all(word in known or word in _FUNCTION_WORDS for word in words)


# Latin letters with diacritics, so "Șerban" and "Cătălin" are words too.
_UPPER = "A-Z" + "".join(chr(c) for c in range(0xC0, 0x250) if chr(c).isupper())
_LOWER = "a-z" + "".join(chr(c) for c in range(0xDF, 0x250) if chr(c).islower())
_WORD = rf"[{_UPPER}][{_LOWER}'’]+(?:-[{_UPPER}][{_LOWER}'’]+)?"
_CAPITALISED_RUN = re.compile(
    rf"(?<![\w\-]){_WORD}(?:\s+(?:(?:van|de|der|den|el|al|ben|bin|da|di|le|la|ter|ten|von|dos|das|dela|del|delos)\s+)*"
    rf"{_WORD})+(?![\w\-])"
)
_CALENDAR_WORDS = frozenset(_MONTHS.split("|")) | {
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
}


def _is_known_word(engine: Any, word: str) -> bool:
    lowered = word.lower()
    return (
        lowered in _PROTECTED_WORDS
        or lowered in deid_names.PRODUCTS
        or lowered in _CALENDAR_WORDS
        or (  # an ordinary Dutch word that is no name ("Volgens Mihai")
            _names is not None
            and _names.lexicon.is_sure_dutch_word(lowered)
            and lowered not in _names.lexicon.first_names
            and lowered not in _names.lexicon.surnames
        )
        or (_names is not None and _names.lexicon.is_nationality_or_country(word, cities=False, suffixes=False))
        or lowered in engine.lookup_structs["whitelist"]
        or engine.lookup_structs["placename"].longest_matching_prefix([word]) is not None
    )


def _is_english_word(word: str) -> bool:
    lowered = word.lower()
    lexicon = _names.lexicon
    return lowered in lexicon.english and lowered not in lexicon.first_names and lowered not in lexicon.surnames


def _unknown_name_spans(engine: Any, text: str) -> list[_Span]:
    """Two or more capitalised words in a row that are no Dutch word or place.

    Deduce's name lists are Dutch; victims of trafficking often are not.
    "Ionut Popescu" or "Tesfaye Gebremedhin" are caught here.
    """
    spans = []
    english = _names is not None and _names.lexicon.is_english_text(text)
    for run in _CAPITALISED_RUN.finditer(text):
        unknown: list[re.Match] = []
        for word in [*re.finditer(_WORD, run.group(0)), None]:
            if word is not None and not _is_known_word(engine, word.group(0)) and not (
                english and _is_english_word(word.group(0))  # "the Salvation Army"
            ):
                unknown.append(word)
                continue
            if len(unknown) >= 2:
                start = run.start() + unknown[0].start()
                spans.append(_Span(start, run.start() + unknown[-1].end(), NAME, 12))
            unknown = []
    return spans


def _is_place(engine: Any, fragment: str) -> bool:
    words = fragment.split()
    return (
        fragment.lower() in _PLACE_ALIASES
        or engine.lookup_structs["placename"].longest_matching_prefix(words) == words
    )


# A full stop after a word (not after an initial or a title like "dhr.").
_SENTENCE_BREAK = re.compile(r"(?<=\w{4}\.)(?<!mevr\.)\s+(?=[A-ZÀ-Þ])")


def _without_protected_tail(piece: str) -> str:
    """"Bram van Humanitas" -> "Bram": deduce's name context runs on into an organisation."""
    words = list(re.finditer(r"[\w'’]+", piece))
    for index, word in enumerate(words):
        if word.group(0).lower() in _PROTECTED_WORDS:
            kept = words[:index]
            while kept and kept[-1].group(0).lower() in _FUNCTION_WORDS:
                kept.pop()
            return piece[: kept[-1].end()] if kept else ""
    return piece


def _all_nationality_words(piece: str) -> bool:
    """"Sierra Leoonse", "Costa Ricaanse": deduce takes the first word for a first name."""
    words = re.findall(r"[^\W\d_]+", piece)
    return (_names is not None and len(words) > 1
            and all(_names.lexicon.is_nationality_or_country(w, cities=False, suffixes=False) for w in words))


def _without_word_head(start: int, piece: str) -> tuple[int, str]:
    """"Volgens Dragan" -> "Dragan": deduce's name context takes the word
    before a name for a first name when it has a capital."""
    if _names is None:
        return start, piece
    lexicon = _names.lexicon
    while True:
        head = re.match(r"([^\W\d_]+)\s+(?=\S)", piece)
        if not head:
            return start, piece
        lowered = head.group(1).lower()
        if (lowered in deid_names.PARTICLES or lowered in lexicon.first_names or lowered in lexicon.surnames
                or not lexicon.is_sure_dutch_word(lowered)):
            return start, piece
        start += head.end()
        piece = piece[head.end() :]


_ARTICLE_BEFORE = re.compile(r"(?i)\b(?:de|het|een|deze)\s+$")


def _common_noun(text: str, start: int, word: str) -> bool:
    """A one-word "name" that is a nationality ("de baas Turk") or a Dutch noun
    after an article ("in de Kas"): deduce's lists hold many such words."""
    if _names is None or not re.fullmatch(r"[^\W\d_]+", word):
        return False
    lexicon = _names.lexicon
    if lexicon.is_nationality_or_country(word):
        return True
    if _sentence_initial_noun(text, start, word) or _question_verb(text, start, word):
        return True
    before = text[max(0, start - 30) : start]
    make = re.search(r"([A-Z][a-zë]+)\s+$", before)
    if make and make.group(1).lower() in deid_names.CAR_MAKES:  # "Range Rover", "Opel Vivaro"
        return True
    if deid_names._JOB_BEFORE.search(before) and lexicon.is_word(word.lower()):  # "werkt als Nanny"
        return True
    return bool(_ARTICLE_BEFORE.search(text[max(0, start - 8) : start])) and lexicon.is_dutch_word(word.lower())


_PRONOUNS = frozenset("i you we he she they it je jij u ik wij hij zij ze jullie".split())


def _question_verb(text: str, start: int, word: str) -> bool:
    """"Can I call ...", "Will you", "Kan je": a function word opening a question."""
    before = text[:start].rstrip()
    if before and before[-1] not in ".!?\n:;,":
        return False
    following = re.match(r"\s+(\w+)\b", text[start + len(word) :])
    return (word.lower() in _names.lexicon.stop_words and following is not None
            and following.group(1).lower() in _PRONOUNS)


_NEXT_WORD = re.compile(r"\s+([a-zà-ÿ]+)\b")


def _sentence_initial_noun(text: str, start: int, word: str) -> bool:
    """"Storm vannacht", "Pas op", "Roos tattoo op haar pols": a Dutch word
    opening a sentence, not followed by a verb, is that word; "Roos belde" and
    "Visser zegt" keep their name."""
    before = text[:start].rstrip()
    if before and before[-1] not in ".!?\n:;":
        return False
    lowered = word.lower()
    lexicon = _names.lexicon
    if not lexicon.is_sure_dutch_word(lowered):
        return False
    following = _NEXT_WORD.match(text, start + len(word))
    if not following:
        return False
    nxt = following.group(1)
    return not lexicon.is_verb(nxt) and nxt not in ("en", "of") and nxt not in lexicon.first_names



def _deduce_spans(text: str) -> list[_Span]:
    engine = _get_deduce()
    with _run_lock:
        document = engine.deidentify(text, disabled={"redactor"})
    spans = _unknown_name_spans(engine, text)
    if _names is not None:
        spans.extend(
            _Span(start, end, NAME, _CONTEXT_PRIORITY if forced else 11)
            for start, end, forced in deid_names.name_spans(_names, text)
        )
    for annotation in document.annotations:
        tag = _DEDUCE_TAGS.get(annotation.tag, NAME)
        # Deduce's name context reaches across full stops ("Den Haag. De
        # Nederlandse Arbeidsinspectie"), so judge each sentence piece alone.
        offset = annotation.start_char
        for piece in _SENTENCE_BREAK.split(annotation.text):
            start = text.index(piece, offset)
            offset = start + len(piece)
            bare = piece.rstrip(".")
            # Places are kept on purpose (module docstring); deduce's surname
            # list also holds "Limburg" or "Venlo".
            if tag == NAME and (_protected(bare) or _is_place(engine, bare)):
                continue
            if tag == NAME:
                bare = _without_protected_tail(bare)
                start, bare = _without_word_head(start, bare)
                if not bare or _common_noun(text, start, bare) or _all_nationality_words(bare):
                    continue
            spans.append(_Span(start, start + len(bare), tag, 10))
    return spans


def redact(text: str) -> str:
    """Return ``text`` with names, addresses and other identifiers replaced by tags.

    Tags are Dutch and in brackets: ``[NAAM]``, ``[ADRES]``, ``[POSTCODE]``,
    ``[TELEFOON]``, ``[EMAIL]``, ``[BSN]``, ``[IBAN]``, ``[KENTEKEN]``,
    ``[DATUM]``, ``[NUMMER]``, ``[DOCUMENTNUMMER]``, ``[ACCOUNT]``, ``[ANDER SCHRIFT]``. The first
    call in a process loads deduce (seconds; see :func:`warm_up`). Thread-safe.
    """
    if not text or not text.strip():
        return text
    patterns = _pattern_spans(text)
    names = _deduce_spans(text)
    folded = _case_folded(text)
    if folded != text:
        # "MARIUS POPESCU", "EIGENAAR PETER DE JONG": read again as a name would be written.
        names += [s for s in _deduce_spans(folded) if s.tag == NAME]
    labelled, places_there = _labelled_foreign_addresses(text)
    spans = _with_house_numbers(text, patterns + names + _lexicon_spans(text) + labelled)
    if _names is not None:
        spans = _with_name_edges(text, spans + _initial_names(text))
        spans = _outside_places(text, spans)
        spans = [s for s in spans if s.tag != NAME or not any(a <= s.start and s.end <= b for a, b in places_there)]
        spans = _without_town_after_address(text, patterns, spans)
        spans = _without_organisations(text, spans)
        spans = _with_middle_names(text, spans)
        spans = _with_caps_surname_before(text, spans)
        spans = _with_caps_neighbours(text, spans)
        spans = _with_code_after_name(text, spans)
    return _apply(text, spans)


# A code or a long number right after a name is that person's staff, pass or pupil number: "conciërge
# [Naam] M-7710", "[Naam] HbR-22617", "aanwezig: [Naam] 102451" (not a count: "[Naam] 12500 euro").
_CODE_AFTER_NAME = re.compile(
    r"[ \t]*\(?((?:[A-Za-z]{1,4}-\d{3,7}|\d{5,7}))\)?(?![\w\-])" + deid_kinds.NOT_A_COUNT
)


# An address typed after its label the way the country it is in writes it ("Vorig adres Xóm 5, xã
# Diễn Hoa, Diễn Châu", "Adres daar: Purok 3, Brgy. Sabang, Batangas", "Thuisadres: Navbahor mahallasi,
# Mustaqillik ko'chasi 17, Samarkand"): street forms no list of street words can hold. Each comma part
# up to the end of the line or sentence is address, except a known place or country; a number after
# one is its postcode ("Bangkok 10110").
_ADDRESS_LABEL = re.compile(
    r"(?i:\b(?:vorig(?:e)?\s+(?:woon)?adres|oud\s+adres|thuisadres|adres\s+(?:daar|thuis|van\s+herkomst|in\s+"
    r"(?:het\s+)?[\w\-]+)\s*(?:opgegeven\s+als)?\s*:|(?:home\s+|previous\s+)?address\s*:|(?:vorige\s+)?woonplaats"
    r"\s*(?:\(?buitenland\)?)?\s*:|adres\s+(?:opgegeven\s+als)?\s*:)\s*:?\s*)"
)
# A sentence ends at a full stop before a capital, unless the stop ends an abbreviation ("Brgy.
# Sabang", "vul. Lienina", "H.No. 221").
_ADDRESS_ABBREVIATIONS = frozenset({
    "brgy", "no", "nr", "vul", "ul", "bl", "st", "str", "blk", "ap", "apt", "sc", "et", "mah", "kv", "bd", "bul", "pr",
    "al", "os", "sos", "dist", "prov", "mun", "tp", "tx", "p", "q", "h", "s", "n", "j", "c",
})
_SENTENCE_END = re.compile(r"\n|[;!?]|([\w.]*)\.(?=\s+[A-ZÀ-Þ])|\s[-–]\s")
_PART = re.compile(r"[^,:]+")
# A known place after the number of a part: "Akkerstraat 3 in Veendam", "4693 PS Poortvliet".
_PLACE_AFTER_NUMBER = re.compile(r"\d[\w\-/]*(?:\s+[A-Z]{2})?\s+(?:(?:in|te)\s+)?([A-ZÀ-Þ][\w'’\- ]*)$")


# Words that make a part of an address abroad without a number: "xã Diễn Hoa", "Brgy. Sabang", "Navbahor mahallasi".
_ADDRESS_PART_WORD = re.compile(
    r"(?i:\b(?:xã|xóm|thôn|phường|phố|ngõ|ngách|hẻm|quận|huyện|ấp|brgy|barangay|purok|sitio|soi|moo|tambon|"
    r"mahallasi|mahalla|ko'chasi|ko‘chasi|ward|tole|marg|village|mohalla|gali|nagar|colony|sector|blk|lot|phase|"
    r"mikrorayon|mkr|kvartal|ulitsa|vulytsia|vul|ul|prospekt)\b)"
)


def _labelled_foreign_addresses(text: str) -> tuple[list[_Span], list[tuple[int, int]]]:
    """The address spans, and the places among the parts (kept, also where they look like a name).

    Each comma part is address when it holds a number or an address word; a capitalised part
    without either only beside a part with a number, and never as the last part (the town,
    province or country the address ends with, left to the other layers)."""
    if _names is None:
        return [], []
    lexicon = _names.lexicon
    spans, places = [], []
    for label in _ADDRESS_LABEL.finditer(text):
        end = len(text)
        for found in _SENTENCE_END.finditer(text, label.end()):
            if found.group(1) is None or found.group(1).split(".")[-1].lower() not in _ADDRESS_ABBREVIATIONS:
                end = found.start() if found.group(1) is None else found.end(1)
                break
        parts = []
        for part in _PART.finditer(text, label.end(), end):
            piece = re.sub(r"^\([^)]*\)\s*", "", part.group().strip(" .:")).strip(" .:()")  # "(werkgeverswoning) Kerkweg 12"
            words = re.findall(r"[\w'’‘]+", piece)
            if not words or len(words) > 6:
                break
            start = part.start() + part.group().index(piece[0])
            parts.append((start, start + len(piece), piece, words))
        numbered = [any(c.isdigit() for c in piece) for _, _, piece, _ in parts]
        for i, (start, stop, piece, words) in enumerate(parts):
            head = " ".join(w for w in words if not w.isdigit())
            folded = deid_names.fold(head)
            if head and (_is_known_place(head) or folded in lexicon.countries or folded in lexicon.cities
                         or folded in lexicon.foreign_cities):
                places.append((start, stop))
                digits = re.search(r"\b\d{3,6}\b", piece)
                if digits:
                    spans.append(_Span(start + digits.start(), start + digits.end(), POSTCODE, 41))
                continue
            beside_number = (i > 0 and numbered[i - 1]) or (i + 1 < len(parts) and numbered[i + 1])
            tail = _PLACE_AFTER_NUMBER.search(piece) if numbered[i] else None
            if tail and _is_known_place(tail.group(1).strip()):
                places.append((start + tail.start(1), stop))
                stop = start + len(re.sub(r"\s+(?:in|te)$", "", piece[: tail.start(1)].rstrip()))
            if numbered[i] or _ADDRESS_PART_WORD.search(piece) or (
                    beside_number and i + 1 < len(parts) and any(w[:1].isupper() for w in words)):
                spans.append(_Span(start, stop, ADDRESS, 41))
    return spans, places


def _with_code_after_name(text: str, spans: list[_Span]) -> list[_Span]:
    extra = []
    for span in spans:
        if span.tag == NAME:
            match = _CODE_AFTER_NAME.match(text, span.end)
            if match and not _is_published(match.group(1)):
                extra.append(_Span(match.start(1), match.end(1), NUMBER, _CONTEXT_PRIORITY))
    return spans + extra


# "SMITH, John", "BAKKER, Piet": a guest list or a police system writes the surname in capitals before the
# first name. A capitalised word right before ", <a name found>" is that name's surname, unless it is a
# word the officer reads ("AVIM, Politie", "NB, Morgen", "LET OP, Mevrouw").
_CAPS_BEFORE_COMMA = re.compile(rf"(?<![\w\-])([{_UPPER}][{_UPPER}'’\-]{{2,}}(?:\s+[{_UPPER}][{_UPPER}'’\-]{{2,}})?),\s*$")


def _is_caps_surname(word: str) -> bool:
    """A word in capitals that may be a surname (the last word, after particles): not an organisation, an
    initial's look-alike, a day or month, a municipality, a country or a place ("AVIM", "TILBURG", "SOMALIË")."""
    bare = word.split()[-1]
    return not (_is_protected_word(bare) or bare in _NOT_INITIALS or bare.lower() in _CALENDAR or _is_municipality(bare)
                or (_names is not None and (_names.lexicon.is_nationality_or_country(bare.title(), suffixes=False)
                                           or bool(_names.is_place([bare.title()])))))


def _with_caps_surname_before(text: str, spans: list[_Span]) -> list[_Span]:
    extra = []
    for span in spans:
        if span.tag != NAME:
            continue
        m = _CAPS_BEFORE_COMMA.search(text, max(0, span.start - 40), span.start)
        if m is None or not text[span.start:span.start + 1].isupper():
            continue
        if not all(_is_caps_surname(w) for w in m.group(1).split()):
            continue  # "SOMALIË, ...", "TILBURG, ...": a place in a message typed in capitals
        extra.append(_Span(m.start(1), span.end, NAME, span.priority))
    return _merge(spans + extra) if extra else spans


# A surname typed in capitals beside a name found belongs to it: "[Abrehet] MEHARI", "[Henk Jan] ter HAAR",
# "[A]. HOEK"; and a capitalised word right before a name found in capitals is its first name: "Saba [HAILE]"
# ("Saba" is also an island), "Esohe [IGBINOSA]". Not an organisation's acronym or a town in capitals.
_PARTICLE_RUN = r"(?:(?:van|de|der|den|ter|ten|te|von|el|al|da|di|dos|das|del|la|le)[ \t]+)*"
_CAPS_SURNAME_AFTER = re.compile(rf"\.?[ \t]+({_PARTICLE_RUN}[{_UPPER}][{_UPPER}'’\-]{{3,}})(?![\w\-])")
_TITLED_BEFORE = re.compile(rf"(?<![\w\-.])([{_UPPER}][{_LOWER}'’\-]{{2,}})[ \t]+$")


def _with_caps_neighbours(text: str, spans: list[_Span]) -> list[_Span]:
    if text.upper() == text or _names is None:
        return spans  # typed in capitals: every word is; the folded reading handles it
    extra = []
    for span in spans:
        if span.tag != NAME:
            continue
        after = _CAPS_SURNAME_AFTER.match(text, span.end)
        if after and _is_caps_surname(after.group(1)):
            extra.append(_Span(span.start, after.end(1), NAME, span.priority))
        found = text[span.start:span.end]
        before = _TITLED_BEFORE.search(text, max(0, span.start - 40), span.start)
        if (before and found.isupper() and len(found) >= 4 and " " not in found
                and not _names.lexicon.is_word(before.group(1).lower()) and not _is_protected_word(before.group(1))
                and not _is_municipality(before.group(1))):
            extra.append(_Span(before.start(1), span.end, NAME, span.priority))
    return _merge(spans + extra) if extra else spans


_ONE_WORD_BETWEEN = re.compile(r" ([A-Z][a-z]+) ")


def _with_middle_names(text: str, spans: list[_Span]) -> list[_Span]:
    """One capitalised word between two names is part of the name: "Mariana Costa Silva"
    ("Costa" is also the start of a country), "Jan Utrecht Bakker"."""
    names = sorted((s for s in spans if s.tag == NAME), key=lambda s: s.start)
    extra = []
    for left, right in zip(names, names[1:]):
        gap = _ONE_WORD_BETWEEN.fullmatch(text, left.end, right.start)
        if gap and not _is_protected_word(gap.group(1)) and gap.group(1).lower() not in _CALENDAR:
            extra.append(_Span(left.start, right.end, NAME, left.priority))
    return _merge(spans + extra) if extra else spans


# Roles that only an organisation plays: what follows is its name ("deurwaarder Flanderijn",
# "schuldeiser Wehkamp", "woningcorporatie Vestia", "zorgverzekering Zilveren Kruis"). Not an
# employment agency: many are named after their owner ("uitzendbureau van Ivanov").
_ORGANISATION_ROLE_BEFORE = re.compile(
    r"(?i:\b(?:deurwaarder(?:s(?:kantoor)?)?|incasso(?:bureau)?|schuldeiser|woningcorporatie|corporatie|"
    r"zorgverzekeraar|zorgverzekering|verzekeraar|energieleverancier|energiebedrijf|webwinkel|postorderbedrijf|"
    r"telecomprovider|provider|kredietverstrekker|school|scholengemeenschap|basisschool|ikc|gesamtschule|"
    r"obs|cbs|pcbs|rkbs|kbs|sbo|vso|praktijkschool|kindcentrum|"
    r"grundschule|realschule|lyceum|gymnasium|college|mbo|roc)"
    r"(?:\s+(?:is|was|:))?\s+)$"
)
# A school named before its kind: "Charlemagne College", "Grotius College", "Sint-Janslyceum": the officer and the
# attendance officer need the school, and a school of hundreds names no one.
_SCHOOL_AFTER = re.compile(r"\s+(?:College|college|Lyceum|lyceum|Gymnasium|gymnasium|Scholengemeenschap)\b")
_SCHOOL_AFTER_NAME = re.compile(r"(?:\s+[A-Z][\w'’\-]*)?" + _SCHOOL_AFTER.pattern)


# A word with a capital inside after lower-case letters: "FlexForce", "TopStaff", "WeCare" (not "McDonald",
# "MacLeod", "DeShawn", "LeBlanc", "VanDijk": surnames and first names are written that way too).
_BRAND = re.compile(r"(?!(?:Mc|Mac|De|Da|Di|Du|Le|La|Van|Ten|Ter|Al|El)[A-Z])[A-Z][a-z]{1,}[A-Z][a-z]{2,}[A-Za-z]*")

_COMPANY_BEFORE = re.compile(
    r"(?i:\b(?:uitzendbureaus?|uitzendorganisatie|bemiddelingsbureau|bureau|bedrijf|firma|agency|detacheerder|"
    r"payroller|platform|webshop|keten|organisatie|werkgever|employer)(?:\s+(?:is|was|heet|:))?\s+)$"
)

# One word after "gemeente" is the municipality's name, also misspelt ("gemeente Zoetermeeer").
_MUNICIPALITY_BEFORE = re.compile(r"(?i:\bgemeente\s+)$")


def _without_organisations(text: str, spans: list[_Span]) -> list[_Span]:
    """A capitalised name right after a role only organisations play is that organisation's name."""
    kept = []
    organisations = [m.span() for m in _ORGANISATION_NAMES.finditer(text)]
    for span in spans:
        if span.tag in (NAME, ADDRESS) and any(start <= span.start and span.end <= end for start, end in organisations):
            continue
        if span.tag == NAME and _BRAND.fullmatch(text[span.start:span.end].split(" ")[0]) \
                and _COMPANY_BEFORE.search(text, max(0, span.start - 30), span.start):
            continue  # "uitzendbureau FlexForce": a company in camel case (a nickname may be "SweetCandy")
        if span.tag == NAME and _first_name_only(text[span.start:span.end]) \
                and (chain := _CAPITAL_AFTER.match(text, span.end)) and chain.group(1).lower() in deid_kinds.CHAINS:
            continue  # "Albert Heijn": a first name that opens a chain's name
        if span.tag == NAME and span.priority != _CONTEXT_PRIORITY and text[span.start:span.start + 1].isupper() and (
                _ORGANISATION_ROLE_BEFORE.search(text, max(0, span.start - 40), span.start)
                or (_MUNICIPALITY_BEFORE.search(text, max(0, span.start - 12), span.start)
                    and re.fullmatch(r"[\w'’\-]+", text[span.start:span.end]))
                # "Grotius College", "Gerrit Komrij College", "Pius X College": a school, named after a person or not
                or (_SCHOOL_AFTER_NAME.match(text, span.end) and len(text[span.start:span.end].split()) <= 3)
                or re.fullmatch(r"[\w\-]+(?:college|lyceum|gymnasium)", text[span.start:span.end])
                or re.fullmatch(r"(?:[A-Z][\w'’\-]*\s+){1,3}(?:College|Lyceum|Gymnasium|Scholengemeenschap)",
                                text[span.start:span.end])):
            continue
        kept.append(span)
    return kept


_CAPS_WORD = re.compile(rf"(?<![\w\-])[{_UPPER}][{_UPPER}'’\-]+(?![\w\-])")
_VOWELS = frozenset("AEIOUYÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜ")


_CAPS_PARTICLES = frozenset({"VAN", "DE", "DER", "DEN", "TER", "TEN", "EL", "AL", "BEN", "BIN", "LA", "LE", "DA", "DI"})
# Words after which the next capitals are a name: "NAAM SANDRA KOK", "EIGENAAR HARM BAKKER".
_CAPS_NAME_CUES = frozenset(
    "NAAM HEET GENAAMD MEVROUW MEVR DHR MENEER HEER MR MRS MS NAME EIGENAAR HUURDER BEWONER MELDER FAM FAMILIE "
    "BEHEERDER BAAS CONTACTPERSOON VERDACHTE".split()
)


# A first name or initials as usually written, right before a word in capitals.
_NAME_BEFORE_CAPS = re.compile(r"(?:(?<![\w.])(?P<initials>(?:[A-Z]\.\s?){1,3})|\b(?P<first>[A-Z][a-zà-ÿ'’]{2,}))[ \t]$")
_LOWER_NAME_CUE = re.compile(r"(?i:\b(?:fam|familie|mevr|mw|dhr|hr|mnr|meneer|mevrouw|naam|heet|genaamd)\b)\.?:?\s*$")


def _case_folded(text: str) -> str:
    """``text`` with every all-capital word written as in ordinary text, same length.

    The name layer then reads a shouted message as it reads a normal one. A
    first name or an unknown word is capitalised ("POPESCU" -> "Popescu"); so is
    the word that continues a name, also when it is a Dutch word as surnames
    often are ("HARM BAKKER", "SOFIA VAN DER LINDEN", "DE VRIES"). Other known
    words become lower case ("GEEN GEVAAR" -> "geen gevaar"); acronyms ("NLA",
    "BV", "ZZP") stay as they are.
    """
    if _names is None:
        return text
    lexicon = _names.lexicon
    pieces: list[str] = []
    position = 0
    state: Optional[str] = None  # what the previous capital word was: name, particle, cue
    for match in _CAPS_WORD.finditer(text):
        word, lower = match.group(0), match.group(0).lower()
        between = text[position:match.start()]
        if between.strip():
            # a comma or a full stop ends a name; "fam. VAN DER LINDEN": a cue in lower case starts one;
            # so do a first name or initials written as usual ("Dennis HOEK", "W. BAKKER", "R.P. KONING")
            before = _NAME_BEFORE_CAPS.search(between)
            state = "cue" if _LOWER_NAME_CUE.search(between) else "first" if before and (
                before.group("initials") or before.group("first").lower() in lexicon.first_names) else None
        pieces.append(between)
        position = match.end()
        if word in _CAPS_PARTICLES:
            pieces.append(lower)  # "van", "de": a name may go on after it
            # after a first name or a cue the particles lead to a surname ("SOFIA VAN DER LINDEN");
            # after a whole name they start something else ("DE VRIES VAN DE WONINGCORPORATIE")
            state = "name-particle" if state in ("name-particle", "cue", "first") else "particle"
            continue
        if not (_VOWELS & set(word)) or word in _NOT_PLATE_LETTERS or word in _NOT_INITIALS or _is_protected_word(word):
            pieces.append(word)
            state = None
            continue
        stop = lower in lexicon.stop_words
        is_word = stop or lexicon.is_sure_dutch_word(lower) or \
            (lower in lexicon.english and lower not in lexicon.first_names) or \
            lexicon.is_nationality_or_country(word.capitalize(), cities=False, suffixes=False)
        first = lower in lexicon.first_names and (len(word) > 3 or not is_word)
        surname = lower in lexicon.surnames
        if stop:
            name = False
        elif state == "name-particle":
            name = True  # "SOFIA VAN DER LINDEN", "FAM. VAN DER LINDEN"
        elif state == "particle":
            name = surname or not is_word  # "DE VRIES"
        elif state == "first":
            name = surname or not is_word or len(word) > 3  # "SANDRA KOK", "HARM BAKKER"
        elif state == "cue":
            name = surname or not is_word or first or len(word) > 3  # "dhr. STERK", "fam. BOS"
        else:
            name = not is_word
        if name:
            new = word.capitalize()
            state = "first" if first and state not in ("first", "name-particle", "particle") else "name"
        elif first and not is_word:
            new, state = word.capitalize(), "first"
        else:
            new = lower
            state = "cue" if word in _CAPS_NAME_CUES else None
        pieces.append(new if len(new) == len(word) else word)
    pieces.append(text[position:])
    return "".join(pieces)


def _is_dictionary_word(word: str) -> bool:
    """A Dutch or English word ("haar", "kok", "wash"), also when it is a surname too."""
    if _names is None:
        return False
    lower = word.lower()
    lexicon = _names.lexicon
    return lower in lexicon.stop_words or lexicon.is_sure_dutch_word(lower) or lower in lexicon.english


def _is_plain_word(word: str) -> bool:
    """A Dutch or English word that is no surname: "moet", "kwekerij"; False before deduce is loaded."""
    return _is_dictionary_word(word) and word.lower() not in _names.lexicon.surnames


# --- what the name lexicon tells beyond deduce (issue 18, section 7) ---------------------

_HOUSE = r"\d{1,4}(?:" + _HOUSE_ADDITION + r"){0,2}"
# "hoogoord 115", "KOORNHORST 122", "kelbergen 56": a word and a house number, no street word.
_WORD_AND_NUMBER = re.compile(
    rf"(?<![\w\-/.])([{_UPPER}{_LOWER}][{_LOWER}{_UPPER}'’\-]{{3,}})\s+((?!0){_HOUSE})(?![\w.,\-]\d)(?![\w])"
    r"(?!\s*(?i:personen|persoon|pers\b|mensen|man\b|vrouwen|mannen|jongens|meisjes|kinderen|people|jaar|jr\b|"
    r"uur|u\b|dagen|weken|maanden|euro|eur\b|€|km|kg|m2|meter|minuten|min\b|keer|x\b|%|procent|stuks|bedden))"
)
# Strong address cues before it: "insp", "adres", "woont op", "bewoner ... op".
_ADDRESS_CUE = re.compile(
    r"(?i:\b(?:insp|herinsp|inspectie|ctrl|controle|adres|adr|woont|wonen|woning|bovenwoning|benedenwoning|pand|"
    r"perceel|flat|op|aan|bij|naar|lijst|rondje)\b)\.?:?\s*(?:de\s+|het\s+)?$"
)
_CALENDAR = frozenset(
    "januari februari maart april mei juni juli augustus september oktober november december jan feb mrt apr jun "
    "jul aug sep sept okt nov dec maandag dinsdag woensdag donderdag vrijdag zaterdag zondag week groep klas "
    "artikel art lijn bus tram route fase niveau stap versie hoofdstuk pagina blz nummer nr".split()
)


def _word_and_number_addresses(text: str) -> list[_Span]:
    spans = []
    for match in _WORD_AND_NUMBER.finditer(text):
        word = match.group(1)
        if word.lower() in _CALENDAR or _is_municipality(word) or _is_protected_word(word):
            continue
        cue = _ADDRESS_CUE.search(text, max(0, match.start() - 24), match.start())
        unknown = not _is_dictionary_word(word) and not _names.lexicon.is_nationality_or_country(word) \
            and word.lower() not in _names.lexicon.first_names
        if unknown or (cue and cue.group(0).strip(" :.").lower().split()[0] in ("insp", "herinsp", "inspectie", "ctrl",
                                                                                   "controle", "adres", "adr", "woont",
                                                                                   "wonen", "bovenwoning", "rondje")):
            if unknown and not cue and not (_LOWER_POSTCODE.match(text, match.end() + 1)
                                            or _POSTCODE.match(text, match.end() + 1)):
                continue  # "hoogoord 115" needs a cue or a postcode; "Wójcik 23" is a name and an age
            spans.append(_Span(match.start(), match.end(), ADDRESS, 39))
    return spans


# "aan de Ganzenhoef", "op de Kikkenstein": a capitalised word that is no word, place or name after
# "aan/op/in de" is a street.
_AFTER_AAN_DE = re.compile(rf"(?i:\b(?:aan|op|in|bij|langs|naar|richting|hoek)\s+de\s+)([{_UPPER}][{_LOWER}]{{3,}})(?![\w\-])")


def _unknown_streets(text: str) -> list[_Span]:
    spans = []
    for match in _AFTER_AAN_DE.finditer(text):
        word = match.group(1)
        if _is_dictionary_word(word) or _is_municipality(word) or _is_protected_word(word) or \
                _is_place(_get_deduce(), word) or deid_names.fold(word) in _names.lexicon.cities or \
                _names.lexicon.is_nationality_or_country(word) or word.lower() in deid_names.DUTCH_REGIONS or \
                word.lower() in _names.lexicon.first_names or word.lower().endswith(("wijk", "buurt", "polder")):
            continue
        spans.append(_Span(match.start(1), match.end(1), ADDRESS, 34))
    return spans


# "j. nowak", "w. de kok", "m.j. van rijswijk": initials and a lower-case surname.
_NOT_LOWER_INITIALS = frozenset("o.a. m.b.t. i.v.m. t.a.v. d.w.z. z.s.m. a.u.b. e.d. m.i. n.a.v. t.z.t. i.o.m. c.q. "
                                "p.p. v.d. i.p.v. m.n. e.a. n.b. o.b.v. t.b.v. i.s.m. d.d. m.a.w. v.w.b.".split())
_LOWER_INITIALS_NAME = re.compile(
    rf"(?<![\w.])((?:[a-z]\.\s?){{1,3}})\s*((?:(?:van|de|der|den|ter|ten|el|al|le|la|da|di|'t)\s+){{0,3}}"
    rf"[{_LOWER}][{_LOWER}'’\-]{{2,}})"
)
# Lower-case surnames by their ending: "wisniewski", "kowalczyk", "stoyanov", "dimitrova", "popescu".
_SURNAME_ENDING = re.compile(
    rf"(?<![\w\-])[{_LOWER}{_UPPER}][{_LOWER}]{{2,}}(?:ski|cki|dzki|ska|cka|dzka|czyk|czak|wicz|owicz|ewicz|"
    r"ov|ova|ev|eva|ovа|enko|chuk|czuk|escu|eanu|ić|ovic|ović|ovich|evich|ovski|evski|idis|opoulos|oglu|oğlu|"
    r"yan|ian|ishvili|adze|ovitz)(?![\w\-])"
)
# Role words before a lower-case first name: "buurman kees", "betaalt aan florin".
_ROLE_BEFORE = re.compile(
    r"(?i:\b(?:buurman|buurvrouw|collega|receptionist|receptioniste|huurder|eigenaar|beheerder|bewoner|meneer|"
    r"mevrouw|mevr|dhr|oom|tante|neef|nicht|zus|zusje|broer|broertje|vriend|vriendin|baas|chef|opzichter|ploegleider|"
    r"pooier|klant|cliënt|cliënte|client|jongen|meisje|man|vrouw|moeder|vader|dochter|zoon|aan|van|met|voor|naam|"
    r"heet|genaamd|eig)\b)\.?\s+([a-zà-ÿ]{3,})(?![\w\-])"
)


# After a word that announces a name, lower-case names up to three words: "mnr nguyen van thanh",
# "met de naam olusegun erop", "op naam van el hamdaoui".
_NAME_PARTICLE = r"(?:van|de|der|den|el|al|ter|ten|le|la|da|di|bin|ben|abu|ibn)"
_CUED_LOWER_NAME = re.compile(
    r"(?i:\b(?P<cue>mnr|mr|mevr|mw|dhr|hr|meneer|mevrouw|fam|familie|naam|heet|genaamd)\b)\.?:?\s+(?:van\s+(?=\w+\s))?"
    rf"(?P<name>(?:{_NAME_PARTICLE}\s+)*[{_LOWER}][{_LOWER}'’\-]{{2,}}(?:\s+(?:{_NAME_PARTICLE}\s+)*[{_LOWER}][{_LOWER}'’\-]{{2,}}){{0,2}})"
)


def _cued_lower_names(text: str) -> list[_Span]:
    lexicon = _names.lexicon
    spans = []
    for match in _CUED_LOWER_NAME.finditer(text):
        words = list(re.finditer(r"\S+", match.group("name")))
        end = None
        for index, word in enumerate(words):
            token = word.group(0)
            if re.fullmatch(_NAME_PARTICLE, token):
                continue
            strong = index == 0 and match.group("cue").lower() in ("naam", "heet", "genaamd")
            after_particle = index > 0 and re.fullmatch(_NAME_PARTICLE, words[index - 1].group(0))
            plain = _is_dictionary_word(token) and not (strong and token in lexicon.first_names) and not (
                after_particle and end is None)  # "mevr. ter haar": a surname after a particle
            if plain or _is_municipality(token) or lexicon.is_nationality_or_country(token):
                break
            end = word.end()
        if end is not None:
            spans.append(_Span(match.start("name"), match.start("name") + end, NAME, _CONTEXT_PRIORITY))
    return spans


_LOWER_FIRST_PARTICLE_SURNAME = re.compile(
    rf"(?<![\w\-])([{_LOWER}]{{2,}})\s+((?:{_NAME_PARTICLE}\s+){{1,3}})([{_LOWER}][{_LOWER}'’\-]{{2,}})(?![\w\-])"
)


def _lexicon_name_spans(text: str) -> list[_Span]:
    lexicon = _names.lexicon
    spans = _cued_lower_names(text)
    for match in _LOWER_FIRST_PARTICLE_SURNAME.finditer(text):  # "jan de vries", "ahmed el amrani"
        first, surname = match.group(1), match.group(3)
        if first in lexicon.first_names and first not in lexicon.stop_words and (
                surname in lexicon.surnames or not _is_dictionary_word(surname)) and not _is_municipality(surname):
            spans.append(_Span(match.start(), match.end(), NAME, 12))
    for match in _LOWER_INITIALS_NAME.finditer(text):
        initials = re.sub(r"\s", "", match.group(1))
        surname = match.group(2).split()[-1]
        particles = len(match.group(2).split()) > 1  # "m.j. van rijswijk": a surname, also where it is a town
        if initials in _NOT_LOWER_INITIALS or surname in lexicon.stop_words or (_is_municipality(surname) and not particles):
            continue
        if _is_plain_word(surname) and surname not in lexicon.surnames and len(initials) <= 2:
            continue
        spans.append(_Span(match.start(), match.end(), NAME, 12))
    for match in _SURNAME_ENDING.finditer(text):
        word = match.group(0)
        if not _is_dictionary_word(word) and not lexicon.is_nationality_or_country(word) and not _is_municipality(word) \
                and not _is_protected_word(word) and not _is_place(_get_deduce(), word.capitalize()) \
                and deid_names.fold(word) not in lexicon.cities:
            spans.append(_Span(match.start(), match.end(), NAME, 12))
    for match in _ROLE_BEFORE.finditer(text):
        word = match.group(1)
        if word in lexicon.first_names and word not in lexicon.stop_words and not _is_municipality(word) and (
            not _is_plain_word(word) or match.group(0).split()[0].lower() in ("buurman", "buurvrouw", "collega",
                                                                             "receptionist", "receptioniste", "huurder",
                                                                             "meneer", "mevrouw", "mevr", "dhr", "naam",
                                                                             "heet", "genaamd", "eig")
        ) and not lexicon.is_nationality_or_country(word):
            spans.append(_Span(match.start(1), match.end(1), NAME, 12))
    return spans


def _street_folded(text: str) -> str:
    """Capitals written as a street sign is: "PRINS HENDRIKKADE" -> "Prins Hendrikkade", same length."""
    return _CAPS_WORD.sub(lambda m: m.group(0).capitalize() if len(m.group(0).capitalize()) == len(m.group(0))
                          else m.group(0), text)


def _lexicon_spans(text: str) -> list[_Span]:
    """Addresses, streets and names that need the word lists: see the regexes above."""
    if _names is None:
        return []
    spans = _word_and_number_addresses(text) + _unknown_streets(text) + _lexicon_name_spans(text)
    if _CAPS_WORD.search(text):
        folded = _street_folded(text)
        spans += [s for s in _raw_pattern_spans(folded) if s.tag in (ADDRESS, POSTCODE)]
        spans += _word_and_number_addresses(_case_folded(text))
    published = _published_ranges(text)
    return [s for s in spans if not any(start < s.end and s.start < end for start, end in published)]


# A house number typed apart from its street: "in de Dorpsstraat op nummer
# 8", "Molenweg, nr. 14", "op nr 12 van de Kerkstraat".
_NUMBER_AFTER_STREET = re.compile(
    r",?\s*(?:op\s+)?(?:huis)?(?:nummer|nr\.?|no\.?|n°)\s*\d{1,5}(?:" + _HOUSE_ADDITION + r"){0,2}(?![\w])"
)
# Where in the building, after the house number: "3 hoog", "1e etage", "2e verdieping",
# "3-hoog", "boven", "zolder", "achterhuis", "kelder", "unit 3B", "/ 2e". Part of the address:
# with it, the flat is found.
_FLOOR_AFTER_ADDRESS = re.compile(
    r"(?:\s*[,/]?\s*(?:"
    r"\d{1,2}\s*(?:e|ste|de|ᵉ)?\s*-?\s*(?:hoog|etage|verdieping|verd\.?)(?![\w])"
    r"|(?:hoog|etage|verdieping)\s*\d{1,2}(?![\w])"
    r"|(?:bovenwoning|benedenwoning|boven|beneden|zolder|zolderkamer|kelder|souterrain|achterhuis|voorhuis|"
    r"achterkamer|voorkamer|parterre|bel-?etage|bis)(?![\w])"
    r"|(?:unit|app\.?|appartement|apt\.?|flat)\s*\d{1,4}[A-Za-z]?(?![\w])"
    r"|\d{1,2}(?:e|ste|de)(?![\w])"
    r"))+",
    re.IGNORECASE,
)
_NUMBER_BEFORE_STREET = re.compile(
    r"(?<![\w])(?:huis)?(?:nummer|nr\.?|no\.?)\s*\d{1,5}(?:" + _HOUSE_ADDITION + r"){0,2}"
    # "van de" may already be part of the street: "van de Kastanjelaan" (see _STREET_PREFIX)
    r"\s+(?:(?:van|in|aan|op)\s+(?:de|het)\s+)?$"
)


def _ends_in_number(text: str, start: int, end: int) -> bool:
    """Whether an address span ends in a house number ("Spoorlaan 372", "Baljuwstraat 3A")."""
    return bool(re.search(r"\d[A-Za-z]?(?:-\w+)?\s*$", text[start:end]))


def _with_house_numbers(text: str, spans: list[_Span]) -> list[_Span]:
    extra = []
    for span in spans:
        if span.tag != ADDRESS:
            continue
        end = span.end
        after = _NUMBER_AFTER_STREET.match(text, span.end)
        if after:
            end = after.end()
        floor = _FLOOR_AFTER_ADDRESS.match(text, end) if _ends_in_number(text, span.start, end) else None
        if floor:
            end = floor.end()
        if end > span.end:
            extra.append(_Span(span.start, end, ADDRESS, span.priority))
        before = _NUMBER_BEFORE_STREET.search(text, max(0, span.start - 40), span.start)
        if before:
            extra.append(_Span(before.start(), span.end, ADDRESS, span.priority))
    return spans + extra


# The town after an address or postcode: "Strada Eminescu 14, Craiova",
# "00-676 Warszawa", "Molenstraat 3 5911 GC Venlo".
_TOWN_AFTER = re.compile(r"[\s,]*([A-ZÀ-ÞŁŚŻŹĆ][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)")


def _without_town_after_address(text: str, patterns: list[_Span], spans: list[_Span]) -> list[_Span]:
    towns = []
    for span in patterns:
        if span.tag in (ADDRESS, POSTCODE):
            match = _TOWN_AFTER.match(text, span.end)
            if match and not any(
                word.lower() in _names.lexicon.first_names for word in match.group(1).split()
            ):
                towns.append(match.span(1))
    if not towns:
        return spans
    return [
        s for s in spans
        if not (s.tag == NAME and s.priority < _CONTEXT_PRIORITY
                and any(start <= s.start and s.end <= end for start, end in towns))
    ]




_ARTICLE_BEFORE = re.compile(r"\b(?:de|het)\s+$", re.IGNORECASE)


_SURE_STREET_END = re.compile(r"(?:straat|laan|singel|gracht|dreef|steeg|plantsoen|boulevard)$")


def _first_name_and_place(fragment: str) -> bool:
    """A capitalised first name right before one capitalised word: that word is its surname, also
    written in capitals as lists do ("Dennis HOEK")."""
    words = fragment.split(" ")
    if len(words) == 2 and len(words[1]) >= 3 and words[1].isupper():
        words = [words[0], words[1].title()]
    return (len(words) == 2 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
            and words[0].lower() in _names.lexicon.first_names and words[0].lower() not in _names.lexicon.stop_words
            and not _names.is_place(words)
            and not _names.lexicon.is_nationality_or_country(" ".join(words)))  # "Sierra Leone"


def _outside_places(text: str, spans: list[_Span]) -> list[_Span]:
    """Drop names and street-less "addresses" that are only a place.

    "Alphen aan den Rijn", "van Amsterdam", "Moerdijk": deduce or a street
    pattern took (part of) a place for a name or street. A name that reaches
    beyond the place ("Jan de Vries") stays.
    """
    places = deid_names.place_spans(_names, text)
    if not places:
        return spans
    kept = []
    for span in spans:
        if _country_and_number(text, span):
            continue
        if span.tag == NAME and (_NAME_WITH_PARTICLE.fullmatch(text[span.start : span.end])
                                 or _first_name_and_place(text[span.start : span.end])):
            # "Tamar Ter Haar", "Sander Best", "Ria Putten": a surname, even where a town has that name
            kept.append(span)
            continue
        if (span.tag in (NAME, ADDRESS) and span.priority not in (_CONTEXT_PRIORITY, _KINDS_PRIORITY)
                and not any(c.isdigit() for c in text[span.start : span.end])
                # "in de Kruisstraat" is a street even where a hamlet has that name; so is
                # "woont in Lindenlaan": no town ends in -laan, -straat or -singel
                and not (span.tag == ADDRESS and (_ARTICLE_BEFORE.search(text, 0, span.start)
                                                  or _SURE_STREET_END.search(text, span.start, span.end)))):
            rest = list(text[span.start : span.end])
            for start, end in places:
                for index in range(max(start, span.start), min(end, span.end)):
                    rest[index - span.start] = " "
            words = re.findall(r"[\w'’]+", "".join(rest))
            if all(word.lower() in deid_names.PARTICLES for word in words):
                continue
            span = _trimmed(text, span, "".join(rest))
        kept.append(span)
    return kept


# The parts of a name the name layer can leave outside its span: an initial after it ("Dmytro S.",
# "Chidi O."), a capitalised particle and surname ("Tamar Ter Haar"), and an unknown capitalised
# word right before it ("Siriporn Thongchai").
_INITIAL_AFTER = re.compile(r"\s[A-Z]\.(?!\w)")
_LOWER_WORD_AFTER = re.compile(r"\s([a-zà-ÿ][a-zà-ÿ'’]{3,}|[a-z]\.)(?![\w\-])")


def _unknown_word(word: str) -> bool:
    """A lower-case initial, or a word that no lexicon knows and that has a vowel (no acronym)."""
    if len(word) == 2:
        return True
    if re.search(r"(?:nr|nrs|nummer)$", word):
        return False  # "ordernr": the label of what follows
    return re.search(r"[aeiouy]", word) is not None and deid_names.is_unknown_word(_names, word)
# A capitalised word right after a name, on the same line: "Henk Sterk", "Dylan HOEK".
_CAPITAL_AFTER = re.compile(r"[ \t]([A-ZÀ-Þ][\w'’]+(?:-[A-ZÀ-Þ][\w'’]+)?)(?![\w\-])")


def _first_name_only(name: str) -> bool:
    """The name found is one first name, as deduce finds "Henk" in "Henk Sterk" and leaves the word."""
    # A single name that is no word counts too ("Akossua Mensa": the first name is rare, the surname a word).
    return bool(re.fullmatch(r"[A-ZÀ-Þ][a-zà-ÿ'’]{2,}", name)) and name.lower() not in deid_names.PARTICLES \
        and name.lower() not in _FUNCTION_WORDS and (
            _names.lexicon.is_first_name(name.lower()) or not _names.lexicon.is_word(name.lower()))


def _may_be_surname(word: str) -> bool:
    """A capitalised word that can be a surname: not an organisation, municipality, country, day or month.
    A village may be ("Wendy Hoek", "Dylan HOEK")."""
    lowered = word.lower()
    return len(word) >= 3 and not (
        _is_protected_word(word) or lowered in _CALENDAR or lowered in _CALENDAR_WORDS or word in _NOT_INITIALS
        or _is_municipality(word)
        # "Costa" alone is a surname; only with "Rica" after it a country
        or (_names.lexicon.is_nationality_or_country(word) and lowered not in deid_names.COUNTRY_FIRST_WORDS)
        or lowered in _FUNCTION_WORDS or bool(_SCHOOL_AFTER.match(" " + word))
    )


_PARTICLE_AFTER = re.compile(r"\s(?:Ter|Ten|Te|Van|Van der|Van den|Van de|De|Der|Den|El|Al|Da|Di|Dos|Du)\s[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ]+)?")
_WORD_BEFORE = re.compile(r"([A-ZÀ-Þ][a-zà-ÿ'’]{2,})\s$")
# Initials and a surname: "J. Wang", "t.n.v. A.B. Mensah".
_INITIALS_AND_NAME = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){1,3}([A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ]+)?)")


_NAME_WITH_PARTICLE = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ'’\-]+" + _PARTICLE_AFTER.pattern)


_NAME_PREFIX_BEFORE = re.compile(r"(?<![\w\-])(?:[Aa]l|[Ee]l|Abu|Abou|Ait|Aït|Ould)[-‑]$")


def _with_name_edges(text: str, spans: list[_Span]) -> list[_Span]:
    out = []
    lexicon = _names.lexicon
    for span in spans:
        if span.tag == NAME:
            start, end = span.start, span.end
            for pattern in (_PARTICLE_AFTER, _INITIAL_AFTER):
                match = pattern.match(text, end)
                if match:
                    end = match.end()
            surname = _LOWER_WORD_AFTER.match(text, end)
            if surname and text[start:end].islower() and _unknown_word(surname.group(1)):
                end = surname.end()  # "precious ehigie", "chaimae b.": an unknown word or initial goes with the name
            capital = _CAPITAL_AFTER.match(text, end)
            if capital and _first_name_only(text[start:end]) and _may_be_surname(capital.group(1)):
                end = capital.end()  # "Henk Sterk", "Dylan HOEK", "Milan KOK": a word as a surname after a first name
            before = _WORD_BEFORE.search(text, max(0, start - 30), start)
            if before and not _is_municipality(before.group(1)) and (
                    not _is_plain_word(before.group(1))
                    # "Made SUARDANA": a first name before a surname in capitals, as crew lists write it
                    or (text[start:end].isupper() and lexicon.is_first_name(before.group(1).lower())
                        and _may_be_surname(before.group(1)))) \
                    and not lexicon.is_nationality_or_country(before.group(1)) \
                    and not deid_names.place_spans(_names, before.group(1)):
                start = before.start(1)
            prefix = _NAME_PREFIX_BEFORE.search(text, max(0, start - 6), start)
            if prefix:
                start = prefix.start()  # "Al-Mohammad", "El-Amrani": the article is part of the surname
            span = _Span(start, end, span.tag, span.priority)
        out.append(span)
    return out


# Words after which initials and a word are a name even when the word is Dutch ("t.n.v. J. Wang").
_NAME_CUE_BEFORE = re.compile(r"(?i:t\.n\.v\.|tnv|ten name van|dhr\.?|mevr\.?|mw\.?|meneer|mevrouw|naam:?)\s*$")


def _initial_names(text: str) -> list[_Span]:
    """ "K. Mensah", "t.n.v. J. Wang": one to three initials and a capitalised word that is no word,
    or any word after a name cue."""
    found = []
    for match in _INITIALS_AND_NAME.finditer(text):
        word = match.group(1)
        announced = _NAME_CUE_BEFORE.search(text, max(0, match.start() - 16), match.start())
        if (announced or not _names.lexicon.is_word(word.lower())) and not _is_municipality(word) \
                and not _names.lexicon.is_nationality_or_country(word):
            found.append(_Span(match.start(), match.end(), NAME, 12))
    return found


def _country_and_number(text: str, span: _Span) -> bool:
    """ "uit Polen 70 uur": a country and a number are no street and house number."""
    if span.tag != ADDRESS or span.priority in (_CONTEXT_PRIORITY, _KINDS_PRIORITY):
        return False
    match = re.fullmatch(r"\s*(\D+?)\s+\d+\s*", text[span.start : span.end])
    return bool(match) and _names is not None and _names.lexicon.is_nationality_or_country(match.group(1).strip())


def _trimmed(text: str, span: _Span, rest: str) -> _Span:
    """Cut a place off the edges of a name or street: "Den Haag Hoefkade" ->
    "Hoefkade", "B Rotterdam" -> "B"; not "Jan van Gorkum" (a surname)."""
    words = list(re.finditer(r"[\w'’]*\w[\w'’]*", rest))
    start = span.start + words[0].start()
    end = span.start + words[-1].end()
    tail = re.match(r"[^\w'’]*([\w'’]*\w)", text[end : span.end])
    if words[-1].group(0).lower() in deid_names.PARTICLES or (
        tail and tail.group(1) in deid_names.PARTICLES  # "J. de Boer": "de Boer" is also a hamlet
    ):
        end = span.end
    return _Span(start, end, span.tag, span.priority) if (start, end) != (span.start, span.end) else span
