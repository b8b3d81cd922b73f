"""Danger in a message: the one reading that decides whether the reply says "bel 112".

Used by the Rasa server's NLU guard (``rasa_ext.acute_guard``), so 112 never depends
on the action server, and by the route (``bot.interpret``), so the same message is
judged the same way everywhere. The terms are data (``routekaarten/begrippen.yml``,
section ``danger``, with the rules explained above it); this module only applies them.

A message is read clause by clause. Each cue that fires is kept with whether it was
negated, hypothetical or past, so tests and logs can say *why* a message was judged
as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Optional

from bot.textnorm import normalise

NONE, POSSIBLE, ACUTE = "none", "possible", "acute"
_RANK = {NONE: 0, POSSIBLE: 1, ACUTE: 2}

# Clause breaks: punctuation and the contrast words that start a new thought.
# "pas maar op", "kijk maar uit" are warnings, not a contrast.
# "alleen" opens a contrast ("..., alleen naar huis mag hij niet"), not after a negation: "ik mag niet alleen
# naar buiten" is one clause (w50).
_CLAUSE_SPLIT = re.compile(r"[.!?;,:\n]+|(?<!niet)(?<!nooit)(?<!never)(?<!not)\s(?=(?:maar|but|alleen|echter)\s(?!(?:op|uit)\b))")
# A negator starts after a blank or a quote mark ("zij zegt 'nobody hurt me'").
_NEGATOR_START = r"(?:^|[\s'\"‘’“”])"
_LOCAL_NEGATION = re.compile(
    _NEGATOR_START + r"(?:(?:niet|nie|geen|not|no|don't|doesn't|didn't)(?:\s+\S+){0,2}"
    # "niemand heeft hem ooit bedreigd": a negating subject reaches one word further
    r"|(?:nooit|niemand|never|nobody)(?:\s+\S+){0,3}"
    # "nee niks acuut", "niets echt dringends", "nothing urgent": one word at most ("ze eet niks en wordt
    # geslagen" keeps its harm)
    r"|(?:niks|niets|nix|nothing)(?:\s+(?!en\b|and\b|maar\b|but\b|of\b)\S+)?"
    # "geen aanwijzingen dat iemand vastgehouden wordt", "niks gezegd over dreiging of geweld"
    r"|(?:geen (?:aanwijzingen?|signalen|tekenen|bewijs)|(?:niks|niets) gezegd over|no (?:signs?|evidence))(?:\s+\S+){0,4})\s*$"
)
# Only a negating subject takes back a phrase split around its object ("niemand houdt mij vast");
# "ze kan niet weg, hij houdt haar vast" keeps its danger.
_SUBJECT_NEGATION = re.compile(_NEGATOR_START + r"(?:niemand|nobody|no one)\s*$")
_NEGATION_AFTER = re.compile(r"^\s*(?:(?!en\b|and\b|maar\b|of\b)\S+\s+)?(?:niet|not)(?:\s|$)")
# Years gone by, written when this was (December 2026): the core has no clock, so bump this yearly
# or pass one in. "In 2027 komt hij vrij" tells of the future and is no past marker.
_YEARS_GONE_BY = r"(?:19[89]\d|20[01]\d|202[0-5])"
# A year told as the time of what happened: "in 2021", "dat was 2019", "begin 2023" (not "sinds 2021").
_PAST_YEAR = re.compile(
    r"\b(?:in|uit|begin|eind|medio|zomer|winter|voorjaar|najaar|dat was|dat is|was)\s+" + _YEARS_GONE_BY + r"\b"
)
# Told as settled, anywhere in the message: evidence (beside a calm learned reading) that the
# danger words tell a story that is over ("terugblik", "is afgehandeld", "bleek een grap",
# "er is niks gebeurd", a bare year before this one, not an amount). Not read per clause.
_SETTLED = re.compile(
    r"\b(?:terugblik|oud dossier|oude dossiers?|casus oud|afgehandeld|afgerond\w*|afgesloten(?!\s+(?:kamer|ruimte|deur|container|kelder|loods|schuur|caravan|woning|pand|kast|room))|"
    r"(?:niks|niets) aan de hand|(?:niks|niets|nooit) gebeurd|bleek|contactverbod|back then|vals alarm|loos alarm|"
    r"klopte niet|bij navraag|"
    r"(?<!sinds )(?<!since )(?<!€ )" + _YEARS_GONE_BY + r"(?!\s*(?:euro|eur|pond|zloty|lei)\b))\b"
)
_BRACKETED = re.compile(r"\([^()]*\)")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
# A question that asks what to do now ("wat moet ik doen?", "ambu?", "112 bellen?", "rijden of bellen?", "what do I do").
_ACTION_QUESTION = re.compile(
    r"^(?!.*\b(?:als|wanneer|indien|bij|if|when|klopt|mag|geldt)\b)\W*(?:en\s+)?(?:(?:rijden|gaan|wachten|blijven|ingrijpen|huisarts|112|bellen|ambu\w*|ambulance)\s+(?:of|or)\s+)?"
    r"(?:(?:wat|hoe)\s+(?:moet|doe|doen|kan|moeten|kunnen)\s+(?:ik|we|wij|je)|wat\s+nu|ambu\w*|ambulance|politie|112|"
    r"bellen|help|hulp|what\s+(?:do|should|can)\s+(?:i|we)|(?:what|which)\s+number|who\s+(?:do|should)\s+i\s+call|"
    r"nu\s+bellen|wie\s+bel\s+ik|wie\s+(?:bellen|belt|moet\s+ik\s+bellen|moeten\s+we\s+bellen)|wat\s+zeg\s+ik|welk\s+nummer|wat\s+geef\s+ik|wat\s+te\s+doen|wat\s+doe\s+ik|"
    # "wie moet ik nu nog inschakelen?" (w61): whom to call about what is told ("hoe verder?" ends calm stories too)
    r"wie\s+(?:moet|moeten)\s+(?:ik|we|wij)\s+(?:nu\s+)?(?:nog\s+)?(?:inschakelen|bellen|waarschuwen))"
    r"(?:\s+[\w']+){0,4}\W*$"
)
# A question asked without a question mark: "wanneer moet ik nou 112 bellen en wanneer ...".
_ASKED = re.compile(
    r"(?:^|[.!:,\n]\s*)(?:wanneer|hoe (?:zit|werkt|gaan|ga je|definieer|bepaal)|welke|wat (?:zijn|is|valt|bedoelen)|"
    r"geldt|gelden|moet ik|moeten wij|moeten we|kan ik|mag ik|klopt (?:het|dat|da)|is dat|is het|valt dat|"
    # asked without a question mark, as voice notes and policy questions do (w49): "ik wil graag weten wanneer",
    # "beleidsvraag van ons team", "kunt ge me uitleggen", "vraag voor mijn leidinggevende", "hoe serieus moet"
    r"(?:ik|we|wij) (?:wil|willen) (?:graag |even |efkes |gewoon )?weten|vraag (?:van|voor|over)|beleidsvraag|"
    r"(?:kunt|kun|kan) (?:ge|je|u|jij) (?:me |mij |ons )?(?:uitleggen|vertellen)|hoe serieus|"
    r"hoe weet (?:ik|je|ge)|wa (?:valt|zijn|is) |"  # dialect "wa"; "wat ..." is above
    r"when|how do|what (?:is|are|counts))\b"
)
# An answer that opens with a no ("nee, hij is vandaag in Roemenië"): said to "Is er nu direct
# gevaar?", it is the professional's own word against a learned reading without cues.
# English "no" only as a word of its own ("no, he is gone"), not "no food", "no one"; Polish "nie"
# is a negation ("nie mogę wyjść"), never a no by itself.
# A no taken back or qualified ("nee... wacht, toch wel", "nee, maar ...") is no no.
_OPENS_WITH_NO = re.compile(
    r"^\s*(?:nee+|neen|nope|nah|welnee|niet direct|niet nu|nu niet|not now|no(?=\s*[,.!;:]|\s*$))\b"
    r"(?!.*\b(?:wacht|toch|sorry|eigenlijk|maar|alleen|behalve|but|wait|actually|except)\b)"
)
# A denial that opens a fragment of a list: "geen geweld, geen opsluiting, niemand bedreigd", "not locked in, no threats".
_LISTED_DENIAL = re.compile(
    r"(?:^|[,;:(\n]|\ben\b|\bof\b|\band\b|\bor\b)\s*(?:geen|niet|niemand|nooit|nergens|no|not|nobody|never|nie)\b"
)
_CONTRAST = re.compile(r"\b(?:maar|but|alleen|echter|wel)\b")
_AGE = re.compile(
    r"\b(?:(?:1[0-7]|[4-9])\s*(?:jaar|jr|-?jarige?|years?|yo)\b"
    r"|(?:meisje|meid|jongen|kind|dochter|zoon|tiener|leerling|scholier|girl|boy|pupil|daughter|son)s?\s+(?:van\s+|of\s+)?(?:pas\s+|nog\s+maar\s+)?(?:1[0-7]|[4-9])\b"
    r"|(?:is|was|pas|aged?)\s+(?:pas\s+)?(?:1[0-7]|[4-9])\b(?!\s*(?:uur|euro|keer|mensen|man|vrouwen|bedden|dagen|weken|maanden|jaar geleden)))"
)
# Dutch puts the time between the verbs: "komt haar vanavond halen".
_COME_TO_TAKE = re.compile(r"\b(?:haar|hem|ze|zij|mij|me|hen|hij)\b(?:\s+\S+){0,3}?\s+naar\s+\S+(?:\s+\S+)?\s+(?:brengen|brengt|sturen|stuurt|vervoeren|verhuizen|overbrengen|gebracht|gestuurd|vervoerd|overgebracht)\b|\b(?:komt|komen|kom|gaat|gaan|zal|zullen)\b(?:\s+\S+){0,4}?\s+(?:halen|ophalen|meenemen|oppikken|weghalen)\b")
# "mannen die haar slaan", "ze slaan haar": a plural present, told as happening.
_THEY_DO = re.compile(r"\b(?:die|ze|zij|they|who)\b(?:\s+\S+){0,2}\s*$")
# "ik weet waar je dochter in Krakau woont", "we know where your kids go to school": knowing where
# someone's family lives, told to them, is a threat (a few words may stand between).
_KNOWS_WHERE_KIN = re.compile(
    r"\b(?:weet|weten|know|knows)\s+(?:(?:ze|zij|hij|ik|we|wij|they|he|she|i)\s+)?"
    r"(?:precies\s+|heel\s+goed\s+|ook\s+|very\s+well\s+|exactly\s+)?(?:waar|where)\s+"
    r"(?:je|jouw|uw|jullie|your|haar|zijn|her|his|mijn|my|hun|their)\s+(?:\S+\s+){0,4}?"
    r"(?:woont|wonen|woon|zit|zitten|werkt|werken|slaapt|verblijft|school|live|lives|stays|works)\b"
    # Romanian and Polish, not after their negation ("nu stiu unde sunt", "nie wiem gdzie jestem")
    r"|(?<!\bnu )\b(?:stiu|stim|stie|stiti)\s+(?:unde\s+(?:\S+\s+)?(?:sta|stai|stati|stau|locuiesti|locuieste|locuiti|"
    r"lucrezi|lucreaza|lucrati|mergi|merge)|la\s+ce\s+ora\s+(?:termini|pleci|iesi))\b"
    r"|(?<!\bnie )\b(?:wiem|wiemy|wie|wiedza)\s+gdzie\s+(?:\S+\s+)?(?:mieszkasz|mieszka|mieszkaja|pracujesz|pracuje|pracuja)\b"
)
# The reporter's own wish ("ik wil niet meteen melden"), or a wish about something ("wil niet dat zijn naam
# erbij staat"): not someone made to do what they do not want.
_OWN_CHOICE = re.compile(r"\b(?:ik|we|wij|i)\s+$")
_PREFERENCE_AFTER = re.compile(r"\s+(?:dat|that)\b")
# Young children alone (w59: "twee kinderen van 4 en 7 zitten alleen in een flat"): a child left without an adult.
_CHILD_ALONE = re.compile(
    r"\b(?:kinderen|kind|kindje|kindjes|peuter|peuters|baby|baby's|kleuter|kleuters|zoontje|dochtertje|kids|children|child)\b"
    r"(?:\s+\S+){0,5}?\s+(?:zitten|zit|zijn|is|liggen|ligt|are|were)\s+(?:helemaal\s+)?(?:alleen|alone)\s+"
    r"(?:thuis|at\s+home|home|in\s+(?:een|de|het|hun|die|a|the)\s+(?:flat|huis|woning|kamer|caravan|auto|appartement|chalet|"
    r"portiek|busje|house|room|car|apartment))\b"
)
# Harm told in the passive with its agent ("ingesloten door haar vriend", "opgewacht door twee mannen"):
# told as happening, not a bare noun.
_BY_AGENT = re.compile(r"\s+door\s+(?!de\s+(?:jaren|tijd|week)\b)")
# Harm the reporter perceives ("ik hoor haar gillen", "we zien hem slaan"): it happens as they speak. Marks seen
# ("ik zie wondjes") tell of harm done, not of harm happening.
_INJURY_NOUNS = frozenset({"blauwe plekken", "blauwe plek", "wondjes", "striemen", "verwondingen", "brandwonden"})
_PERCEIVED = re.compile(r"\b(?:ik|we|wij|je|jij)\s+(?:hoor|horen|hoort|zie|zien|ziet)\s+(?:\S+\s+){0,2}$")
_THREAT_VERB = re.compile(r"\b(?:dreig\w*|gedreigd|bedreig\w*|threat\w*)\b")
# A threat told as happening: "hij dreigt wel", "sinds gisteren dreigen ze zijn moeder", "ze wordt
# bedreigd", "mannen die hem bedreigd hebben", "maar wel dreiging". Not "dreigt dakloos te raken"
# (about to), not "de man die haar bedreigde" (past), not "bij dreiging bel je ..." (a rule), not
# "als je iemand dreigt ..." (asked in general). Such a threat only raises danger: denied or past,
# it is no evidence against the learned reading (see _clause_cues).
_THREAT_TOLD = re.compile(
    r"(?<!\bbij )(?<!\bals je )(?<!\bals je iemand )"
    r"\b(?:dreigt|dreigen|bedreigt|bedreigen|threatens|threatening)\b"
    r"(?!(?:\s+(?!haar|hem|ze|mij|me|ons|hen|zijn|jou|je|de|het|iedereen|collega)\S+){0,3}\s+te\s+"
    r"(?:raken|worden|verliezen|lopen|vallen|gaan|ontstaan|mislukken|verdwijnen|sluiten)\b)"
    r"|\b(?:wordt|worden|word|heeft|hebben|heb|is being|are being|has|have)\s+"
    r"(?:(?!niet\b|nooit\b|never\b|not\b|geen\b)\S+\s+){0,3}?"
    r"(?:bedreigd|gedreigd|threatened)\b"
    r"|\b(?:bedreigd|gedreigd)\s+(?:heeft|hebben|wordt|worden)\b"
    r"|\b(?:wel|er is|er zijn|echte|serieuze|duidelijke)\s+(?:een\s+)?(?:be)?dreiging(?:en)?\b"
)
# A consequence told as a threat: "anders krijgt hij problemen", "dan krijg ik problemen", "als hij niet
# betaalt gebeurt er wat", "anders krijgen we allebei problemen" (not trouble with an office: "anders krijgt
# hij problemen met de Belastingdienst").
_NOT_AN_OFFICE = (
    r"(?!\S*\s+met\s+(?:de|het|zijn|haar|je)?\s*(?:belasting\w*|uwv|ind|gemeente|huur\w*|verhuurder|school|duo|svb|"
    r"bank|verzekering\w*|uitkering|toeslag\w*|inburgering|verblijf\w*|papieren|werkgever|baas|pw|cjib|deurwaarder)\b)"
)
_CONSEQUENCE = re.compile(
    r"\b(?:anders|zo niet|dan)\s+(?:\S+\s+){0,3}?(?:krijg|krijgt|krijgen)\s+(?:\S+\s+){0,3}?problemen\b" + _NOT_AN_OFFICE
    + r"|\b(?:anders|zo niet)\s+(?:\S+\s+){0,2}?['‘]?problemen\s+krijg\w*\b"
)
_PERSON = re.compile(
    r"\b(?:haar|hem|ze|zij|hij|hen|mij|me|meisje|meisjes|jongen|jongens|vrouw|vrouwen|man|mannen|kind|kinderen|"
    r"dochter|zoon|slachtoffer|leerling|cliënt|client|her|him|she|he|me|girl|boy|woman|women|child|kid|victim)\b"
)
# Dutch splits its verbs: "houdt mijn cliënt vast", "sluit haar op", "doen mijn moeder iets
# aan", "ligt een man op de grond", "hoor iemand om hulp roepen".
_SOMEONE = (
    r"(?:haar|hem|ze|zij|hen|mij|me|iemand|mensen|het slachtoffer|mijn cli[eë]nt|de cli[eë]nt|"
    r"de (?:meisjes?|jongens?|kinderen|vrouwen?|mannen|arbeiders|werknemers))"
)
# "houdt haar paspoort vast" holds a thing, not a person.
_NOT_A_THING = r"(?!\s+(?:paspoort\w*|papieren|id\w*|geld|loon|salaris|telefoon\w*|bankpas\w*|pas|documenten|spullen))"
_SPLIT_ACUTE = re.compile(
    r"\b(?:houdt|houden|hield|hielden)\s+" + _SOMEONE + _NOT_A_THING + r"(?:\s+\S+){0,3}?\s+vast\b"
    r"|\b(?:sluit|sluiten|sloot|sloten)\s+" + _SOMEONE + _NOT_A_THING + r"(?:\s+\S+){0,3}?\s+op\b"
    r"|\bligt\b(?:\s+\S+){1,4}?\s+op de grond\b"
    r"|\bom hulp\s+(?:roepen|roept|riep|schreeuwen|schreeuwt|gillen|gilt)\b"
)
# Someone lying on the floor: "man ligt op de vloer", "er ligt een jongen in de gang op de grond"
# (a mattress or rubbish on the floor is no danger).
_LYING_ONE = r"(?:man|vrouw|iemand|jongen|meisje|collega|werknemer|kind|arbeider)"
_LYING = re.compile(
    rf"\b(?:{_LYING_ONE}|hij|ze|zij|medewerker)\s+ligt(?:\s+\S+){{0,3}}?\s+op de (?:grond|vloer)\b"
    rf"|\bligt\s+(?:een\s+)?{_LYING_ONE}\b(?:\s+\S+){{0,3}}?\s+op de (?:grond|vloer)\b"
)
_SPLIT_HARM = re.compile(r"\b(?:doen|doet|deden)\b(?:\s+\S+){1,4}?\s+iets aan\b|\bmaken\b(?:\s+\S+){1,3}?\s+af\b")
# A weapon in someone's hands: "een man met een honkbalknuppel", "hij heeft een mes".
_WEAPON = re.compile(
    r"\b(?:met|heeft|hebben|had|pakt|pakte|trekt|trok|houdt|with|has|have|had|holding|holds)\s+"
    r"(?:(?:een|zijn|haar|hun|twee|a|an|his|her|their|two)\s+)?"
    r"(?:mes|messen|pistool|pistolen|vuurwapens?|wapens?|knuppels?|honkbalknuppels?|bijl(?:en)?|machetes?|"
    r"zwaarden|zwaard|stiletto|knives|knife|guns?|pistols?|bats?|baseball bats?|axes?|weapons?|swords?)\b"
)
# "moet vanavond met een klant mee": someone has to go along.
_MUST_GO_WITH = re.compile(r"\b(?:moet|moeten|must|has to)\b(?:\s+\S+){0,5}?\s+mee\b")
# "wordt een busje in getrokken", "in de auto geduwd": someone forced into a vehicle.
_INTO_VEHICLE = re.compile(
    r"\b(?:auto|busje|bus|bestelbus|wagen|truck)\b(?:\s+\S+){0,2}?\s+(?:in\s+)?"
    r"(?:getrokken|gesleurd|geduwd|gezet|gedwongen|geslingerd)\b"
    r"|\b(?:getrokken|gesleurd|geduwd|dragged|pushed|forced)(?:\s+(?:her|him|them|haar|hem|ze))?\s+(?:in|into)\s+"
    r"(?:een|de|het|a|the)\s+(?:auto|busje|bus|wagen|car|van|truck)\b"
)
_AFRAID = re.compile(r"\b(?:bang|angstig|doodsbang|afraid|scared)\b")
_AGE_PREFIX = re.compile(r"\b(1[0-7]|[4-9])\s*-?\s*jarig")
# An age as an ad or a worried reader writes it: "(16?)", "ziet eruit als 15/16", "looks 15", "16 birthday".
_AGE_WRITTEN = re.compile(
    r"\((?:1[0-7])\s*\??\)|\b1[0-7]\s*/\s*1[0-7]\b|\b(?:eruit als|looks like|looks)\s+1[0-7]\b|\b1[0-7]\s+birthday\b"
)
# A child offered for sex, soon: an ad, an appointment, clients, a hotel ("first time, hotel tonight").
_SEX_OFFER = re.compile(
    r"\b(?:escort\w*|first time|new girl|kinky|sekssite\w*|advertentie|advertenties|ad posted|met mannen|with men|to men)\b"
)


@dataclass(frozen=True)
class Cue:
    """One thing in the message that points at danger."""

    kind: str          # "phrase" | "harm_now" | "harm_present" | "threat" | "taken" | "cannot_leave" | "fear" | "self_harm" | "harm" | "missing"
    level: str         # ACUTE or POSSIBLE when it counts
    text: str          # the words that fired
    negated: bool = False
    hypothetical: bool = False
    past: bool = False
    # Told inside a sentence that asks ("wordt ze bedreigd?"): a question may take it back, and only
    # such cues. Danger told beside a question ("wat doet de NLA? o en hij staat nu met een mes voor
    # de deur") is not asked.
    asked: bool = False
    now: bool = False      # its clause says it happens now ("nu", "op dit moment", "net")

    @property
    def counts(self) -> bool:
        return not (self.negated or self.hypothetical or self.past)


@dataclass(frozen=True)
class Danger:
    """How dangerous a message sounds, and why."""

    level: str = NONE
    cues: tuple[Cue, ...] = ()
    denied: bool = False        # the message says outright there is no danger now
    minor: bool = False         # someone under 18 is mentioned
    # The learned reading beside the words (bot.learned.combine): its level and its
    # probability of any danger; None when no model read the message.
    learned: Optional[str] = None
    learned_p: Optional[float] = None
    # Words anywhere in the message that can take danger back: "past", "hypothetical",
    # "question", "negation", "denied". Evidence that bot.learned.combine may use to lower.
    markers: tuple[str, ...] = ()
    # "geen geweld, geen opsluiting, niemand bedreigd": denials listed one after another. One harm
    # denied ("niemand komt hem halen", "hij slaat me niet") does not deny the danger the model hears.
    denies_a_list: bool = False

    @property
    def acute(self) -> bool:
        return self.level == ACUTE

    @property
    def possible(self) -> bool:
        return self.level == POSSIBLE

    @property
    def any(self) -> bool:
        return self.level != NONE

    @property
    def words_deny(self) -> bool:
        """The words deny danger, or every danger cue in them is negated, past or hypothetical."""
        return self.denied or (
            bool(self.cues) and not any(c.counts for c in self.cues) and self.denies_a_list
        )


def _pattern(terms: Iterable[str]) -> re.Pattern[str]:
    from bot.lexicon import term_pattern

    return term_pattern(terms)


class DangerLexicon:
    """The danger terms, compiled once (see begrippen.yml, section ``danger``)."""

    SECTIONS = (
        "acute_phrases", "harm", "physical", "now", "present", "threat", "soon", "condition",
        "cannot_leave", "nearby", "taken", "against_will", "fear", "self_harm", "minor", "past",
        "hypothetical", "denials", "not_harm", "veiled_threats", "safe_now", "missing",
    )

    def __init__(self, raw: dict[str, list[str]]) -> None:
        self.p = {name: _pattern(raw[name]) for name in self.SECTIONS}

    def _has(self, section: str, text: str) -> Optional[re.Match]:
        return self.p[section].search(text)

    def _past(self, text: str) -> bool:
        return bool(self._has("past", text) or _PAST_YEAR.search(text))

    @staticmethod
    def _asks(text: str) -> bool:
        """The message asks something. A question mark inside brackets is a doubt about a detail
        ("zwangere vrouw (8 mnd?) ... bloedt"), not a question."""
        plain = _BRACKETED.sub(" ", text)
        if not ("?" in plain or _ASKED.search(plain.lower())):
            return False
        # "wat moet ik doen?", "ambu?", "bellen?" ask what to do about what is told, not whether it is
        # danger: such questions alone take nothing back.
        asked = [q for q in _SENTENCE.findall(plain) if "?" in q or _ASKED.search(q.lower())]
        return not asked or not all(_ACTION_QUESTION.search(q.lower()) for q in asked)

    def mentions_minor(self, norm: str) -> bool:
        return bool(self._has("minor", norm) or _AGE.search(norm) or _AGE_PREFIX.search(norm) or _AGE_WRITTEN.search(norm))

    def assess(self, text: str) -> Danger:
        """Read `text` for danger (see the module docstring and begrippen.yml)."""
        norm = normalise(text)
        if not norm:
            return Danger()
        minor = self.mentions_minor(norm)
        # Phrases that look like harm but are not ("drugs opslaan", "bedreigd met ontslag").
        norm = self.p["not_harm"].sub(" ", norm)
        denied_at = [m.end() for m in self.p["denials"].finditer(norm)]
        cues: list[Cue] = []
        # Split the text as typed: normalising removes the punctuation between clauses.
        lowered = text.lower()
        asking = _asking_spans(lowered)
        for start, clause in _clauses(lowered):
            clause = self.p["not_harm"].sub(" ", normalise(clause))
            if clause:
                found = self._clause_cues(clause, minor, norm)
                if any(a <= start < b for a, b in asking):
                    found = [replace(c, asked=True) for c in found]
                cues += found
        # Across clauses ("kinderen van 4 en 7 zitten alleen in een flat"): told in the present, so not past.
        cues += [Cue("harm", POSSIBLE, m.group(0), hypothetical=bool(self._has("hypothetical", norm)))
                 for m in _CHILD_ALONE.finditer(norm)]
        if self._has("safe_now", norm):
            # Missing, but safe or found again ("is weer terecht", "niemand weet waar ze is, ze is nu veilig").
            cues = [c for c in cues if c.kind != "missing"]
        denied = bool(denied_at)
        counting = [c for c in cues if c.counts]
        if denied:
            # The professional's own "geen direct gevaar" stands, except for what is acute
            # by a now-word or an explicit phrase told after a contrast ("maar ze wordt nu...").
            contrast_after_denial = any(_CONTRAST.search(norm[end:]) for end in denied_at)
            counting = [
                c for c in counting
                if c.level == ACUTE and (c.kind == "harm_now" or (c.kind == "phrase" and contrast_after_denial))
            ]
        level = max((c.level for c in counting), key=_RANK.__getitem__, default=NONE)
        markers = tuple(name for name, present in (
            ("past", self._past(norm) or bool(_SETTLED.search(norm))),
            ("hypothetical", bool(self._has("hypothetical", norm))),
            ("question", self._asks(text)),
            ("negation", any(c.negated for c in cues)),
            ("denied", denied),
            ("safe", bool(self._has("safe_now", norm))),
            ("answered_no", bool(_OPENS_WITH_NO.match(lowered))),
            ("contact_only", _contact_only(text)),
        ) if present)
        listed = len(_LISTED_DENIAL.findall(lowered)) >= 2
        return Danger(level, tuple(cues), denied, minor, markers=markers, denies_a_list=listed)

    def _clause_cues(self, clause: str, minor: bool, whole: str) -> list[Cue]:
        text = " " + clause.strip() + " "
        now = self._has("now", text)
        # "wat moet ik doen als iemand in gevaar is?" asks; "... als hij haar vanavond komt halen?" tells.
        hypothetical = bool(self._has("hypothetical", text)) and not now and not self._has("soon", text)
        past = self._past(text) and not now
        # The denial phrases are not cues themselves ("geen direct gevaar" holds "direct gevaar").
        cleaned = self.p["denials"].sub(" ", text)
        flags = {"hypothetical": hypothetical, "past": past}
        cues: list[Cue] = []
        spans: list[tuple[int, int]] = []

        def add(kind: str, level: str, match: re.Match, negatable: bool = True, lasting: bool = False) -> None:
            negated = negatable and (
                bool(_LOCAL_NEGATION.search(cleaned[: match.start()]))
                or bool(_NEGATION_AFTER.match(cleaned[match.end():]))
            )
            # Something lasting ("sinds vrijdag niet meer gezien") is not over because it began in the past.
            cue_flags = {**flags, "past": False} if lasting else flags
            cues.append(Cue(kind, level, match.group(0).strip(), negated=negated, now=bool(now), **cue_flags))
            spans.append(match.span())

        for m in self.p["acute_phrases"].finditer(cleaned):
            add("phrase", ACUTE, m)
        for m in self.p["cannot_leave"].finditer(cleaned):
            add("cannot_leave", ACUTE if now else POSSIBLE, m, negatable=False)
        for m in self.p["nearby"].finditer(cleaned):
            # The one they fear is here: only with a person who threatens, takes or hurts.
            if self._has("harm", whole) or self._has("taken", whole) or _COME_TO_TAKE.search(whole) \
                    or self._has("fear", whole) or _AFRAID.search(whole) or self._has("threat", cleaned) or minor:
                add("nearby", ACUTE if now else POSSIBLE, m, negatable=False)
        for m in self.p["against_will"].finditer(cleaned):
            if _OWN_CHOICE.search(cleaned[: m.start()]) or _PREFERENCE_AFTER.match(cleaned[m.end():]):
                continue  # "ik wil niet meteen iets melden", "hij wil niet dat zijn naam erbij staat": a wish, no force
            if now or self._has("soon", cleaned):
                add("taken", POSSIBLE, m, negatable=False)
        for m in self.p["fear"].finditer(cleaned):
            add("fear", POSSIBLE, m, negatable=False)
        for m in self.p["veiled_threats"].finditer(cleaned):
            add("threat", POSSIBLE, m)
        for m in _KNOWS_WHERE_KIN.finditer(cleaned):
            add("threat", POSSIBLE, m)
        for m in _CONSEQUENCE.finditer(cleaned):
            add("threat", POSSIBLE, m, negatable=False)
        first_told = len(cues)
        for m in _THREAT_TOLD.finditer(cleaned):
            add("threat", POSSIBLE, m)
        told = set(range(first_told, len(cues)))
        for m in self.p["missing"].finditer(cleaned):
            add("missing", POSSIBLE, m, lasting=True)
        for m in self.p["self_harm"].finditer(cleaned):
            add("self_harm", ACUTE if now else POSSIBLE, m)
        for m in _WEAPON.finditer(cleaned):
            add("phrase", ACUTE, m)
        for m in _SPLIT_ACUTE.finditer(cleaned):
            if not _SUBJECT_NEGATION.search(cleaned[: m.start()]):
                add("phrase", ACUTE, m, negatable=False)
        for m in _LYING.finditer(cleaned):
            add("phrase", ACUTE, m)
        for m in _SPLIT_HARM.finditer(cleaned):
            add("threat", POSSIBLE, m, negatable=False)
        if minor and (self._has("soon", whole) or self._has("now", whole)) \
                and not self._has("hypothetical", whole) and not self._has("past", cleaned) \
                and not (self._has("past", whole) and not self._has("now", whole)):
            # A child offered for sex tonight: a doubt about her age ("minderjarige??") takes nothing back.
            for m in _SEX_OFFER.finditer(cleaned):
                add("harm_now", ACUTE, m, negatable=False)
                break
        for m in _INTO_VEHICLE.finditer(cleaned):
            add("taken", ACUTE if now else POSSIBLE, m, negatable=False)
        for m in _MUST_GO_WITH.finditer(cleaned):
            # Going along is ordinary; against one's will, under a threat or as a child it is not.
            if self._has("against_will", cleaned) or _THREAT_VERB.search(cleaned) or minor:
                add("taken", ACUTE if now else POSSIBLE, m)
        for m in [*self.p["taken"].finditer(cleaned), *_COME_TO_TAKE.finditer(cleaned)]:
            # Someone is taken, not the rubbish or a passport: a person in the message. Only
            # an explicit threat counts here ("ze gaat naar het buitenland" is no threat).
            pressing = now or self._has("soon", cleaned) or _THREAT_VERB.search(cleaned) or minor \
                or self._has("against_will", cleaned)
            if pressing and _PERSON.search(whole):
                now_and_forced = now and (self._has("present", cleaned) or minor or self._has("against_will", cleaned))
                add("taken", ACUTE if now_and_forced else POSSIBLE, m)
        for m in self.p["harm"].finditer(cleaned):
            conditional = self._has("condition", cleaned)
            perceived = _PERCEIVED.search(cleaned[: m.start()]) and m.group(0).strip() not in _INJURY_NOUNS
            if (now or perceived) and not conditional:
                add("harm_now", ACUTE, m)
            elif self._has("present", cleaned) and self._has("physical", m.group(0)) and not conditional:
                add("harm_present", ACUTE, m)
            elif conditional or self._has("threat", cleaned) or self._has("soon", cleaned) or now:
                add("threat", POSSIBLE, m)
            elif self._has("present", cleaned) or _present_tense(m.group(0)) or self._has("physical", m.group(0)) \
                    or _THEY_DO.search(cleaned[: m.start()]) or _BY_AGENT.match(cleaned[m.end():]):
                # Told as happening, or a physical harm without any time ("ze is ontvoerd"):
                # the safe side. A past marker ("vorig jaar") has already cancelled the clause.
                add("harm", POSSIBLE, m)
        cues = _negation_over_lists(cleaned, cues, spans)
        # A threat told (_THREAT_TOLD) raises danger; denied or past, it takes nothing back.
        return [c for i, c in enumerate(cues) if i not in told or c.counts]


# Between two harms of one denied list: "geslagen of vastgehouden", "beaten or locked up".
_LIST_JOIN = re.compile(r"^\s*(?:,|of|en|noch|or|and|nor)\s+(?:(?:ook|werd|wordt|was|were|is|zijn|niet|not|niemand)\s+)?$")


_OWN_NEGATION = re.compile(r"\b(?:geen|niet|no|not|zonder|without)\b")


# Contact details and nothing else: "Anna Jansen, 06-11112222", "piet@bouw.nl". No story to read danger in.
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d\s().-]{7,}\d")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _contact_only(text: str) -> bool:
    rest = _CONTACT.sub(" ", text)
    return rest != text and len(_WORD.findall(rest)) <= 4


def _negation_over_lists(text: str, cues: list[Cue], spans: list[tuple[int, int]]) -> list[Cue]:
    """A negation carries over a list: in "niemand wordt geslagen of vastgehouden" the second
    harm is denied with the first. Only cues joined by "of", "en", "noch", "or", "and" to a
    negated cue; "niemand weet dat ze wordt geslagen" stays as it is (its harm is not negated)."""
    order = sorted(range(len(cues)), key=lambda i: spans[i])
    out = list(cues)
    for previous, current in zip(order, order[1:]):
        (_, prev_end), (start, _) = spans[previous], spans[current]
        if out[previous].negated and not out[current].negated and start >= prev_end \
                and _LIST_JOIN.match(text[prev_end:start]):
            out[current] = replace(out[current], negated=True)
    # A cue that shares words with a negated one ("locked up" and "locked") is negated too.
    for i, (start, end) in enumerate(spans):
        # "durven geen ambulance te bellen": the negation is part of what the cue tells.
        if _OWN_NEGATION.search(out[i].text):
            continue
        if not out[i].negated and any(
            out[j].negated and spans[j][0] < end and start < spans[j][1] for j in range(len(out)) if j != i
        ):
            out[i] = replace(out[i], negated=True)
    return out


def _clauses(lowered: str) -> list[tuple[int, str]]:
    """The clauses of a message with where each starts (see _CLAUSE_SPLIT)."""
    out, start = [], 0
    for m in _CLAUSE_SPLIT.finditer(lowered):
        out.append((start, lowered[start:m.start()]))
        start = m.end()
    out.append((start, lowered[start:]))
    return out


def _asking_spans(lowered: str) -> list[tuple[int, int]]:
    """Where the sentences that ask are: with a question mark (not one in brackets, "(8 mnd?)") or
    asked without one ("wanneer moet ik ..."); not those that ask what to do about what is told
    ("wat moet ik doen?")."""
    plain = _BRACKETED.sub(lambda m: " " * len(m.group(0)), lowered)
    return [
        m.span() for m in _SENTENCE.finditer(plain)
        if ("?" in m.group(0) or _ASKED.search(m.group(0))) and not _ACTION_QUESTION.search(m.group(0))
    ]


def _present_tense(word: str) -> bool:
    """Harm told as something that happens ("slaat", "bedreigt", "hits"), not a bare noun."""
    return word.endswith(("t", "s")) and not word.endswith(("ing", "ingen"))


def strongest(*levels: str) -> str:
    """The most urgent of the given levels."""
    return max(levels, key=_RANK.__getitem__, default=NONE)
