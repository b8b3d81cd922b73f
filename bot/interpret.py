"""Reading one message: everything it says, once, before anything is decided.

`interpret` is a pure function from the message (text, intent, entities) and the
question the assistant is waiting for to a :class:`Reading`: the danger in it, the
municipalities named, the route facts given away, the option chosen, a knowledge
question, a follow-up, a correction, small talk. `bot.dialogue` decides from the
reading and the state alone; no other module reads the text again.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from bot import texts
from bot.catalog import Catalog
from bot.danger import Danger
from bot.knowledge import is_question
from bot.learned import LearnedReading, combine
from bot.regions import DECLINES, Guess
from bot.routemap import Question
from bot.textnorm import normalise
from bot.vocabulary import UNKNOWN

CONFIDENT = 0.5
GUESS_CONFIDENT = 0.7
MUNICIPALITY_QUESTION = "gemeente"

# Kinds of message, for the decision and for tests and logs.
ANSWER, FACTS, KNOWLEDGE, FOLLOW_UP, CORRECTION = "answer", "facts", "knowledge", "follow_up", "correction"
SMALL_TALK, NAVIGATION, EMPTY, UNCLEAR = "small_talk", "navigation", "empty", "unclear"

INTENT_FACTS: dict[str, dict[str, str]] = {
    "signal_labour": {"form": "arbeid"},
    "signal_sexual": {"form": "seksueel"},
    "signal_criminal": {"form": "crimineel"},
    "signal_organ": {"form": "orgaan"},
    "signal_location": {"subject": "locatie"},
    "doubt": {"subject": "twijfel"},
    "need_report": {"need": "melden"},
    "need_support": {"need": "steun"},
    "worried_no_grip": {"need": "zorgen"},
}
SMALL_TALK_INTENTS = ("greet", "thank", "goodbye", "help", "out_of_scope")
NAVIGATION_INTENTS = ("restart_route", "go_back", "stop")
ORDINALS = {
    "1": 0, "een": 0, "eerste": 0, "a": 0,
    "2": 1, "twee": 1, "tweede": 1, "b": 1,
    "3": 2, "drie": 2, "derde": 2, "c": 2,
    "4": 3, "vier": 3, "vierde": 3, "d": 3,
    "5": 4, "vijf": 4, "vijfde": 4, "e": 4,
}
_ORDINAL_TEXT = re.compile(r"^(?:optie|keuze|nummer|nr|de|antwoord|option)?\s*(\w+)$")
# "o nee sorry", "eh ja": a sound before the answer is not part of it.
_INTERJECTION = re.compile(r"^(?:(?:o|oh|ah|eh|ehm|uh|uhm|hm+|nou|tja|ok|oke)\s+)+")
_YES = re.compile(r"^(?:ja+|jawel|jazeker|jep|jup|yes|yep|yeah|klopt|dat klopt|correct|inderdaad)\b(?!\s+niet)")
_NO = re.compile(r"^(?:nee+|neen|nope|no|nah|niet|welnee|nee hoor|nee joh|klopt niet|niet direct|not really)\b")
# Need "zorgen" told outright: the professional's own worry without grip (the card's words), or
# a victim who wants neither a report nor help.
_OWN_WORRY = re.compile(
    r"\b(?:grip|vat op|geen vat|zorgen|bezorgd|worried|worries|concerns|no grip|geen aangifte (?:en |of )?geen hulp)\b"
)
# The classifier's guess of a knowledge topic is taken for messages up to this many words.
_LONGEST_KNOWLEDGE_GUESS = 15
_DONT_KNOW = re.compile(r"^(?:(?:dat|dit|eh|uh|hmm) )?(?:weet ik (?:echt |eigenlijk |ook )?niet|weet (?:ik )?nie|weet (?:echt |eigenlijk )?niet|ik weet het (?:echt |ook )?niet|"
                        r"geen idee|geen flauw idee|weet ik veel|onbekend|niet bekend|"
                        r"i don'?t know|don'?t know|dunno|not sure|no idea|idk|geen idee eigenlijk)\b")
# "ik weet niet goed wat ik ermee moet", "weet niet of dit iets is": not knowing what to do with a
# signal is no answer about danger now (neither yes, no nor "I don't know if there is danger").
_UNSURE_WHAT_TO_DO = re.compile(
    r"\bweet (?:ik )?(?:het )?(?:niet|nog niet)(?: goed| zo goed| precies| zeker)? "
    r"(?:wat ik (?:ermee|ermede|hiermee|daarmee|moet)|hoe ik|wat we (?:ermee|hiermee|moeten)|hoe we|"
    r"of (?:dit|dat|het) (?:iets|wat) is|waar ik (?:dit|het|mee))"
)
# "advies, ik weet niet of ik iets moet melden", "twijfel of ik dit moet doorgeven": a doubt whether to
# report is the advice route (w54), not a report.
_DOUBTS_WHETHER_TO_REPORT = re.compile(
    r"\b(?:weet (?:ik )?(?:het )?(?:niet|nie|nog niet)(?: zeker| goed)?|twijfel(?: nog)?|not sure|unsure) "
    r"(?:of|whether|if) [^,.;]*?\b(?:melden|meld|doorgeven|doorzetten|aangifte|report)\b"
)
# "Is dit mensenhandel?", "twijfelgeval", "hij vraagt of dit raar is": the professional asks whether it is
# exploitation at all (55 of 60 such openings in the writers' conversations expected the advice route). About a
# place, what happens there is then unknown (the card's "bespreek het eerst"), whatever work it names (w63, w66).
_ASKS_IF_EXPLOITATION = re.compile(
    r"\b(?:is (?:dit|dat|het) (?:nu |nou |al |wel |echt |dan )*(?:mensenhandel|uitbuiting)\b|twijfelgeval\w*|"
    r"(?:vraagt|vroeg|vraag) (?:me |zich |mij )?(?:af )?of (?:dit|dat|het) (?:raar|normaal|mensenhandel|uitbuiting|klopt) is|"
    r"ik twijfel (?:of|over)|is this (?:human )?(?:trafficking|exploitation))"
)
# "werk en geld, weet niet of het uitbuiting is": not knowing whether it is exploitation at all, at the
# question what kind it is, is the doubt, whatever kind the words name (w64).
_DOUBTS_IF_EXPLOITATION = re.compile(
    r"\b(?:weet (?:ik )?(?:het )?(?:niet|nie)(?: zeker| goed)?|twijfel|niet zeker|not sure|unsure) "
    r"(?:of|whether|if) (?:het|dit|dat|it|this) (?:nu |wel |echt |al )*(?:uitbuiting|mensenhandel|exploitation|trafficking)\b"
)
# "Ik heb een vraag over een telefoontje van vanochtend": a professional announcing a signal or a
# question is in scope, whatever the classifier guessed (w47 got "Daar kan ik je niet mee helpen").
# "vraag" only as a noun ("een vraag over", not "hoe vraag ik een parkeervergunning aan?").
_ANNOUNCES_A_SIGNAL = re.compile(
    r"\b(?:(?:een|mijn|onze|korte) vraag|vraagje|vraag over|iets melden|melding|signaal|casus|situatie|"
    r"telefoontje|huisbezoek|cli[eë]nte?|question about|report)\b"
)
# "zij niet, maar ik wil het (wel) melden": the professional's own report.
_REPORTS_ANYWAY = re.compile(
    r"\b(?:ik|wij|we) (?:wil|wil graag|willen|ga|gaan|moet|zou) (?:het|dit|dat|dit signaal|het signaal) "
    r"(?:(?:wel|toch|zelf|graag|alsnog|gewoon) )*(?:melden|doorgeven|doorzetten)\b"
    r"|\b(?:i|we) (?:still )?(?:want to|will|would like to) report (?:it|this)\b"
)
# "weet ik niet, denk het niet": not knowing, but leaning to no, is a no.
_LEANS_NO = re.compile(r"\b(?:denk (?:het|ik) niet|lijkt me niet|volgens mij niet|i don'?t think so|don'?t think so)\b")
# "weet ik niet, als het klopt wel", "geen idee, misschien wel": unsure, but leaning to yes. At the danger
# question that is the safe side (w50).
_LEANS_YES = re.compile(r"\b(?:misschien wel|als het klopt wel|als dat klopt wel|denk (?:het|ik) wel|ik denk van wel|"
                        r"kan zijn|zou kunnen|waarschijnlijk wel|vermoedelijk wel|lijkt me wel|volgens mij wel|i think so|maybe yes)\b")
# "nee sorry, ze wil wel hulp", "ik bedoel Rijswijk": the message changes an earlier answer.
_CORRECTION = re.compile(
    r"^(?:(?:nee|neen|no|sorry|oeps|oops|wacht|correctie|verbetering|ik bedoel|ik bedoelde|i mean|actually|eigenlijk|"
    r"toch|wel)\b|.*\b(?:ik bedoel|ik bedoelde|niet \w+ maar|i meant|instead)\b)"
)
_FOLLOW_MORE = re.compile(
    r"\b(?:ook iemand|hulp voor (?:hem|haar)|help for (?:him|her)|waar kan (?:hij|ze|zij) (?:zelf )?terecht|dit ook weten|ook inlichten|ook informeren|ook inschakelen|nog meer|ook nog|anders nog|nog iemand|nog een andere|andere instantie|andere organisatie|wie nog|"
    r"wie anders|waar nog|who else|anyone else|anything else|other organi[sz]ation|also contact)\b"
)
_FOLLOW_CONTACT = re.compile(
    r"\b(?:(?:tel(?:efoon)?)?nummer|bellen|bel ik|mailadres|e-?mail|website|phone|number|call|contact opnemen|"
    r"welk (?:tel(?:efoon)?)?nummer|wat is het (?:tel(?:efoon)?)?nummer|wat was het nummer|nummer nog eens|"
    r"wie bel ik|wie moet ik bellen|wie kan ik bellen|wie moet ik mailen|wat is het mailadres|welk mailadres|"
    r"e-?mailadres|which number|what number|who do i call|who should i call|phone number|contactgegevens|"
    r"bij wie moet ik|waar moet ik heen|naar wie (?:moet|kan) ik|doorzetten|doorsturen|klaarleggen|klaar leggen|"
    r"voorbereiden|wat moet ik (?:vertellen|zeggen|noemen)|what should i (?:say|tell|prepare)|anoniem melden|"
    r"anoniem doorgeven|report anonymously)\b"
)
_FOLLOW_NEXT = re.compile(
    r"\b(?:wat moet ik nu doen|wat moet ik (?:nu )?intern|wat doe ik nu|en nu|wat nu|volgende stap|intern|"
    r"wat moet ik verder|what now|what should i do|next step|moet ik nog iets)\b"
)

# Small talk in words, for when the classifier is unsure.
_SMALL_TALK_WORDS = (
    ("thank", re.compile(r"^(?:bedankt|dank je(?: wel)?|dankjewel|dank u(?: wel)?|thanks|thank you|top,? bedankt)\b")),
    ("goodbye", re.compile(r"^(?:doei|dag|tot ziens|tot later|bye|goodbye|fijne dag)\b")),
    ("greet", re.compile(r"^(?:hoi|hallo|hey|hi|goedemorgen|goedemiddag|goedenavond|hello)$")),
)
# "ik zei geen gevaar, maar ...", "het is toch wel acuut": the earlier "geen gevaar" is taken back.
_RETRACTS_NO_DANGER = re.compile(
    r"\b(?:toch (?:wel )?(?:direct |acuut |echt )?(?:gevaar|gevaarlijk(?! werk| omstandigheden| machines)|acuut|spoed|"
    r"een noodgeval|nood)"
    r"|nu (?:toch )?wel (?:direct |acuut )?(?:gevaar|gevaarlijk(?! werk| omstandigheden| machines)|acuut|spoed)"
    r"|(?:zei|schreef|had gezegd|heb gezegd|antwoordde|gaf aan)\b.{0,30}\bgeen (?:direct |acuut )?gevaar\b.{0,40}"
    r"\b(?:maar|klopt niet|niet meer|toch|verkeerd|fout)"
    r"|geen (?:direct )?gevaar (?:klopt|was) niet|(?:gevaar|acuut) (?:is|was) (?:er )?toch(?! niet| geen)"
    # "ik moet terugkomen op 'geen gevaar'", "ik neem 'geen gevaar' terug", "scratch 'no danger'"
    r"|(?:terugkomen|terug komen|kom terug|kom ik terug|neem|nemen|trek|herzie|correctie)\b.{0,20}\bgeen (?:direct |acuut )?gevaar"
    r"|geen (?:direct |acuut )?gevaar\W{0,3}\s*(?:klopt niet|neem ik terug|trek ik in|is niet (?:meer )?waar)"
    r"|(?:take back|taking back|scratch|forget)\b.{0,10}\bno (?:immediate )?danger"
    r"|(?:is|it's|it is) (?:an emergency|dangerous) (?:now|after all)|there is danger (?:now|after all))\b"
)
_CONTINUE = re.compile(r"^(?:ga (?:maar )?verder|verder|doorgaan|ga door|ga door met de route|continue|go on)$")


@dataclass(frozen=True)
class Reading:
    """What one message says (see the module docstring)."""

    kind: str
    danger: Danger
    intent: str = "nlu_fallback"
    text: str = ""
    words: int = 0
    choice: Optional[tuple[str, str]] = None       # a button: (answer key, value)
    option: Optional[str] = None                   # the answer to the pending question
    option_note: Optional[str] = None              # something to say about that answer
    facts: dict[str, str] = field(default_factory=dict)
    municipalities: tuple[Guess, ...] = ()
    declines_municipality: bool = False
    knowledge: Optional[str] = None                # topic key in kennis.yml
    follow_up: Optional[str] = None                # "contacts" | "more" | "next_step" | "continue"
    correction: bool = False
    about_place: bool = False                      # "het gaat om het pand": the signal is about the place
    no_case: bool = False                          # "het is een algemene vraag": no case, the advice route
    minor: bool = False
    yes_no: Optional[str] = None                   # "ja" | "nee" | "weet niet"
    small_talk: Optional[str] = None
    navigation: Optional[str] = None
    retracts_no_danger: bool = False               # "er is toch wel gevaar": an earlier no is taken back
    unsure_what_to_do: bool = False                # "ik weet niet wat ik ermee moet": guidance wanted, no answer
    # The learned reading (bot.learned): probabilities for danger, subject, form and need
    # from the sentence encoder; None when no model read the message. Its danger is
    # already part of `danger`.
    learned: Optional[LearnedReading] = None

    @property
    def municipality(self) -> Optional[Guess]:
        return self.municipalities[0] if self.municipalities else None


def interpret(
    catalog: Catalog,
    text: str,
    intent: Optional[str] = None,
    confidence: float = 1.0,
    entities: tuple[dict, ...] = (),
    pending: Optional[str] = None,
    question: Optional[Question] = None,
    learned: Optional[LearnedReading] = None,
) -> Reading:
    """Read one message. `pending` is what the assistant waits for ("gemeente", a
    question id or None); `question` is that route-map question, when it is one;
    `learned` is the sentence encoder's reading of the message (bot.learned), when the
    Rasa server made one: either it or the lexicon can raise danger."""
    intent = intent or "nlu_fallback"
    sure = confidence >= CONFIDENT
    text = (text or "").strip()
    norm = _INTERJECTION.sub("", normalise(text))
    lexicon = catalog.lexicon
    danger = combine(lexicon.danger(text), learned if text else None)
    choice = _choice(entities)
    if not text and not choice and intent in ("nlu_fallback", "choose", None):
        return Reading(EMPTY, danger, intent)

    facts = lexicon.facts(text)
    hits = lexicon.hits(text)
    about_person = lexicon.says_about_person(text)
    if danger.minor or facts.get("need") or (about_person and facts.get("subject") == "locatie"):
        # Someone under 18, what the victim wants, or "het gaat om haar": a signal about a person.
        facts["subject"] = "persoon"
    elif lexicon.names_place(text, subject_hits := hits.get("subject", Counter())) and not about_person \
            and not subject_hits.get("twijfel"):
        # An address, a dwelling, a hotel, a building site, a park: the location map, unless
        # a person is named too. Then one person named ("vrouw werkt in een nagelsalon") is
        # a signal about her; changing or many people ("woning met wisselende vrouwen") one
        # about the place; so are people named only in general.
        facts["subject"] = lexicon.place_or_person(text)
    if facts.get("location_signal") in ("ondermijning", "grootschalig") and "subject" not in facts and not about_person \
            and lexicon.place_or_person(text) == "locatie":
        # Undermining is about the business, not about the people who work there.
        facts["subject"] = "locatie"
    if facts.get("location_signal") == "ondermijning" and (
        facts.get("form") == "arbeid" or hits.get("location_signal", Counter()).get("arbeid")
    ):
        # Labour exploitation at a place goes to the labour inspectorate first, whatever the branch.
        facts["location_signal"] = "arbeid"
    if facts.get("subject") == "locatie" and question is None and _ASKS_IF_EXPLOITATION.search(norm):
        facts["location_signal"] = UNKNOWN
    if _REPORTS_ANYWAY.search(norm):
        # "zij wil niks, geen aangifte en geen hulp. maar ik wil het wel melden": the
        # professional reports, whatever the victim wants for herself.
        facts["need"] = "melden"
    elif facts.get("need") == "zorgen" and question is None and not _OWN_WORRY.search(norm):
        # "vriendin wil er niet over praten" in a story says how the victim is, not what the
        # professional wants: the need question is asked ("zij niet, maar ik wil het melden").
        # "ik krijg geen grip op haar", "ernstige zorgen", "geen aangifte en geen hulp" answer it.
        del facts["need"]
    if confidence >= GUESS_CONFIDENT:
        # The classifier's guess fills a key only where the words said nothing about it,
        # and never what the victim wants: that is asked, not guessed. Nor the form when
        # the words named what happens at a place ("er komen 's nachts mannen").
        for key, value in INTENT_FACTS.get(intent, {}).items():
            if key != "need" and key not in hits and not (key == "form" and "location_signal" in hits):
                facts.setdefault(key, value)
    declines = bool(DECLINES.search(norm)) and len(norm.split()) <= 8
    municipalities = tuple(catalog.municipalities.guesses(text, loose=pending == MUNICIPALITY_QUESTION))
    yes_no = _yes_no(norm, intent, sure)
    if danger.denied and danger.level == "none":
        # "ja.. nee sorry, er is geen direct gevaar": the words that deny danger win.
        yes_no = "nee"
    topic = catalog.knowledge.topic_asked(text)
    if topic is None and intent.startswith("knowledge_") and sure and text and (question is None or is_question(text)) \
            and len(norm.split()) <= _LONGEST_KNOWLEDGE_GUESS:
        # At a question, a statement is an answer ("hij wil dat het stopt en dat het niet op zijn naam
        # blijft staan", w47), not a question about the record that the classifier heard in it. A long
        # message that tells what was seen ("huis ..., 3 busjes, 16 fietsen, matrassen in garage. melden
        # bij?", w49) is a signal; a topic named in its words is still found above.
        topic = intent[len("knowledge_"):]
    follow_up = _follow_up(text, norm, intent, sure) if text else None

    option, note = None, None
    if question is not None and choice is None:
        # "advies, hij wil niks verkeerd doen", "aangifte, ze wil dat hij stopt": an answer that opens with
        # one option's own word picks it; what follows explains (w66 got "zorgen" from the explanation).
        first, comma, rest = text.partition(",")
        first_norm = normalise(first)
        if comma and rest.strip() and 1 <= len(first_norm.split()) <= 2 and not _DONT_KNOW.match(first_norm):
            named = _options_named(question, first_norm, lexicon.answer_words(question.answer, first), set())
            if len(named) == 1:
                option = named.pop()
    if question is not None and option is None:
        option, note = _match_option(
            question, norm, intent, sure, choice, facts, yes_no, asked=topic is not None,
            answer_words=lexicon.answer_words(question.answer, text),
        )
    if question is not None and option is None and topic is not None:
        # "zorg en afstemming, wie doet wat": a short answer first, then a question about it. The
        # answer before the comma is taken; the question is answered as well.
        first, _, rest = text.partition(",")
        first_norm = normalise(first)
        if rest.strip() and 1 <= len(first_norm.split()) <= 4 and not is_question(first):
            option, note = _match_option(
                question, first_norm, intent, False, None, {}, _yes_no(first_norm, intent, False), asked=False,
                answer_words=lexicon.answer_words(question.answer, first),
            )
    if question is not None and option is None and len(norm.split()) <= 3:
        # "seksueel" typed at "Wat is er nu nodig?": the answer to another question.
        for key in ("form", "need", "subject", "location_signal"):
            words = lexicon.answer_words(key, text)
            ranked = words.most_common(2)
            if key != question.answer and ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
                facts.setdefault(key, ranked[0][0])
                break
    # "nee, ..." that answers the pending yes/no question is that answer, not a correction of the
    # facts ("nee nu niet, ze is bij die vriendin en hij weet dat adres niet" at the danger question).
    answers_with_no = option is not None and option == yes_no
    correction = bool(_CORRECTION.match(norm)) and (bool(facts) or bool(municipalities)) and len(norm.split()) > 1 \
        and not answers_with_no
    minor = danger.minor

    reading = dict(
        danger=danger, intent=intent, text=text, words=len(norm.split()), choice=choice, option=option, option_note=note, facts=facts,
        municipalities=municipalities, declines_municipality=declines, knowledge=topic,
        follow_up=follow_up, correction=correction, minor=minor, yes_no=yes_no,
        about_place=lexicon.says_about_place(text), no_case=bool(lexicon.no_case.search(norm)), learned=learned,
        retracts_no_danger=bool(_RETRACTS_NO_DANGER.search(norm)),
        unsure_what_to_do=bool(_UNSURE_WHAT_TO_DO.search(norm)),
    )
    if intent in NAVIGATION_INTENTS and (sure or not text) and (option is None or len(norm.split()) <= 3):
        # A message that answers the question asked is that answer ("weet niet, mld wil vooral dat het
        # stopt" at the need question, w48), whatever the classifier heard in it.
        return Reading(NAVIGATION, navigation=intent, **reading)
    if topic is not None and not (option is not None and not is_question(text)):
        return Reading(KNOWLEDGE, **reading)
    if correction:
        return Reading(CORRECTION, **reading)
    if choice is not None or option is not None:
        return Reading(ANSWER, **reading)
    if follow_up is not None:
        return Reading(FOLLOW_UP, **reading)
    if facts or municipalities or declines:
        return Reading(FACTS, **reading)
    if intent in SMALL_TALK_INTENTS and (sure or len(norm.split()) <= 3) \
            and not (intent == "out_of_scope" and _ANNOUNCES_A_SIGNAL.search(norm)):
        return Reading(SMALL_TALK, small_talk=intent, **reading)
    for kind, pattern in _SMALL_TALK_WORDS:
        if pattern.match(norm) and len(norm.split()) <= 5:
            return Reading(SMALL_TALK, small_talk=kind, **reading)
    return Reading(UNCLEAR, **reading)


def _choice(entities: tuple[dict, ...]) -> Optional[tuple[str, str]]:
    for ent in entities:
        if ent.get("entity") == "keuze" and ent.get("value") is not None:
            value = str(ent["value"]).strip()
            if ":" in value:
                key, _, val = value.partition(":")
                return key, val
            return value, ""
    return None


def _yes_no(norm: str, intent: str, sure: bool) -> Optional[str]:
    # The words first ("nee, niet dat ik weet" is a no), the classifier after.
    if _UNSURE_WHAT_TO_DO.search(norm):
        return None
    if _DONT_KNOW.match(norm):
        return "nee" if _LEANS_NO.search(norm) else "ja" if _LEANS_YES.search(norm) else "weet niet"
    if _NO.match(norm):
        return "nee"
    if _YES.match(norm):
        return "ja"
    if sure:
        return {"dont_know": "weet niet", "deny": "nee", "affirm": "ja"}.get(intent)
    return None


def _follow_up(text: str, norm: str, intent: str, sure: bool) -> Optional[str]:
    if _CONTINUE.match(norm):
        return "continue"
    if _FOLLOW_NEXT.search(norm) and not _FOLLOW_CONTACT.search(norm):
        return "next_step"
    if _FOLLOW_MORE.search(norm):
        return "more"
    if _FOLLOW_CONTACT.search(norm) and (is_question(text) or len(norm.split()) <= 6):
        return "contacts"
    if _FOLLOW_NEXT.search(norm):
        return "next_step"
    if intent == "ask_contact" and sure:
        return "contacts"
    return None


def _match_option(
    q: Question, norm: str, intent: str, sure: bool, choice: Optional[tuple[str, str]],
    facts: dict[str, str], yes_no: Optional[str], asked: bool, answer_words: Optional[Counter] = None,
) -> tuple[Optional[str], Optional[str]]:
    """Which option of `q` the message picks, plus an optional note to show."""
    values = [o.value for o in q.options]
    if choice is not None:
        return (choice[1], None) if choice[0] == q.answer and choice[1] in values else (None, None)
    ordinal = _ordinal(norm)
    if ordinal is not None and ordinal < len(q.options) and len(norm) <= 12:
        return q.options[ordinal].value, None
    if q.answer in ("form", "location_signal") and UNKNOWN in values and _DOUBTS_IF_EXPLOITATION.search(norm):
        return UNKNOWN, None
    if q.answer == "need" and UNKNOWN in values and (doubt := _DOUBTS_WHETHER_TO_REPORT.search(norm)):
        others = _options_named(q, norm[: doubt.start()] + " " + norm[doubt.end():], answer_words, {UNKNOWN, "melden"})
        if len(others) <= 1:
            return (others.pop() if others else UNKNOWN), None
    if yes_no == "weet niet":
        hedged = _hedged_option(q, norm, answer_words) if q.answer != "acute" else None
        if hedged is not None:
            # "weet niet, misschien arbeid": an unsure answer that still names one option.
            return hedged, None
        if UNKNOWN in values:
            return UNKNOWN, None
        if q.answer == "acute":
            return "nee", texts.ACUTE_DOUBT
    if yes_no in values:
        return yes_no, None
    # The option's own words, typed as the whole answer.
    for opt in q.options:
        if any(normalise(p) == norm for p in (opt.label, opt.value, *opt.synonyms)):
            return opt.value, None
    if q.answer == "form" and not asked:
        named_forms = {v for v, n in (answer_words or {}).items() if n > 0 and v in values} - {UNKNOWN}
        if "arbeid" in named_forms and len(named_forms) == 2:
            # "seksueel, en ook loon ingehouden", "drugs verkopen, geen loon": earnings taken are part of
            # sexual or criminal exploitation; that form's route (the police) comes first.
            return (named_forms - {"arbeid"}).pop(), None
    if q.answer in facts and facts[q.answer] in values:
        return facts[q.answer], None
    if asked:  # a question about a topic names words, it does not pick an option
        return None, None
    named = {value: n for value, n in (answer_words or {}).items() if value in values}
    for counts in (
        {opt.value: _count_phrases(norm, opt.synonyms) for opt in q.options if opt.synonyms},
        named,
    ):
        best = sorted(counts.items(), key=lambda kv: -kv[1])
        if best and best[0][0] == UNKNOWN and any(n > 0 for v, n in named.items() if v != UNKNOWN):
            # "Dat iemand uitzoekt of dit klopt. Misschien moet inkoop het ook weten?": a hedge
            # ("misschien") beside an option named in words is that option, not "weet niet".
            continue
        if best and best[0][1] > 0 and (len(best) == 1 or best[0][1] > best[1][1]):
            return best[0][0], None
        if q.answer == "need" and len(best) > 1 and best[0][1] > 0 and best[0][1] == best[1][1] \
                and {best[0][0], best[1][0]} in ({"melden", "steun"}, {"melden", UNKNOWN}):
            # "aangifte, en hulp met die schuld": a report and help both wanted; the report's
            # organisation comes first (the labour route names the zorgcoördinator as well).
            # "advies denk ik, en dat iemand naar dat bureau kijkt": advice and a look asked
            # for equally; the report is the step that acts.
            return "melden", None
    if sure:
        guess = INTENT_FACTS.get(intent, {}).get(q.answer)
        if guess in values:
            return guess, None
    if q.answer == "subject" and "locatie" in values and _PLACE_WORD.search(norm):
        return "locatie", None
    if q.answer == "subject" and "persoon" in values and 1 <= len(norm.split()) <= 4 and not yes_no:
        # "de kok", "die jongen": a short answer to "waar gaat je signaal over?" that names
        # no place and no doubt is about someone (place words are listed in answer_terms).
        return "persoon", None
    # Typos: a close match with a label or synonym.
    if 3 <= len(norm) <= 40:
        scored = [
            (difflib.SequenceMatcher(None, norm, normalise(phrase)).ratio(), opt.value)
            for opt in q.options for phrase in (opt.label, opt.value, *opt.synonyms)
        ]
        score, value = max(scored, default=(0.0, None))
        if score >= 0.84:
            return value, None
    return None, None


def _hedged_option(q: Question, norm: str, answer_words: Optional[Counter]) -> Optional[str]:
    """The one option other than "don't know" that an unsure answer names, or None."""
    rest = _DONT_KNOW.sub(" ", norm, count=1).strip(" ,.;")  # "weet niet" negates nothing after it
    named = _options_named(q, rest, answer_words, {UNKNOWN})
    return named.pop() if len(named) == 1 else None


def _options_named(q: Question, norm: str, answer_words: Optional[Counter], leave_out: set[str]) -> set[str]:
    """The options of `q`, other than `leave_out`, that `norm` names by their synonyms or answer words."""
    values = {opt.value for opt in q.options} - leave_out
    named = {opt.value for opt in q.options if opt.value in values and opt.synonyms and _count_phrases(norm, opt.synonyms)}
    named |= {v for v, n in (answer_words or {}).items() if n and v in values}
    return named


# Compound place words: "het autobedrijf", "die nagelstudio", "de kwekerij".
_PLACE_WORD = re.compile(
    r"\w*(?:bedrijf|bedrijven|winkel|salon|studio|zaak|zaken|pand|panden|woning|fabriek|kwekerij|bureau|garage|"
    r"club|hotel|restaurant|loods|kassen|park|terrein|lounge|shop|company|building|place)\b"
)
_NEGATION_BEFORE = re.compile(r"(?:^|\s)(?:geen|niet|nooit|zonder|not|no)(?:\s+\S+)?\s*$")


def _count_phrases(norm: str, phrases: tuple[str, ...]) -> int:
    """How many of `phrases` occur in `norm` as whole words, not right after a negation."""
    n = 0
    for p in phrases:
        p = normalise(p)
        if not p:
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(p) + r"(?!\w)", norm):
            if not _NEGATION_BEFORE.search(norm[: m.start()]):
                n += 1
    return n


def _ordinal(norm: str) -> Optional[int]:
    m = _ORDINAL_TEXT.match(norm.strip()) if norm else None
    return ORDINALS.get(m.group(1)) if m else None
