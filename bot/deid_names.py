"""Names that deduce's Dutch name lists miss, for :mod:`bot.anonymise`.

Deduce knows Dutch first names and surnames, written with a capital. Victims
of trafficking in the Netherlands often have Romanian, Bulgarian, Polish,
Nigerian, Eritrean, Vietnamese ... names, and professionals type fast, often
in lower case. This module finds names by the CLASS of clue, not by list alone:

* capitalised mid-sentence: Dutch capitalises little inside a sentence, so a
  capitalised word there that is no place, country, nationality, language,
  organisation or known product is taken for a name ("Ze werkt daar, Ioana, al
  twee jaar", "door Shorty");
* a lower-case word that is a known first name (from many countries) and no
  Dutch or English word ("gisteren belde mihaela");
* context: after "heet", "naam is", "noemt zich", "ze noemen hem" ... the next
  word is a name even when it is a Dutch word ("haar naam is roos"); after a
  relation word ("vriend", "zijn broer", "baas", "eigenaar", "sprak met" ...)
  the next word is a name when it is a first name or no word at all;
* a name continues over particles and further name words ("jan de vries",
  "fatima el amrani"), and a nickname title sticks to its name ("Mama Joy").

Word lists (loaded once, by :func:`load`, in seconds):

* first names of 54 countries from ``gender-guesser`` (Jörg Michael's
  nam_dict, ~45,000 names: Romania, Bulgaria, Poland, Hungary, Ukraine,
  Turkey, Arabic, China, Vietnam, India, Brazil/Portugal, ...), plus deduce's
  Dutch first names;
* Dutch and English vocabulary from ``spacy-lookups-data`` (lemma tables,
  ~400,000 Dutch word forms), stored as sorted 64-bit hashes (~4 MB instead
  of ~40 MB of Python strings);
* country names, city names and languages from Babel's CLDR data (in Dutch
  and English) to keep places and nationalities.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

import numpy as np

# --- word lists ----------------------------------------------------------


class _HashSet:
    """Membership of many strings in little memory: sorted 64-bit hashes.

    Python's string hash is salted per process, so the table is built in the
    process that uses it. A false positive needs a 64-bit collision.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self._hashes = np.unique(np.fromiter((hash(w) for w in words), dtype=np.int64))

    def __contains__(self, word: str) -> bool:
        value = hash(word)
        index = int(np.searchsorted(self._hashes, value))
        return index < len(self._hashes) and int(self._hashes[index]) == value

    def __len__(self) -> int:
        return len(self._hashes)


def _spacy_lookups(name: str) -> Any:
    import spacy_lookups_data  # noqa: PLC0415

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{name}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return json.load(file)


def _spacy_stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop word lists, read without importing spaCy (which is heavy)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(list(spec.submodule_search_locations)[0]) / "lang" / lang / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location(f"_stop_words_{lang}", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


def _gender_guesser_names() -> tuple[set[str], set[str]]:
    """All first names, and the ones common somewhere (frequency 3 of 13 or more).

    nam_dict gives each name a frequency per country, 1 (rare) to D (very
    common). Lower-case words without context are only taken for names when
    they are common first names: "oke", "wiet", "bobo" are rare ones.
    """
    import gender_guesser  # noqa: PLC0415

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names: set[str] = set()
    common: set[str] = set()
    with open(path, encoding="utf-8") as file:
        for line in file:
            if line[:1] in "#=" or len(line) < 30:
                continue
            name = line[3:29].strip()
            frequencies = [int(c, 16) for c in re.findall(r"[1-9A-D]", line[30:].split("$")[0])]
            for part in re.split(r"[+\- ]", name):
                if len(part) >= 2:
                    # "Ionuţ" is typed "ionut": keep the name without accents too.
                    forms = {part.lower(), fold(part)}
                    names.update(forms)
                    if frequencies and max(frequencies) >= 3:
                        common.update(forms)
    return names, common


_EXTRA_NAMES_FILE = Path(__file__).resolve().parent / "data" / "voornamen_extra.txt"


def _extra_first_names() -> set[str]:
    """Given names gender_guesser lacks (bot/data/voornamen_extra.txt), taken as common."""
    lines = _EXTRA_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return {line.strip().lower() for line in lines if line.strip() and not line.startswith("#")}


_DUTCH_NOUN_SUFFIXES = (
    "tie", "sie", "heid", "ing", "schap", "isme", "teit", "aar", "eur", "ist", "nis", "sel", "dom", "age",
    "ure", "ief", "ement", "uur", "logie", "grafie", "handel", "werk", "zorg", "wet", "beleid", "recht",
)

# Regions that are no municipality ("Gooi en Vechtstreek", "Twente").
DUTCH_REGIONS = frozenset(
    "gooi vechtstreek twente achterhoek veluwe betuwe liemers salland kempen peel zeeland drenthe friesland "
    "groningen limburg brabant flevoland overijssel gelderland holland kennemerland zaanstreek waterland "
    "rijnmond drechtsteden bollenstreek randstad haaglanden parkstad westfriesland hollands zeeuws-vlaanderen "
    "west-brabant midden-brabant oost-brabant noord-limburg midden-limburg zuid-limburg noord-holland zuid-holland "
    "noord-brabant bijlmer bijlmermeer wallen".split()
)


def fold(word: str) -> str:
    """Lower case without accents: "Oekraïne" -> "oekraine"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Dutch/English words that are also first names, used as words often enough
# that we keep them in lower case without context ("ik ben", "will", "mark"),
# and chat words the lemma tables lack ("oke", "niks", "hey").
_WORDS_THAT_ARE_NAMES = frozenset(
    "mark will may roos ben bo iris hoop engel ster lelie jade amber robin hope grace joy rose "
    "june april august bill pat don art sunny faith honey angel baby king kim rik "
    "oke oké okay ok okee okey hey hee hoi hai hallo hello hi doei dag daag ja jaa nee neen nope yes yep jep "
    "thanks thx tnx bedankt dankje dankjewel dankuwel top prima super niks nix ff effe even wiet joh hè hé "
    "haha hihi lol sorry sory pff mwah jah nah ofzo enzo ok'tje mam pap opa oma".split()
)


def _collapse(word: str) -> str:
    """Typed with a long vowel: "jaaa" -> "ja", "neee" -> "nee"."""
    return re.sub(r"(.)\1{2,}$", r"\1", re.sub(r"(.)\1+$", r"\1\1", word))

# Capitalised non-names that no list below holds: apps, brands, holidays.
_PRODUCTS = frozenset(
    w.lower()
    for w in (
        "WhatsApp Whatsapp Snapchat Snap Instagram Insta Facebook TikTok Tiktok Telegram Signal Marktplaats "
        "Google Gmail Hotmail Outlook Yahoo Booking Airbnb Uber Bolt Tinder Grindr OnlyFans Onlyfans Kinky "
        "Sexjobs Kinky Discord Skype Teams Zoom Twitter LinkedIn Linkedin YouTube Youtube iPhone Samsung "
        "Mercedes Sprinter Transit Audi BMW Volkswagen Ford Toyota Renault Opel Peugeot Citroen Fiat Skoda "
        "Western Union MoneyGram Revolut Bunq Rabobank Rabo ING ABN AMRO Jumbo Lidl Aldi Action Albert Heijn "
        "Kerst Kerstmis Pasen Pinksteren Ramadan Suikerfeest Offerfeest Koningsdag Sinterklaas Oud Nieuw "
        "God Allah Koran Bijbel Islam Europa Afrika Azië Azie Schengen Benelux EU VS NL "
        "Belastingdienst UWV DUO CAK SVB Kinderbescherming Vluchtelingenwerk Nidos Europol Interpol Schiphol "
        "Rode Kruis Jeugdbescherming Zorgverzekeraar Wijkagent Stichting BV Bv Holding Uitzendbureau "
        "Engels Nederlands Dutch English "
        # employers and platforms in signals of labour exploitation
        "Amazon Bol Zalando Coolblue PostNL DHL DPD GLS UPS FedEx Plus Dirk Hoogvliet Vomar Picnic Flink Gorillas "
        "Getir Thuisbezorgd Deliveroo Vinted Randstad Tempo Team Adecco Manpower Otto Covebo Hays Hema Kruidvat "
        "IKEA Primark McDonald's McDonalds KFC Burger King NS ProRail Rijkswaterstaat Tikkie Etos Gamma Praxis "
        "Shell Esso BP Total Q8 Transavia KLM Ryanair Wizz Wizzair FlixBus Flixbus Eurolines".split()
    )
)
PRODUCTS = _PRODUCTS
CAR_MAKES = frozenset(
    "mercedes audi bmw volkswagen vw ford toyota renault opel peugeot citroen citroën fiat skoda škoda seat dacia "
    "volvo nissan kia hyundai mazda honda iveco daf scania tesla lada suzuki mitsubishi range land jeep mini "
    "porsche jaguar lexus chevrolet chrysler dodge subaru alfa smart cupra lancia".split()
)

# Words before a name that belong to a nickname or a title ("Mama Joy",
# "Auntie Vic", "tante lola", "Big D").
NICKNAME_TITLES = frozenset(
    "mama mam mammy mummy madam madame auntie aunty aunt uncle oom tante big lil little "
    "baby papa sister brother bro sis boss don lady miss queen princess prince lange kleine dikke rooie".split()
)

# Country/nationality suffixes, accents folded: "Nigeriaanse" -> "nigeri"
# (a prefix of Nigeria), "Syriër" -> "syri", "Eritrese" -> "eritr".
_NATIONALITY_SUFFIXES = (
    "iaanse", "iaans", "aanse", "aans", "aan", "anen", "ische", "isch", "iers", "ier", "ese", "ees",
    "ezen", "eers", "eer", "aren", "aar", "se", "s", "ers", "er", "en", "e",
    # English: "Romanian", "Nigerians", "Vietnamese"
    "ians", "ian", "ans", "an", "ish",
)
# First words of two-word countries that are no word or name of their own.
_COUNTRY_FIRST_WORDS = frozenset("sri costa sierra burkina puerto papoea hong el-salvador".split())
COUNTRY_FIRST_WORDS = _COUNTRY_FIRST_WORDS
# Nationality nouns without a suffix to strip.
_NATIONALITY_NOUNS = frozenset(
    "turk turken pool polen rus russen deen denen zweed zweden noor noren schot schotten griek grieken "
    "koerd koerden arabier arabieren brit britten ier ieren fin finnen slowaak slowaken tsjech tsjechen "
    "kroaat kroaten sloveen slovenen belg belgen fransman fransen spanjaard spanjaarden thai filipijn filipijnen "
    "let letten est esten kosovaar kosovaren roemeen roemenen bulgaar bulgaren hongaar hongaren "
    "kosovar kosovars filipina filipinas filipino filipinos slovak slovaks leoons leoonse leonean leoneans "
    # peoples and minorities that are no country ("Roma families", "Tamil jongen")
    "roma sinti berber berbers amazigh tamil tamils hmong pashtun pashtuns hazara hazaras oeigoer oeigoeren uyghur "
    "rohingya yezidi yezidi's jezidi jezidi's assyriër assyriers igbo yoruba hausa edo tigray tigrinya oromo amhara "
    "kurd kurds arab arabs romani "
    # Dutch names of peoples the language lists lack (f26: "Thais", "Oezbeek", "Filipino's")
    "thais oezbeek oezbeken filipino's tadzjiek tadzjieken kazach kazachen kirgies kirgiezen wit-rus wit-russen "
    "egyptenaar egyptenaren venezolaan venezolanen antilliaan antillianen curacaoenaar curacaoenaars "
    "sierra-leoner sierra-leoners".split()
)
# Names of peoples that are a first name too when written with an accent ("Thaís").
_ALSO_ACCENTED_NAMES = frozenset({"thais"})

# Person names: lower-case particles inside a name.
PARTICLES = frozenset(
    "de van der den het 't te ten ter el al bin ben da di do dos das du la le von vom zu y dela del delos della "
    "abu ibn bint ould".split()
)


@dataclass
class Lexicon:
    first_names: frozenset[str]
    common_first_names: frozenset[str]  # frequent in some country: enough on their own in lower case
    surnames: frozenset[str]
    dutch: _HashSet  # Dutch word forms, without the ones that are only names
    dutch_sure: _HashSet  # only forms the lemma tables know beyond a bare noun entry
    english: _HashSet
    stop_words: frozenset[str]  # Dutch and English function words
    countries: frozenset[str]  # folded country names, Dutch and English
    country_prefixes: tuple[str, ...]
    languages: frozenset[str]  # folded language names ("pools", "roemeens")
    cities: frozenset[str]  # folded foreign city names ("boekarest", "sofia")
    verbs: Any = frozenset()  # Dutch verb forms ("zegt", "belde"), a _HashSet once built
    english_only_stop_words: frozenset[str] = frozenset()
    dutch_only_stop_words: frozenset[str] = frozenset()
    # Cities abroad from GeoNames (bot/data/foreign_cities.txt): a place only where context says a place
    # follows ("uit Ternopil", "geboorteplaats: Enugu"), as many are surnames or nicknames too.
    foreign_cities: frozenset[str] = frozenset()

    def is_english_text(self, text: str) -> bool:
        """More English than Dutch function words: an English message."""
        words = re.findall(r"[a-z']+", text.lower())
        english = sum(w in self.english_only_stop_words for w in words)
        dutch = sum(w in self.dutch_only_stop_words for w in words)
        return english > dutch

    def is_verb(self, lowered: str) -> bool:
        """A Dutch verb form: listed, or a regular form of a listed verb ("werkt", "werkte")."""
        if lowered in self.verbs or lowered in _REPORTING_VERBS:
            return True
        stems = []
        if lowered.endswith("t"):
            stems.append(lowered[:-1])
        if lowered.endswith(("te", "de")):
            stems.append(lowered[:-2])
        for stem in stems:
            if len(stem) >= 2 and (stem + "en" in self.verbs or stem + stem[-1] + "en" in self.verbs
                                   or (len(stem) >= 3 and stem[-2] == stem[-3] and stem[:-2] + stem[-1] + "en" in self.verbs)):
                return True
        return False

    def is_dutch_word(self, lowered: str) -> bool:
        if lowered in self.dutch or lowered in _WORDS_THAT_ARE_NAMES or lowered in self.stop_words:
            return True
        collapsed = _collapse(lowered)
        return collapsed != lowered and any(
            w in self.dutch or w in _WORDS_THAT_ARE_NAMES for w in (collapsed, collapsed[:-1])
        )

    def is_sure_dutch_word(self, lowered: str) -> bool:
        """Stricter: the noun index alone also holds proper names ("sipho")."""
        return lowered in self.dutch_sure or lowered in _WORDS_THAT_ARE_NAMES or lowered in self.stop_words

    def is_compound(self, lowered: str) -> bool:
        """A Dutch compound of known words: "zorgcoördinator", "shishalounge".

        Both parts at least 3 and 4 letters; the head (right part) may itself be
        a compound; linking s/e/en between the parts is allowed.
        """
        if len(lowered) < 6 or not lowered.isalpha():
            return False
        if lowered.endswith("wet") and self.is_sure_dutch_word(lowered[:-3]):
            return True  # "jeugdwet", "opiumwet"
        for cut in range(3, len(lowered) - 3):
            head = lowered[cut:]
            if not (self.is_sure_dutch_word(head) or head in self.english
                    or (len(head) >= 8 and self.is_compound(head))):
                continue
            left = lowered[:cut]
            for modifier in (left, left[:-1] if left.endswith("s") else "", left[:-2] if left.endswith("en") else "",
                             left[:-1] if left.endswith("e") else ""):
                if len(modifier) >= 3 and (self.is_sure_dutch_word(modifier) or modifier in self.english):
                    return True
        return False

    def is_word(self, lowered: str) -> bool:
        return self.is_dutch_word(lowered) or lowered in self.english

    def is_first_name(self, lowered: str) -> bool:
        return lowered in self.first_names

    def is_nationality_or_country(self, word: str, cities: bool = True, suffixes: bool = True) -> bool:
        folded = fold(word)
        if folded in self.countries or folded in self.languages:
            return True
        if folded in _NATIONALITY_NOUNS and (folded not in _ALSO_ACCENTED_NAMES or word.lower() == folded):
            # "Thais" the people, "Thaís" the Brazilian name
            return True
        if folded in _COUNTRY_FIRST_WORDS:  # "Sri Lankaanse", "Costa Ricaanse"
            return True
        if cities and folded in self.cities:
            return True
        if not suffixes:  # surnames like "Moldovan", "Albanese" are nationality-shaped
            return False
        for suffix in _NATIONALITY_SUFFIXES:
            if not folded.endswith(suffix):
                continue
            stem = folded[: -len(suffix)]
            if stem in self.languages or stem + "s" in self.languages:
                return True
            # The stem must be most of the country's name: "Nigeriaanse" ->
            # "nigeri" (Nigeria), not "Malee" -> "male" (Malediven).
            if len(stem) >= 4 and any(
                country.startswith(stem) and (len(stem) >= 5 or len(country) - len(stem) <= 3)
                for country in self.country_prefixes
            ):
                return True
        return False


def build(first_names_extra: Iterable[str] = (), surnames: Iterable[str] = (),
          dutch_extra: Iterable[str] = ()) -> Lexicon:
    """Load the word lists (about a second)."""
    first_names, common_first_names = _gender_guesser_names()
    extra = _extra_first_names()
    first_names |= extra
    common_first_names |= extra
    first_names.update(n.lower() for n in first_names_extra if len(n) >= 2)

    lookup = _spacy_lookups("nl_lemma_lookup")
    index = _spacy_lookups("nl_lemma_index")
    exceptions = _spacy_lookups("nl_lemma_exc")
    sure_words: set[str] = set()
    sure_words.update(k.lower() for k in lookup)
    sure_words.update(v.lower() for v in lookup.values())
    for pos, words in index.items():
        if pos != "noun":
            sure_words.update(w.lower() for w in words)
    for table in exceptions.values():
        for form, lemmas in table.items():
            sure_words.add(form.lower())
            sure_words.update(lemma.lower() for lemma in lemmas)
    sure_words.update(w.lower() for w in dutch_extra)
    verb_lemmas = {w.lower() for w in index.get("verb", ())}
    verb_forms = set(verb_lemmas)
    verb_forms.update(form.lower() for form, lemma in lookup.items() if lemma.lower() in verb_lemmas)
    verb_forms.update(form.lower() for form in exceptions.get("verb", {}))
    # The noun index also holds names ("maria", "emma"): a noun that is also a
    # first name and appears nowhere else counts as a name.
    nouns_only = {w.lower() for w in index.get("noun", ())} - sure_words
    dutch_words = sure_words | {w for w in nouns_only if w not in first_names}
    # Noun-only entries with a Dutch noun suffix are words ("prostitutie",
    # "mensenhandel" ...), which names seldom are.
    sure_words |= {w for w in nouns_only if w.endswith(_DUTCH_NOUN_SUFFIXES)}
    del lookup, index, exceptions

    english = _spacy_lookups("en_lemma_lookup")
    english_words = {k.lower() for k in english} | {v.lower() for v in english.values()}
    del english

    dutch_stop, english_stop = _spacy_stop_words("nl"), _spacy_stop_words("en")
    stop_words = dutch_stop | english_stop

    countries, languages, cities = _places_from_cldr()
    # Cities abroad (births, former addresses): never one that is also a name or a word.
    surnames = list(surnames)
    taken = {fold(n) for n in first_names} | {fold(s) for s in surnames} | dutch_words | english_words
    foreign_cities = frozenset(c for c in _foreign_cities() if c not in taken)
    return Lexicon(
        first_names=frozenset(first_names),
        common_first_names=frozenset(common_first_names),
        surnames=frozenset(s.lower() for s in surnames if len(s) >= 2),
        dutch=_HashSet(dutch_words),
        dutch_sure=_HashSet(sure_words),
        english=_HashSet(english_words),
        stop_words=stop_words,
        english_only_stop_words=english_stop - dutch_stop,
        dutch_only_stop_words=dutch_stop - english_stop,
        countries=countries,
        country_prefixes=tuple(sorted(countries)),
        languages=languages,
        cities=cities,
        foreign_cities=foreign_cities,
        verbs=_HashSet(verb_forms),
    )


_FOREIGN_CITIES_FILE = Path(__file__).resolve().parent / "data" / "foreign_cities.txt"


def _foreign_cities() -> frozenset[str]:
    """Folded names of cities abroad (see tools/foreign_cities.py)."""
    if not _FOREIGN_CITIES_FILE.exists():
        return frozenset()
    lines = _FOREIGN_CITIES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _places_from_cldr() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    from babel import Locale  # noqa: PLC0415 - pinned by Rasa; CLDR data

    countries: set[str] = set()
    languages: set[str] = set()
    cities: set[str] = set()
    for code in ("nl", "en"):
        locale = Locale(code)
        for name in locale.territories.values():
            if not any(ch.isdigit() for ch in name):
                countries.add(fold(name))
    # Languages only in Dutch and only the ones that look like a nationality
    # adjective ("Pools", "Roemeens", "Arabisch"); CLDR also lists "Fang".
    for name in Locale("nl").languages.values():
        folded = fold(name)
        if " " not in folded and (folded.endswith("s") or folded.endswith("isch")):
            languages.add(folded)
    for code in ("nl", "en"):
        locale = Locale(code)
        for zone in locale.time_zones.values():
            city = zone.get("city")
            if city:
                cities.add(fold(city))
    for zone in zoneinfo.available_timezones():
        if "/" in zone:
            cities.add(fold(zone.rsplit("/", 1)[1].replace("_", " ")))
    return frozenset(countries), frozenset(languages), frozenset(cities)


# --- finding names -------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_OPENERS = "\"'‘“(["

# "uit Constanta", "in Benin City", "naar Italië": a capitalised word after a
# preposition of place is a place, even when it is also a first name
# ("uit Sofia"); after "naar" and "via" a common first name stays a name
# ("geld naar Mehmet", "via Maria").
_PLACE_PREPOSITION = re.compile(
    r"(?:^|(?<=[\s(]))(?:uit|in|In|vanuit|Vanuit|Uit|richting|nabij|rond|from|naar|Naar|via|Via"
    # "komt van Constanța"; "in de Bijlmer", "op de Wallen" (neighbourhoods)
    r"|(?:komt|kwam|komen|kwamen|afkomstig)\s+van|(?:in|op|uit|naar)\s+(?:de|het))\s+$"
)
# A birthplace: "geboorteplaats in het paspoort: Ternopil", "born in Enugu", "geb. 12-03-1990, Panevėžys".
_BIRTHPLACE_BEFORE = re.compile(
    r"(?i:(?:geboorteplaats|geb\.?\s*plaats|place\s+of\s+birth|birthplace)(?:[^.\n]{0,30}:)?\s*"
    r"|(?:geboren|geb\.?|born)\s+(?:te|in)\s+"
    r"|(?:geboren|geb\.?|born|geboortedatum)\s*:?\s*[\d./\-]{6,10},\s*)$"
)
# "Sofia - Den Haag", "Boekarest-Venlo": the other end of a route is a place too.
_ROUTE_DASH = re.compile(r"\s*(?:-|–|—|->|→)\s*")
# Words that continue a place: "Benin City", "Eindhoven Airport", "Hollands Midden".
_PLACE_WORDS = frozenset(
    "city town stad airport centraal centrum noord zuid oost west midden haven station".split()
)

# "heet", "naam is", "noemt zich" ...: whatever follows is a name.
_STRONG = re.compile(
    r"(?i)\b(?:heet|heette|heten|genaamd|bijnaam(?:\s+is)?|roepnaam(?:\s+is)?|alias|"
    r"(?:echte\s+|voor|achter|familie|roep|bij)?naam\s*(?:is|was|:)|naam\s+van\s+(?:hem|haar)\s+is|"
    r"(?:sur|last\s+|first\s+|family\s+|nick)name\s*(?:is|was|:)|"
    r"noem(?:t|en|de|den)\s+(?:zich(?:zelf)?|hem|haar|ze|hij|zij|wij|we)(?:\s+(?:hem|haar|ze|zich(?:zelf)?))?"
    r"(?:\s+(?:online|op\s+internet|daar|hier|tegenwoordig))?|"
    r"stelde\s+zich\s+voor\s+als|stelt\s+zich\s+voor\s+als|bekend\s+als|"
    r"ken\s+(?:hem|haar|de\s+\w+)\s+(?:alleen\s+)?als|onder\s+de\s+naam|vragen\s+naar|vroeg\s+naar|"
    r"my\s+name\s+is|his\s+name\s+is|her\s+name\s+is|name\s+is|called|named|calls?\s+(?:himself|herself|him|her|them)|"
    r"(?:also\s+)?known\s+as|goes\s+by|going\s+by|go\s+by|nick\s?name(?:\s+is|:)|a\.?k\.?a\.?|"
    r"(?:voor|achter|bij|roep)?naam\s+van\s+(?:de|het|die|dat|haar|zijn)\s+\w+\s*(?:is|was|:)|"
    r"name\s+of\s+(?:the|her|his)\s+\w+\s*(?:is|was|:))"
    r"(?:\s+(?:eigenlijk|echt|officieel|gewoon|ook\s+wel|ook|wel|volgens\s+(?:de|haar|hem|mij)\s+\w+))?[\s:,]+"
)
_JOB_BEFORE = re.compile(
    r"(?i)\b(?:werkt|werken|werkte|werkten|werkzaam|baan|job|aangenomen|ingehuurd|works?|worked|working|employed)"
    r"\s+(?:als|as)\s+(?:een\s+|a\s+|an\s+)?$"
)
_ROLE_TRIGGERS = frozenset(
    "cliënte cliente klant klante betrokkene slachtoffer bewoner bewoonster huurder werknemer leerling patiënt "
    "patiënte jongere minderjarige victim girl boy woman worker zekere familie gezin".split()
)
_ENGLISH_TRIGGERS = frozenset(
    "victim girl boy woman worker friend boyfriend brother sister uncle aunt boss manager pimp client".split()
)
_TITLE = re.compile(
    r"(?<![\w])(?:mrs|mr|ms|miss|mister|madam|dr|mevr|mevrouw|mw|dhr|meneer|heer|mej|mejuffrouw|herr|frau|pani|pan|"
    r"doamna|domnul|sr|sra|señor|señora)(?:\.|\b)(?=\s)",
    re.IGNORECASE,
)
# Verbs after a subject that is a person ("ionut belde", "florin zijn loon").
_REPORTING_VERBS = frozenset(
    "belde belt zegt zei vertelt vertelde kwam komt werkt werkte woont woonde heeft had wil wilde moet moest "
    "mag kan kon stuurde stuurt appte appt mailde mailt is was zijn haar houdt hield regelt regelde betaalt "
    "betaalde dreigt dreigde sloeg slaat brengt bracht haalt haalde".split()
)
_CALLED_AFTER = re.compile(
    r"(?i)\b(?:wordt|werd|worden|werden|word)\s+(?:door\s+\w+\s+|ook\s+|vaak\s+|altijd\s+)?"
    r"([^\W\d_][\w'’\-]*)\s+genoemd\b"
    # "ze zeggen 'papi' tegen hem"
    r"|(?i:\b(?:zegt|zeggen|zei|zeiden|roept|roepen|riep|riepen)\s+(?:ze\s+|hij\s+|zij\s+|iedereen\s+)?)"
    r"['‘\"“]?([^\W\d_][\w'’\-]*)['’\"”]?\s+(?i:tegen)\s+(?:hem|haar|hen)\b"
    # "zegt dat hij darek heet", "omdat ze nok heet": the name before the verb in a clause (group 3 below)
    r"|(?i:\b(?:dat|omdat|die|want)\s+(?:hij|zij|ze|ie|die)\s+(?:echt\s+|eigenlijk\s+|zelf\s+)?)"
    r"([^\W\d_][\w'’\-]*)\s+(?i:heet|heette|genoemd\s+wordt)\b"
    # "de man die ze bakkie noemen", "die ze de koning noemen": a nickname, even when it is a word
    r"|(?i:\b(?:die|wie)\s+(?:ze|zij|ze\s+hier|ze\s+daar|iedereen|men|de\s+\w+)\s+(?:ook\s+|wel\s+|hier\s+|daar\s+)?"
    r"(?:(?:de|het)\s+)?)['‘\"“]?([^\W\d_][\w'’\-]*)['’\"”]?\s+(?i:noem(?:en|t|den|de))\b"
    # "ze noemen m jay", "iedereen noemt hem 'tiger'": the nickname after the one it names
    r"|(?i:\b(?:ze|zij|iedereen|men|they|ze\s+hier|de\s+jongens|de\s+meiden)\s+(?:noem(?:en|t|den|de)|call|calls|called)\s+"
    r"(?:m|'m|hem|haar|him|her|die\s+jongen|dat\s+meisje)\s+(?:ook\s+|wel\s+|gewoon\s+|altijd\s+)?)['‘\"“]?([^\W\d_][\w'’\-]*)['’\"”]?"
)
# Relation words: what follows is a name when it looks like one.
_RELATION = re.compile(
    r"(?i)\b(?:vriend|vriendje|vriendin|vriendinnetje|broer|broertje|zus|zusje|zuster|neef|nicht|oom|tante|"
    r"baas|bazin|eigenaar|eigenaresse|uitbater|huisbaas|werkgever|pooier|pimp|man|vrouw|moeder|vader|zoon|"
    r"dochter|chauffeur|collega|buurman|buurvrouw|contactpersoon|melder|meldster|cliënt|client|pastor|"
    r"cliënte|cliente|klant|klante|betrokkene|slachtoffer|bewoner|bewoonster|huurder|werknemer|leerling|"
    r"patiënt|patiënte|jongere|minderjarige|victim|girl|boy|woman|worker|"
    r"tolk|manager|boss|friend|boyfriend|brother|sister|uncle|aunt|mevrouw|meneer|mw|mevr|dhr|"
    r"zekere|familie|gezin|fam\.|afspraak|ruzie|relatie|getrouwd|sprak|spreek|gesproken|(?:gesprek|contact)(?:\s+(?:gehad|gevoerd|opgenomen))?(?=\s+(?:met|van))|belde|bellen|samen|zag|zie|ken|kent|kende|via|door|bij|aan|voor)"
    r"(?:\s+(?:met|van))?[\s:,.]+"
)


# Family right after a possessive: the capitalised word after it names them, also when it is a place.
_KIN_APPOSITION = re.compile(
    r"(?i)^(?:broer|broertje|zus|zusje|neef|nicht|oom|tante|man|vrouw|moeder|vader|zoon|dochter|vriendin|vriend)\s+$"
)
_POSSESSIVE_BEFORE = re.compile(r"(?i)\b(?:zijn|haar|mijn|hun|z'n|d'r|m'n|his|her|my)\s+$")


_CAMEL_CASE = re.compile(r"(?:[A-ZÀ-Þ][a-zß-ÿ]{2,}){2,3}")


@dataclass
class Token:
    start: int
    end: int
    text: str
    lower: str
    capitalised: bool
    sentence_start: bool


def tokens(text: str) -> list[Token]:
    result = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        start = match.start()
        cursor = start - 1
        while cursor >= 0 and (text[cursor].isspace() or text[cursor] in _OPENERS):
            cursor -= 1
        sentence_start = cursor < 0 or text[cursor] in ".!?:;\n-•*"
        # "SweetCandy", "BigBoss": nicknames in CamelCase count as capitalised.
        capitalised = word[0].isupper() and not word.isupper() and (
            sum(c.isupper() for c in word) == 1 or _CAMEL_CASE.fullmatch(word) is not None
        )
        end = match.end()
        if re.match(r"@|/\w|\.[a-z]{2}", text[end : end + 3]) or (
            start > 0 and text[start - 1] in "/@._"
        ):
            continue  # part of a web address or e-mail: the pattern layer's job
        result.append(Token(start, end, word, word.lower(), capitalised, sentence_start))
    return result


@dataclass
class Context:
    """What the caller knows about the text: deduce's place and protected checks."""

    lexicon: Lexicon
    is_place: Any  # callable(list[str]) -> int: number of tokens that form a place
    is_protected: Any  # callable(str) -> bool


_CALENDAR = frozenset(
    "januari februari maart april mei juni juli augustus september oktober november december jan feb mrt apr "
    "jun jul aug sep sept okt nov dec january february march may june july august october "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag monday tuesday wednesday thursday friday "
    "saturday sunday".split()
)


_WEEKDAYS = frozenset(
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag monday tuesday wednesday thursday friday "
    "saturday sunday".split()
)
# English contractions with a capital: "I'm", "I've".
_CONTRACTION = re.compile(r"i['’](?:m|ve|ll|d)")


_COMPASS = frozenset("noord oost zuid west midden noordoost noordwest zuidoost zuidwest".split())


def is_region(lowered: str) -> bool:
    """A Dutch region, also with a compass point before it: "Twente", "Oost-Gelderland", "Noordoost-Twente"."""
    head, _, rest = lowered.partition("-")
    return lowered in DUTCH_REGIONS or (head in _COMPASS and rest in DUTCH_REGIONS)


def _non_name(ctx: Context, token: Token, places: bool = True, text: str = "") -> bool:
    """Words that are no names: products, organisations, nationalities, (foreign) places."""
    if token.lower in _PRODUCTS or ctx.is_protected(token.text) or token.lower in DUTCH_REGIONS:
        return True
    if token.lower in _WEEKDAYS:
        return True
    if token.lower in _CALENDAR and (
        re.search(r"\d", text[max(0, token.start - 4) : token.end + 4]) or (token.text.islower() and len(token.text) > 3)
    ):
        return True
    if "-" in token.text:
        # "Wmo-loket", "Zuid-Limburg": a compound whose parts are words or
        # organisations; "El-Amrani" is not.
        parts = token.text.split("-")
        if any(ctx.is_protected(p) or p.lower() in _PRODUCTS for p in parts):
            return True
        if is_region(token.lower):
            return True
        if ctx.lexicon.is_sure_dutch_word(parts[-1].lower()) and parts[-1].lower() not in ctx.lexicon.first_names:
            return True
    return places and ctx.lexicon.is_nationality_or_country(token.text)


def _looks_like_lower_name(ctx: Context, token: Token, text: str = "") -> bool:
    """A lower-case word that is a common first name and no word; or a first name that is no
    sure Dutch word, told as the one who does or owns something ("ilias heeft", "bram z'n",
    "maricel's paspoort"); or a double first name ("anna-sophie", "fatima-zahra")."""
    lex = ctx.lexicon
    lowered = token.lower
    if len(lowered) < 3 or lex.is_nationality_or_country(token.text):
        return False
    if lowered in lex.common_first_names and not lex.is_word(lowered):
        return True
    if "-" in lowered:
        parts = lowered.split("-")
        return len(parts) == 2 and all(len(p) >= 2 and p in lex.first_names and not lex.is_sure_dutch_word(p) for p in parts)
    owner = re.fullmatch(r"(.+)['’]s", lowered)
    base = owner.group(1) if owner else lowered
    after = text[token.end : token.end + 24]
    determiner = _DETERMINER_BEFORE.search(text[max(0, token.start - 12) : token.start])
    if base in lex.common_first_names and base not in lex.stop_words and not determiner \
            and (owner or _OWNER_MARK_AFTER.match(after) or (token.sentence_start and _TELLS_AFTER.match(after))) \
            and not _PRONOUN_BEFORE.search(text[max(0, token.start - 6) : token.start]):
        # "joy d'r moeder", "frank zijn achternaam", "grace's ghana pas": only a person owns like
        # this, even when the name is also a word; so does "pieter zegt" open a sentence.
        return True
    if (lowered.endswith("s") and lowered[:-1] in lex.first_names and not lex.is_word(lowered)
            and not lex.is_word(lowered[:-1]) and _POSSESSION_AFTER.match(after)):
        # "ahmeds broer", "hakans auto": a possessive s glued to the name.
        return True
    if (base in lex.first_names and not lex.is_word(base) and _NUMBER_AFTER.match(after)) and not determiner:
        return True  # "kingsley nr 06...", "darek snapchat dareczek_99"
    if (token.sentence_start and len(base) >= 5 and _unknown_lower(ctx, token) and re.search(r"[aeiouy]", base)
            and _SUBJECT_OR_OWNER_AFTER.match(after) and not after.lstrip().startswith("=")):
        return True  # "okonkwo zegt ...", "haddou ook bekend als ...": an unknown word that acts as a person
    if (_IDENTIFIER_AFTER.match(text[token.end : token.end + 20]) and base.isalpha() and not determiner
            and (not lex.is_sure_dutch_word(base)
                 or (base in lex.common_first_names and base not in lex.stop_words and not lex.is_verb(base)))):
        # "olusegun tel 06...", "siriporn geb ...", "maria's mail": the one an identifier belongs
        # to, also when no name list holds the name.
        return True
    if base not in lex.first_names or base in _WORDS_THAT_ARE_NAMES or base in lex.english or lex.is_verb(base):
        return False
    if not (owner or _SUBJECT_OR_OWNER_AFTER.match(text[token.end : token.end + 16])
            or _LABEL_BEFORE.search(text[max(0, token.start - 14) : token.start])):
        return False
    # "de bram heeft" would be a thing; a name has no article. A listed Dutch word counts as a
    # name here only where a sentence starts, as in "ilias heeft een telefoon".
    if determiner:
        return False
    return not lex.is_sure_dutch_word(base) or (token.sentence_start and base not in _MONTHS_AND_DAYS)


_MONTHS_AND_DAYS = frozenset(
    "januari februari maart april mei juni juli augustus september oktober november december "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()
)


_DETERMINER_BEFORE = re.compile(r"\b(?:de|het|een|die|dat|deze|dit|mijn|jouw|zijn|haar|onze|hun|elke|iedere|geen)\s+$", re.IGNORECASE)
# Words that announce an identifier of the one named before them ("noor bsn", "olusegun tel").
_IDENTIFIER_LABELS = (
    r"tel|telefoon|telnr|mob|mobiel|bsn|geb|geboren|mail|e-mail|email|snap|insta|instagram|whatsapp|"
    r"paspoort|iban|phone|born"
)
# What follows a name told as the one who does or owns something.
_SUBJECT_OR_OWNER_AFTER = re.compile(
    r"(?:['’]s\b|\s+(?:z['’]?n|zijn|haar|d['’]?r|heeft|had|is|was|zegt|zei|werkt|woont|rijdt|appt|belt|"
    r"kwam|komt|gaat|ging|moet|wil|kan|zit|slaapt|krijgt|kreeg|vertelt|vertelde|staat|loopt|has|says|said|"
    r"ook\s+bekend|aka|alias)\b|\s*=\s|\s+[a-z]\.(?=\s|$)"
    # ... or the one an identifier belongs to: "joy tel 06...", "noor bsn ...", "siriporn geb ...".
    rf"|\s+(?:{_IDENTIFIER_LABELS}|adres)\b|\s*:\s)"
)
# Marks of ownership that follow a person only: "joy d'r moeder", "joep z'n snap", "frank zijn achternaam"
# (not "zijn is", "haar heeft": the verb "zijn" and the pronoun).
_OWNER_MARK_AFTER = re.compile(r"\s+(?:z['’]n|d['’]r|zijn|haar)\s+(?!(?:is|was|zijn|waren|wordt|werd|heeft|had)\b)\w")
# A reporting verb after a name that opens a sentence: "pieter zegt", "joy belde".
_TELLS_AFTER = re.compile(r"\s+(?:zegt|zei|belde|belt|vertelt|vertelde|appt|appte|schreef|schrijft|meldt|meldde|says|said)\b")
_PRONOUN_BEFORE = re.compile(r"(?i:\b(?:ik|jij|je|hij|zij|ze|we|wij|u|jullie|die|dat|er)\s+)$")
# What a glued possessive s owns: "ahmeds broer", "hakans auto", "ionuts leidinggevende".
_POSSESSION_AFTER = re.compile(
    r"\s+(?:broer|broertje|zus|zusje|moeder|vader|ouders|oom|tante|neef|nicht|opa|oma|vriend|vriendin|vriendje|"
    r"vriendinnetje|ex|man|vrouw|zoon|dochter|kind|kinderen|baas|leidinggevende|werkgever|collega|auto|busje|"
    r"telefoon|nummer|nr|tel|adres|huis|kamer|pas|pasje|paspoort|rekening|account|snap|insta|profiel|mail)\b"
)
# A number or account label right after a first name: "kingsley nr 06...", "darek snapchat dareczek_99".
_NUMBER_AFTER = re.compile(r"\s+(?:nr|nummer|snapchat|tiktok|facebook|fb|telegram|signal)\b")
# An identifier right after a word, as its owner's: "olusegun tel", "maria's mail", "joep z'n snap".
_IDENTIFIER_AFTER = re.compile(
    rf"(?:['’]s)?\s+(?:z['’]?n\s+|haar\s+|d['’]?r\s+)?(?:\w+\s+)?(?:{_IDENTIFIER_LABELS}|pas)\b",
    re.IGNORECASE,
)
# An identifier label right before a first name: "tel gheorghe", "bsn blessing".
_LABEL_BEFORE = re.compile(r"\b(?:tel|tel\.|telefoon|telnr|bsn|naam|name|mail van|nummer van|familie|fam\.)\s+$", re.IGNORECASE)


_PLACE_PREFIXES = frozenset("noord zuid oost west midden nieuw oud sint groot klein".split())
_PREPOSITION_TRIGGERS = frozenset("via door bij aan voor met".split())


# Pronominal adverbs the lemma tables lack: "hierbij", "daarmee", "ermee".
_PRONOMINAL_ADVERB = re.compile(
    r"(?:hier|daar|er|waar)(?:bij|mee|voor|door|aan|op|in|uit|over|na|om|naar|van|tegen|toe|onder|achter|langs|"
    r"binnen|buiten|boven|beneden|tussen|zonder|omheen|vandaan|naast|heen)"
)


def _unknown_lower(ctx: Context, token: Token) -> bool:
    return is_unknown_word(ctx, token.text)


def is_unknown_word(ctx: Context, word: str) -> bool:
    """A word (of three letters or more) that no lexicon knows and that is no place or organisation."""
    lex = ctx.lexicon
    lowered = word.lower()
    if _PRONOMINAL_ADVERB.fullmatch(lowered):
        return False
    if "-" in lowered and lowered.split("-")[0] in _PLACE_PREFIXES:
        return False  # "noord-holland", "zuid-limburg"
    return (
        len(lowered) >= 3
        and not lex.is_word(lowered)
        and not lex.is_compound(lowered)
        and not lex.is_nationality_or_country(word)
        and not ctx.is_protected(word)
    )


def _place_indices(ctx: Context, toks: list[Token], text: str) -> list[tuple[int, int]]:
    """Token index ranges [start, end) that form a place name."""
    ranges = []
    index = 0
    lex = ctx.lexicon
    while index < len(toks):
        length = ctx.is_place([t.text for t in toks[index : index + 5]])
        tok = toks[index]
        if not length and tok.text[:1].isupper() and is_region(tok.lower):
            length = 1  # "Oost-Gelderland" (a capital inside: not "capitalised")
        if not length and tok.capitalised and tok.lower not in _PRODUCTS and not ctx.is_protected(tok.text):
            before = text[max(0, tok.start - 12) : tok.start]
            match = _PLACE_PREPOSITION.search(before)
            previous_place = bool(ranges) and (
                (ranges[-1][1] == index - 1 and toks[index - 1].lower in ("en", "of", "and"))
                or (ranges[-1][1] == index and text[toks[index - 1].end : tok.start].strip() == ",")
            )
            route = index + 1 < len(toks) and _ROUTE_DASH.fullmatch(text[tok.end : toks[index + 1].start]) and (
                ctx.is_place([t.text for t in toks[index + 1 : index + 6]]) > 0
            )
            two = fold(tok.text + " " + toks[index + 1].text) if index + 1 < len(toks) else ""
            # A city abroad counts only in a place's context; that context is looked for only for such a city.
            abroad = (two in lex.foreign_cities or fold(tok.text) in lex.foreign_cities) and (
                match is not None or previous_place
                or bool(_BIRTHPLACE_BEFORE.search(text, max(0, tok.start - 45), tok.start)))
            if (two in lex.countries or (abroad and two in lex.foreign_cities)) and _adjacent(text, tok, toks[index + 1]):
                length = 2  # "Sierra Leone", "Burkina Faso"; "uit Stara Zagora"
            elif abroad and fold(tok.text) in lex.foreign_cities:
                length = 1  # "uit Ternopil", "geboorteplaats: Enugu", "geb. 12-03-1990, Panevėžys"
            elif fold(tok.text) in lex.countries or is_region(tok.lower) or route:
                length = 1
            elif match or previous_place:
                weak = match is not None and (
                    match.group(0).strip().lower() in ("naar", "via") or match.group(0).rstrip().endswith("van")
                )
                known_place = fold(tok.text) in lex.cities or fold(tok.text) in lex.countries
                # "uit Boekarest, Vasile Ene": a first name after a comma starts a name, not a second place.
                weak = weak or (previous_place and not match)
                if not (weak and tok.lower in lex.first_names and not known_place):
                    length = 1
        while (length and index + length < len(toks) and toks[index + length].capitalised
               and toks[index + length].lower in _PLACE_WORDS
               and _adjacent(text, toks[index + length - 1], toks[index + length])
               and not ctx.is_place([t.text for t in toks[index + length : index + length + 5]]) > 1):
            length += 1
        if length:
            ranges.append((index, index + length))
            index += length
        else:
            index += 1
    return ranges


def place_spans(ctx: Context, text: str) -> list[tuple[int, int]]:
    """Character spans of places: Dutch places, municipalities and their aliases."""
    toks = tokens(text)
    return [(toks[a].start, toks[b - 1].end) for a, b in _place_indices(ctx, toks, text)]


def name_spans(ctx: Context, text: str) -> list[tuple[int, int, bool]]:
    """Character spans of names found by the rules in the module docstring.

    The flag is True for a span that context announces as a name ("heet
    Sofia"): such a name wins over a place of the same spelling.
    """
    toks = tokens(text)
    if not toks:
        return []
    lex = ctx.lexicon
    places: set[int] = set()
    for first, last in _place_indices(ctx, toks, text):
        places.update(range(first, last))

    is_name = [False] * len(toks)
    english_text = lex.is_english_text(text)
    forced = [False] * len(toks)

    def candidate_mid(i: int) -> bool:
        tok = toks[i]
        if not tok.capitalised or len(tok.text) < 2 or i in places or _non_name(ctx, tok, text=text):
            return False
        if _CONTRACTION.fullmatch(tok.lower):
            return False
        # "werkt als Nanny", "works as a Cleaner": a job, when it is a word.
        if _JOB_BEFORE.search(text[max(0, tok.start - 30) : tok.start]) and lex.is_word(tok.lower):
            return False
        # In an English message a capitalised English word inside a sentence
        # is an organisation or a place ("the Salvation Army"), not a name.
        if (english_text and not tok.sentence_start and tok.lower in lex.english
                and tok.lower not in lex.first_names and tok.lower not in lex.surnames):
            return False
        # "Opel Vivaro", "Ford Transit": the word after a car make is its model.
        if (i > 0 and toks[i - 1].lower in CAR_MAKES and toks[i - 1].text[0].isupper()
                and _adjacent(text, toks[i - 1], tok)):
            return False
        if len(tok.text) == 2:  # "Sr", "Ca": only known two-letter names ("Bo", "Li")
            return tok.lower in lex.first_names and not tok.sentence_start
        if not tok.sentence_start:
            # "de Kas", "een Carwash": an article makes it a common noun
            # (surnames after "de" are deduce's: "de Vries").
            # "dat het Emeka is": an article before something that is no word
            # at all does not make it a noun.
            if (i > 0 and toks[i - 1].lower in _ARTICLES and _adjacent(text, toks[i - 1], tok)
                    and (lex.is_word(tok.lower) or lex.is_compound(tok.lower)
                         or toks[i - 1].lower in ("the", "a", "an", "this"))):  # "the Rasa server"
                return False
            # Dutch capitalises little mid-sentence: a name unless it is a
            # word that is capitalised as part of an organisation or product.
            camel = _CAMEL_CASE.fullmatch(tok.text)
            parts = [p.lower() for p in re.findall(r"[A-ZÀ-Þ][a-zß-ÿ]+", tok.text)]
            if camel and all(lex.is_sure_dutch_word(p) or (p.endswith("s") and lex.is_sure_dutch_word(p[:-1]))
                             for p in parts):
                return False  # "VeiligheidsAlliantie": an organisation of Dutch words
            if tok.lower in lex.first_names or camel:
                return True
            if lex.is_sure_dutch_word(tok.lower):
                return False
            # "Vluchtelingenwerk", "Rijkswaterstaat": capitalised compounds
            # of words are organisations, unless deduce knows the surname.
            return tok.lower in lex.surnames or not lex.is_compound(tok.lower)
        # At the start of a sentence every word has a capital: a name when it
        # is no word ("Ngozi en ...") or a first name that is no word.
        return len(tok.text) >= 3 and not lex.is_word(tok.lower) and not lex.is_compound(tok.lower)

    for i, tok in enumerate(toks):
        if candidate_mid(i):
            is_name[i] = True
        elif not tok.capitalised and tok.text.islower() and i not in places and _looks_like_lower_name(ctx, tok, text):
            is_name[i] = True

    # Names typed in capitals: "MIHAI POPESCU", "de baas ALI"; acronyms are
    # no first names ("NLA", "KVK"), and capitals that are words stay.
    for i, tok in enumerate(toks):
        if (tok.text.isupper() and len(tok.text) >= 3 and i not in places and tok.lower in lex.first_names
                and not lex.is_word(tok.lower) and not _non_name(ctx, tok, text=text)):
            is_name[i] = True
            j = i + 1
            while (j < len(toks) and toks[j].text.isupper() and len(toks[j].text) >= 2 and _adjacent(text, toks[j - 1], toks[j])
                   and not lex.is_word(toks[j].lower) and not _non_name(ctx, toks[j], text=text)):
                is_name[j] = True
                j += 1

    # "Joyce PINAS", "Ricardo KONING", "Ricky ZWOLLE": a surname typed in capitals after a first name is
    # a surname, also where it is a word or a town (an organisation's acronym is not: "Marloes NLA").
    for i in range(1, len(toks)):
        first, tok = toks[i - 1], toks[i]
        if (first.capitalised and first.lower in lex.first_names and _adjacent(text, first, tok)
                and tok.text.isupper() and len(tok.text.replace("-", "")) >= 4 and not ctx.is_protected(tok.text)
                and tok.lower not in _PRODUCTS):
            is_name[i - 1] = is_name[i] = True

    by_start = {tok.start: i for i, tok in enumerate(toks)}

    def token_after(position: int) -> Optional[int]:
        cursor = position
        while cursor < len(text) and (text[cursor].isspace() or text[cursor] in _OPENERS):
            cursor += 1
        return by_start.get(cursor)

    # Context: "heet X", "naam is X": X is a name whatever it is.
    for match in _STRONG.finditer(text):
        i = token_after(match.end())
        titled = False
        while i is not None and i < len(toks) and toks[i].lower in NICKNAME_TITLES:
            is_name[i] = titled = True
            i += 1
        # "noemen hem de Turk": the nickname follows the article.
        if (i is not None and i + 1 < len(toks) and toks[i].lower in _ARTICLES and toks[i + 1].capitalised
                and _adjacent(text, toks[i], toks[i + 1])):
            i += 1
            if toks[i].lower not in _PRODUCTS and not ctx.is_protected(toks[i].text):
                is_name[i] = forced[i] = True
            continue
        # A place name can be a person's name here ("zij heet Sofia"), and
        # after a nickname title anything is ("Mama Europa").
        if i is None or i >= len(toks) or (not titled and _non_name(ctx, toks[i], places=False, text=text)):
            continue
        if toks[i].lower in lex.stop_words and not toks[i].capitalised:
            continue
        # "hij Yonas heet, Eritrees, 17": a nationality after the verb is none
        # ("known as Mama Africa" is one).
        if not titled and lex.is_nationality_or_country(toks[i].text, cities=False):
            continue
        is_name[i] = forced[i] = True

    # Titles: "mrs. van Oosterhout", "dhr. Breda", "Mr Lopez": the name after
    # a title is a name even when it is also a place or a word.
    for match in _TITLE.finditer(text):
        i = token_after(match.end())
        particles = []
        while i is not None and i < len(toks) and toks[i].lower in PARTICLES and i + 1 < len(toks):
            particles.append(i)
            i += 1
        if i is None or i >= len(toks):
            continue
        # In lower case: after a particle anything ("mevr. de jong"), else a
        # surname, a first name or no word ("dhr. jansen").
        lower_ok = toks[i].text.islower() and toks[i].lower not in lex.stop_words and (
            bool(particles) or toks[i].lower in lex.surnames or toks[i].lower in lex.first_names
            or not lex.is_word(toks[i].lower)
        )
        if ((not toks[i].capitalised and not lower_ok) or toks[i].lower in _PRODUCTS
                or ctx.is_protected(toks[i].text) or lex.is_nationality_or_country(toks[i].text, cities=False)):
            continue
        for k in [*particles, i]:
            is_name[k] = forced[k] = True

    # The subject of a reporting verb: "ionut belde net", "zegt dat florin zijn loon ...".
    for i, tok in enumerate(toks[:-1]):
        if (tok.text.islower() and not is_name[i] and i not in places and tok.lower in lex.first_names
                and not lex.is_dutch_word(tok.lower) and not lex.is_nationality_or_country(tok.text)
                and not (english_text and tok.lower in lex.english)  # "the guy is here"
                and not (i > 0 and toks[i - 1].lower in _ARTICLES)
                and len(tok.lower) >= 3 and toks[i + 1].lower in _REPORTING_VERBS
                and _adjacent(text, tok, toks[i + 1])):
            is_name[i] = True

    # "Hij wordt Tank genoemd".
    for match in _CALLED_AFTER.finditer(text):
        group = next(g for g in (1, 2, 3, 4, 5) if match.group(g))
        i = by_start.get(match.start(group))
        if i is not None and toks[i].lower not in lex.stop_words and (
                group in (4, 5) or not _non_name(ctx, toks[i], places=False, text=text)):
            is_name[i] = forced[i] = True

    # Relation words: "vriend kevin", "zijn broer Mehmet", "sprak met jan".
    for match in _RELATION.finditer(text):
        i = token_after(match.end())
        if i is not None and i in places and toks[i].capitalised and _KIN_APPOSITION.search(match.group(0)) \
                and _POSSESSIVE_BEFORE.search(text, max(0, match.start() - 6), match.start()):
            is_name[i] = forced[i] = True  # "zijn vrouw Saba", "haar broer Axel": family named right after, not a place
            continue
        if i is None or i in places or _non_name(ctx, toks[i], text=text) or toks[i].lower in lex.stop_words:
            continue
        tok = toks[i]
        if tok.capitalised and tok.sentence_start:
            continue
        trigger = match.group(0).split()[0].lower().rstrip(":,.")
        if trigger in _ENGLISH_TRIGGERS and not tok.capitalised and (
            lex.is_word(tok.lower) or tok.lower not in lex.first_names
        ):
            continue  # "the girl said", "girl sexually exploited"
        if trigger in _PREPOSITION_TRIGGERS and not tok.capitalised and not _looks_like_lower_name(ctx, tok):
            continue  # "voor lvb", "via nlarbeidsinspectie": only names that look like names
        # Capitalised after "door", "vriend", "baas" ... is a name even when
        # it is also a word ("door Spider aangestuurd").
        lower_name = tok.lower in lex.first_names and not (lex.is_verb(tok.lower) or tok.lower in lex.stop_words)
        unknown = _unknown_lower(ctx, tok)
        if unknown and trigger in _ROLE_TRIGGERS and not lower_name:
            # after a role word an unknown word is a name only before a verb
            # or a comma: "klant adebayo werkt", not "een jongere ineens veel"
            after = text[tok.end :].lstrip()
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            unknown = not after or after[0] in ",.;:)!?" or (
                nxt is not None and lex.is_verb(nxt.lower) and nxt.lower not in lex.stop_words
                or nxt is not None and nxt.lower in _REPORTING_VERBS
            )
        if tok.capitalised or lower_name or unknown:  # not "het slachtoffer kun je"
            is_name[i] = True

    # Nickname titles with a capital before a capitalised word: "Big Mama",
    # "Uncle Tee", "Madam Rose"; in lower case before a letter or a name:
    # "big d", "tante lola", "oom ahmed".
    for i, tok in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        if (tok.lower in NICKNAME_TITLES and _adjacent(text, tok, nxt) and nxt.text.islower()
                and (len(nxt.text) == 1 or _looks_like_lower_name(ctx, nxt) or _unknown_lower(ctx, nxt)
                     or nxt.lower in _WORDS_THAT_ARE_NAMES)  # "mama rose", "auntie grace"
                and nxt.lower not in lex.stop_words and i + 1 not in places):
            is_name[i] = is_name[i + 1] = True
            continue
        # "Big T", "Mama J": a title before a single capital letter.
        if (tok.capitalised and tok.lower in NICKNAME_TITLES and len(nxt.text) == 1 and nxt.text.isupper()
                and _adjacent(text, tok, nxt)):
            is_name[i] = is_name[i + 1] = True
            continue
        if (tok.capitalised and tok.lower in NICKNAME_TITLES and nxt.capitalised and _adjacent(text, tok, nxt)
                and not _non_name(ctx, nxt, text=text) and i + 1 not in places):
            is_name[i] = is_name[i + 1] = True

    # Apposition in lower case: ", ioana," is a name when it is no word.
    for i, tok in enumerate(toks):
        if is_name[i] or not tok.text.islower():
            continue
        before = text[: tok.start].rstrip()
        after = text[tok.end :].lstrip()
        in_commas = before.endswith(",") and after[:1] in (",", ")")
        in_brackets = before.endswith("(") and after[:1] == ")" and len(tok.text) >= 4  # not "(lvb)"
        if (in_commas or in_brackets) and _unknown_lower(ctx, tok):
            is_name[i] = True

    # A name goes on: over particles and further name-like words; a title
    # before it belongs to it ("Mama Joy", "tante lola"); names come in
    # lists ("Ngozi en Chiamaka", "lamin, ousman en ebrima").
    changed = True
    while changed:
        changed = False
        for i, tok in enumerate(toks):
            if not is_name[i]:
                continue
            for j in _list_neighbours(toks, i):
                if 0 <= j < len(toks) and not is_name[j] and _coordinated(text, toks[min(i, j)], toks[max(i, j)]):
                    other = toks[j]
                    if j in places or _non_name(ctx, other, text=text):
                        continue
                    glue = text[toks[min(i, j)].end : toks[max(i, j)].start]
                    # An unknown lower-case word continues a list to the right
                    # ("Lamin, ousman en ebrima"), but "de shishalounge, Baran"
                    # is no list.
                    unknown_ok = (
                        _unknown_lower(ctx, other)
                        and (j > i or "," not in glue)
                        and not (j > 0 and toks[j - 1].lower in _ARTICLES)
                    )
                    # Capitalised inside a sentence next to a name is a name even
                    # when it is also a word ("Somchai en Nok werken").
                    mid_sentence = not other.sentence_start and not (j > 0 and toks[j - 1].lower in _ARTICLES)
                    if (other.capitalised and (not lex.is_sure_dutch_word(other.lower) or other.lower in lex.first_names
                                               or mid_sentence)) \
                            or (other.text.islower() and (_looks_like_lower_name(ctx, other) or unknown_ok
                                                          or _common_name_in_list(ctx, toks, j))):
                        is_name[j] = changed = True
            # "Wang Fang" at the start of a sentence: a first name before a name.
            if (i > 0 and not is_name[i - 1] and toks[i - 1].sentence_start and toks[i - 1].capitalised
                    and _adjacent(text, toks[i - 1], tok) and toks[i - 1].lower in lex.first_names
                    and toks[i - 1].lower not in lex.stop_words and not _non_name(ctx, toks[i - 1], text=text)
                    and i - 1 not in places):
                is_name[i - 1] = changed = True
            # forwards
            j = i + 1
            while j < len(toks) and toks[j].lower in PARTICLES and _adjacent(text, toks[j - 1], toks[j]):
                j += 1
            after_particle = j > i + 1
            if after_particle and j < len(toks) and is_name[j] and _adjacent(text, toks[j - 1], toks[j]) \
                    and not all(is_name[k] for k in range(i + 1, j)):
                # "Amina bint Khalid": the particles between two names belong to the name.
                for k in range(i + 1, j):
                    is_name[k] = True
                changed = True
            if (j < len(toks) and not is_name[j] and _adjacent(text, toks[j - 1], toks[j])
                    and (j not in places or (after_particle and toks[j].lower in lex.surnames))):
                nxt = toks[j]
                if _HYPHEN_PARTICLE.match(nxt.text):
                    is_name[j] = changed = True  # "Samer al-Khatib", "Fatima el-Idrissi"
                elif nxt.capitalised and not _non_name(ctx, nxt, text=text) and (
                    not lex.is_dutch_word(nxt.lower) or nxt.lower in lex.first_names or nxt.lower in lex.surnames
                ):
                    is_name[j] = changed = True
                elif nxt.text.islower() and (
                    nxt.lower in lex.surnames or nxt.lower in lex.first_names or _unknown_lower(ctx, nxt)
                ) and nxt.lower not in lex.stop_words:
                    if tok.text.islower() or j > i + 1:
                        is_name[j] = changed = True
                if is_name[j]:
                    for k in range(i + 1, j):
                        is_name[k] = True
            # backwards: titles of nicknames
            if i > 0 and not is_name[i - 1] and toks[i - 1].lower in NICKNAME_TITLES and _adjacent(
                text, toks[i - 1], tok
            ):
                is_name[i - 1] = changed = True

    spans: list[tuple[int, int, bool]] = []
    for i, tok in enumerate(toks):
        if is_name[i]:
            if spans and _adjacent(text, toks[i - 1], tok) and is_name[i - 1]:
                spans[-1] = (spans[-1][0], tok.end, spans[-1][2] or forced[i])
            else:
                spans.append((tok.start, tok.end, forced[i]))
    return spans


def _common_name_in_list(ctx: Context, toks: list[Token], j: int) -> bool:
    """ "Anna, Bart en ilias": a common first name in a list of names is a name, also when it is a word."""
    lowered = toks[j].lower
    return (lowered in ctx.lexicon.common_first_names and lowered not in ctx.lexicon.stop_words
            and not ctx.lexicon.is_verb(lowered) and not (j > 0 and toks[j - 1].lower in _ARTICLES))


# An Arabic surname with its particle joined by a hyphen: "al-Khatib", "el-Idrissi", "bin-Salem".
_HYPHEN_PARTICLE = re.compile(r"(?:al|el|bin|ibn|abu|ben|bint|ould)[-‐][A-ZÀ-Þ][\w'’]+$")
_CONJUNCTIONS = frozenset("en of and or und".split())
_ARTICLES = frozenset("de het een deze this the a an".split())
_LIST_GLUE = re.compile(r"\s*(?:,|&|/|\s(?:en|of|and|or|und|и)\s)\s*")


def _list_neighbours(toks: list[Token], i: int) -> list[int]:
    """The tokens next to token i, skipping one conjunction ("en", "of", "and")."""
    result = []
    for step in (-1, 1):
        j = i + step
        if 0 <= j < len(toks) and toks[j].lower in _CONJUNCTIONS:
            j += step
        result.append(j)
    return result


def _coordinated(text: str, left: Token, right: Token) -> bool:
    """"X en Y", "X, Y", "X & Y"."""
    return _LIST_GLUE.fullmatch(text[left.end : right.start]) is not None


def _adjacent(text: str, left: Token, right: Token) -> bool:
    """Only blanks or a hyphen between two tokens."""
    between = text[left.end : right.start]
    return len(between) <= 2 and all(c in " -" for c in between) and between != ""
