"""The lexicon (begrippen.yml) and the knowledge answers (kennis.yml) load, have the
agreed structure, and behave as a professional would expect."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.datafiles import DATA_DIR
from bot.knowledge import Knowledge
from bot.lexicon import Lexicon
from bot.textnorm import normalise

BEGRIPPEN = DATA_DIR / "begrippen.yml"

KNOWLEDGE_TOPICS = {
    "what_is_trafficking", "smuggling", "signals", "signals_labour", "signals_sexual",
    "signals_criminal", "aandachtsfunctionaris", "zorgcoordinator", "ketenregisseur", "riec",
    "avim", "nla", "veilig_thuis", "zorg_en_veiligheidshuis", "after_report",
    "non_punishment", "reflection_period", "minors",
    # Issue 16: found by their cues only, no Rasa intent (yet).
    "comensha", "nationaal_rapporteur",
}
MAP_IDS = {p.stem for p in (DATA_DIR).glob("*.yml")} - {"gemeenten", "begrippen", "kennis"}
REQUIRED_FACTS = {
    ("form", "arbeid"), ("form", "seksueel"), ("form", "crimineel"), ("form", "orgaan"),
    ("subject", "persoon"), ("subject", "locatie"), ("subject", "twijfel"),
    ("need", "melden"), ("need", "steun"), ("need", "zorgen"),
    ("location_signal", "prostitutie"), ("location_signal", "arbeid"), ("location_signal", "crimineel"),
    ("location_signal", "ondermijning"), ("location_signal", "grootschalig"),
    ("acute", "nee"),
}
# The examples the briefs require; the table in begrippen.yml must contain at least these.
REQUIRED_DANGER_ROWS = {
    "hij wordt nu geslagen": "acute", "ze zit opgesloten": "acute", "spoed!": "acute", "bel 112": "acute",
    "er is nu iemand in gevaar": "acute", "een kind is in gevaar": "acute",
    "ze wordt bedreigd met een mes": "acute", "hij houdt haar vast en ze kan niet weg": "acute",
    "ze wordt op dit moment mishandeld": "acute", "they locked the door and she can't get out": "acute",
    "hij gaat haar slaan als ze nee zegt": "possible", "hij komt hem vanavond halen": "possible",
    "ze vermoorden hem als hij niet betaalt": "possible", "he comes to get me tonight": "possible",
    "geen direct gevaar": "none", "het is niet acuut": "none", "vorig jaar is hij geslagen": "none",
    "ze was vorig jaar bedreigd": "none", "arbeidsmigranten slapen in een loods": "none",
    "hun paspoorten zijn ingenomen, geen direct gevaar": "none",
}
LEVELS = {"acuut": "acute", "mogelijk": "possible", "geen": "none"}
TABLE_ROW = re.compile(r"^#\s*\|\s*(?P<message>[^|]+?)\s*\|\s*(?P<level>acuut|mogelijk|geen)\s*\|\s*$")
TERM = re.compile(r"^[a-z0-9'][a-z0-9' -]*\*?$")
# Formal address ("u", "uw") is not the je-form the assistant uses.
FORMAL = re.compile(r"\b(u|uw|bent u|heeft u)\b")


def read_yaml(path) -> dict:
    """The raw YAML of a data file (the loaders keep only what the bot needs)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def danger_table() -> list[tuple[str, str]]:
    """The example rows from the comment table above `danger` in begrippen.yml."""
    rows = []
    for line in BEGRIPPEN.read_text(encoding="utf-8").splitlines():
        match = TABLE_ROW.match(line.strip())
        if match:
            rows.append((match["message"], LEVELS[match["level"]]))
    return rows


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load(BEGRIPPEN)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return Knowledge.load(DATA_DIR / "kennis.yml")


# ------------------------------------------------------------------ begrippen.yml

def test_lexicon_covers_every_answer_value_the_brief_names(lexicon):
    assert lexicon.version
    present = {(rule.answer, rule.value) for rule in lexicon.rules}
    assert REQUIRED_FACTS <= present


def test_main_forms_have_between_40_and_150_terms():
    # Dutch and English, as professionals type them; a list longer than this is hard to review.
    raw = read_yaml(BEGRIPPEN)
    for fact in raw["facts"]:
        if fact["answer"] == "form" and fact["value"] in {"arbeid", "seksueel", "crimineel"}:
            assert 40 <= len(fact["terms"]) <= 150, fact["value"]


def test_terms_are_plain_words_with_a_star_only_at_the_end():
    raw = read_yaml(BEGRIPPEN)
    lists = {f"{f['answer']}:{f['value']}": f["terms"] for f in raw["facts"]}
    lists.update({f"danger:{k}": v for k, v in raw["danger"].items()})
    lists["about_place"] = raw["about_place"]
    lists.update({f"answer_terms:{a['answer']}:{a['value']}": a["terms"] for a in raw["answer_terms"]})
    for where, terms in lists.items():
        for term in terms:
            assert TERM.match(normalise(str(term))), f"{where}: {term!r}"


def test_no_term_is_listed_twice_for_one_answer():
    raw = read_yaml(BEGRIPPEN)
    seen: dict[tuple[str, str], str] = {}
    for fact in raw["facts"]:
        for term in fact["terms"]:
            key = (fact["answer"], normalise(term))
            assert key not in seen, f"{term!r} is under {seen.get(key)} and {fact['value']}"
            seen[key] = fact["value"]


def test_danger_table_holds_the_required_examples():
    rows = dict(danger_table())
    for message, level in REQUIRED_DANGER_ROWS.items():
        assert rows.get(message) == level, message


@pytest.mark.parametrize(("message", "level"), danger_table())
def test_danger_example(lexicon, message, level):
    assert lexicon.danger(message).level == level


def test_first_message_answers_the_questions_it_already_answers(lexicon):
    facts = lexicon.facts(
        "Bij een controle in Heerlen zag ik arbeidsmigranten die in een loods slapen, "
        "hun paspoorten zijn ingenomen, geen direct gevaar"
    )
    assert facts["form"] == "arbeid"
    assert facts["subject"] == "persoon"
    assert facts["acute"] == "nee"
    assert "need" not in facts


@pytest.mark.parametrize(("text", "key", "value"), [
    ("Ze moet seks hebben met klanten in een massagesalon", "form", "seksueel"),
    ("Een leerling moet drugs verkopen op school", "form", "crimineel"),
    ("Hij heeft zijn bankpas uitgeleend, hij is een geldezel", "form", "crimineel"),
    ("Hij zegt dat zijn nier is verkocht", "form", "orgaan"),
    ("Hij heeft zijn nier verkocht in het buitenland", "form", "orgaan"),
    ("Ik heb een niet-pluisgevoel, meer niet", "subject", "twijfel"),
    ("Het gaat om een pand op het industrieterrein", "subject", "locatie"),
    ("Ze wil aangifte doen", "need", "melden"),
    ("Ze kan nergens heen en heeft opvang nodig", "need", "steun"),
    ("Ik krijg geen grip op de situatie", "need", "zorgen"),
    ("Grootschalige ondermijning met meerdere partners", "location_signal", "grootschalig"),
    ("Een garage waar veel contant geld rondgaat", "location_signal", "ondermijning"),
    ("Er komen steeds andere mannen bij die seksclub", "location_signal", "prostitutie"),
    ("Het is niet acuut", "acute", "nee"),
])
def test_free_text_fills_in_the_answer(lexicon, text, key, value):
    assert lexicon.facts(text).get(key) == value


@pytest.mark.parametrize(("text", "key"), [
    ("Kan je me helpen?", "need"),
    ("Ik wil een signaal melden", "need"),
    ("Ik maak me zorgen over haar", "need"),
    ("Ze wil geen aangifte doen", "need"),
    ("Ze werkt achter de kassa van de supermarkt", "form"),
    ("Hij gebruikt drugs", "form"),
    ("Ze heeft een nierziekte", "form"),
    ("Mijn werkgever is de gemeente", "form"),
    ("Ze heeft geen sociaal netwerk", "location_signal"),
])
def test_common_words_leave_the_answer_open(lexicon, text, key):
    assert key not in lexicon.facts(text)


# ------------------------------------------------------------------ kennis.yml

def prose_and_list(answer: str) -> tuple[list[str], list[str]]:
    """Split an answer into prose sentences and list items."""
    items, prose = [], []
    for line in answer.strip().splitlines():
        line = line.strip()
        if re.match(r"^(-|\d+\.)\s", line):
            items.append(line)
        elif line:
            prose.append(line)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(prose)) if s]
    return sentences, items


def test_there_is_one_topic_per_knowledge_intent(knowledge):
    assert knowledge.version
    assert set(knowledge.topics) == KNOWLEDGE_TOPICS


@pytest.mark.parametrize("key", sorted(KNOWLEDGE_TOPICS))
def test_answer_is_short_plain_dutch_that_the_route_can_follow(knowledge, key):
    topic = knowledge.topics[key]
    assert topic.title.endswith("?")
    for text in [topic.answer, *topic.by_region.values()]:
        sentences, items = prose_and_list(text)
        for sentence in sentences + items:
            assert len(sentence.split()) <= 25, sentence
        assert not FORMAL.search(text.lower()), text
        assert not text.rstrip().endswith("?"), "the route follows the answer"
        assert "typ dan wat je zag" not in text.lower(), "the code adds this itself"
    sentences, _ = prose_and_list(topic.answer)
    assert 3 <= len(sentences) <= 8, f"{key}: {len(sentences)} sentences"


def test_regional_paragraphs_belong_to_known_route_maps(knowledge):
    for key, topic in knowledge.topics.items():
        assert set(topic.by_region) <= MAP_IDS, key


def test_after_report_in_zuid_limburg_names_the_four_classifications(knowledge):
    text = knowledge.answer("after_report", "zuid-limburg")
    for label in ("geen mensenhandel", "potentieel slachtoffer", "vermoedelijk slachtoffer",
                  "daadwerkelijk slachtoffer"):
        assert label in text


def test_every_topic_names_its_sources():
    raw = read_yaml(DATA_DIR / "kennis.yml")
    for key, topic in raw["topics"].items():
        for source in topic["sources"]:
            assert re.match(r"^(seed:\d{3}_[0-9a-f]{16}\.txt|https://\S+)$", source), key
