"""Places that are not municipalities (issue 18, section 6; failure 5 as a class).

Woonplaatsen, wijken and districts map to their municipality, from a dated public list shipped
as data (routekaarten/plaatsen.yml). A known place of one municipality is never "corrected" to
another one ("Bedoel je de gemeente Moerdijk?"); a name that is a place in two municipalities
gets a real choice.
"""

import re

import pytest

from bot.datafiles import DATA_DIR, load_yaml
from bot.regions import MunicipalityTable
from tests.support.core_chat import CATALOG, Chat

PLACES = DATA_DIR / "plaatsen.yml"


def test_the_place_list_is_dated_sourced_and_only_names_known_municipalities():
    raw = load_yaml(PLACES, "plaatsen.schema.json")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw["version"])
    assert "CBS" in raw["source"]
    codes = {m.code for m in CATALOG.municipalities}
    assert len(codes) == 342
    for section in ("woonplaatsen", "wijken"):
        assert set(raw[section]) <= codes, f"{section}: codes outside gemeenten.yml"
    assert sum(len(v) for v in raw["woonplaatsen"].values()) > 2000, "the whole CBS list, not a sample"
    assert PLACES.stat().st_size < 60_000, "shipped compactly"


def test_no_place_hides_a_municipality_name():
    raw = load_yaml(PLACES, "plaatsen.schema.json")
    names = {re.sub(r"[\s'-]+", " ", m.name.lower()) for m in CATALOG.municipalities}
    for code, places in raw["woonplaatsen"].items():
        for place in places:
            assert re.sub(r"[\s'-]+", " ", place.lower()) not in names, f"{place} ({code})"


def test_a_place_list_naming_an_unknown_municipality_is_refused(tmp_path):
    (tmp_path / "gemeenten.yml").write_text((DATA_DIR / "gemeenten.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "plaatsen.yml").write_text(
        'version: "2024-11-13"\nsource: "CBS, test copy"\nwoonplaatsen:\n  GM9999: [Nergenshuizen]\nwijken: {}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="GM9999"):
        MunicipalityTable.load(tmp_path / "gemeenten.yml")


@pytest.mark.parametrize("text, municipality", [
    ("ik werk in moerwijk", "Den Haag"),
    ("Schilderswijk, een meisje slaapt bij een oudere man", "Den Haag"),
    ("wijkteam Rotterdam-Zuid hier", "Rotterdam"),
    ("Ik zit in Katwijk aan Zee", "Katwijk"),
    ("scheveningen", "Den Haag"),
    ("wijkagent in Heerlen-Noord", "Heerlen"),
    ("ik werk in Hoensbroek", "Heerlen"),
    ("balie in Naaldwijk", "Westland"),
    ("Voorburg. vrouw aan de balie", "Leidschendam-Voorburg"),
    ("ik werk in de Bijlmer", "Amsterdam"),
    ("Bij ons in Kanaleneiland", "Utrecht"),
])
def test_a_place_maps_to_its_municipality_without_bedoel_je(text, municipality):
    chat = Chat()
    out = chat.say(text)
    assert "Bedoel je" not in out
    assert CATALOG.municipalities.by_code(chat.state.municipality).name.startswith(municipality), out


@pytest.mark.parametrize("text", [
    "Moerwijk: hij slaat haar nu",
    "ik werk in moerwijk en hij staat nu voor de deur met een mes",
])
def test_danger_told_with_a_place_gets_112_first_and_no_municipality_question(text):
    chat = Chat()
    out = chat.say(text)
    assert out.lstrip().startswith(("Bel nu 112", "Dit klinkt")) or out.index("112") < 40, out
    assert "Bedoel je" not in out
    assert CATALOG.municipalities.by_code(chat.state.municipality).name == "Den Haag"


@pytest.mark.parametrize("text", ["in de hoek van de kamer", "een man in een broek", "ze slapen op de heide", "in een woning",
                                  # villages named like the country and the province
                                  "ze moest eerder in Nederland in de prostitutie werken",
                                  "hij komt uit Zeeland en werkt nu in de kas",
                                  # a word close to a name, in a message with capitals (w43: Geleen)
                                  "Ze is twee weken geleden weggegaan bij een madam in België."])
def test_ordinary_words_that_are_also_place_names_are_no_place(text):
    assert CATALOG.municipalities.guesses(text) == []


@pytest.mark.parametrize("text", [
    "Jan de Vries werkt 14 uur per dag in een nagelsalon",
    "mevrouw Van Eelde komt elke week aan de balie met een andere man",
    "collega vertelt dat Piet van Vries de paspoorten heeft",
])
def test_a_place_name_that_ends_a_persons_name_is_no_place(text):
    assert CATALOG.municipalities.guesses(text) == []


@pytest.mark.parametrize("text, municipality", [
    ("ik werk bij de gemeenet zoetermer, Jan de Vries 0612345678 werkt 14 uur per dag in een nagelsalon", "Zoetermeer"),
    ("gemeente zoetermer, het signaal gaat over een pand in Moerwijk", "Zoetermeer"),
])
def test_the_municipality_named_as_such_outranks_a_place_elsewhere(text, municipality):
    chat = Chat()
    out = chat.say(text)
    assert "Tynaarlo" not in out and "Vries hoort" not in out, out
    assert CATALOG.municipalities.by_code(chat.state.municipality).name == municipality, out


@pytest.mark.parametrize("text, choices", [
    ("ik werk in Zevenhuizen", {"Zuidplas", "Westerkwartier"}),
    ("Velp", {"Rheden", "Land van Cuijk"}),
    ("ik werk bij de gemeente, in Noordwolde", {"Het Hogeland", "Weststellingwerf"}),
])
def test_a_place_in_two_municipalities_gets_a_real_choice(text, choices):
    chat = Chat()
    out = chat.say(text)
    assert "ligt in meer dan één gemeente" in out
    offered = {b.title for b in chat.buttons()}
    assert choices <= offered
    pick = next(b.payload for b in chat.buttons() if b.title == sorted(choices)[0])
    chat.click(pick)
    assert CATALOG.municipalities.by_code(chat.state.municipality).name == sorted(choices)[0]


def test_a_choice_between_two_municipalities_is_not_asked_a_third_time():
    chat = Chat()
    chat.say("ik werk in Zevenhuizen")
    asked = 1
    for answer in ("blabla", "hmm tja"):
        asked += chat.say(answer).count("ligt in meer dan één gemeente")
    assert asked <= 2
    assert chat.state.municipality == "onbekend", "the national map, said so, with the buttons to pick one"


def test_a_municipality_in_the_story_later_does_not_move_the_route_map():
    # w40: where the victim lives now is no new place of work.
    chat = Chat()
    chat.say("Ik werk in Woerden. Een au pair ontdekte dat de gastmoeder een advertentie voor haar had gezet.")
    out = chat.say("Ze woont nu bij een vriendin in Amersfoort")
    assert CATALOG.municipalities.by_code(chat.state.municipality).name == "Woerden", out


def test_saying_where_one_works_still_moves_the_route_map():
    chat = Chat()
    chat.say("Ik werk in Woerden. Een au pair ontdekte dat de gastmoeder een advertentie voor haar had gezet.")
    chat.say("sorry, ik werk in Amersfoort")
    assert CATALOG.municipalities.by_code(chat.state.municipality).name == "Amersfoort"


@pytest.mark.parametrize(("text", "now"), [
    ("mevrouw heeft al een zorgcoördinator in Zwolle. nu is ze verhuisd naar Enschede", "Enschede"),
    ("hij was slachtoffer in Tilburg, nu verhuisd naar Hengelo als statushouder", "Hengelo (O.)"),
    ("ik werk in Tilburg, het gebeurde in Breda", "Tilburg"),
    # the professional's own municipality, said as such, stays first
    ("ik werk in Tilburg, zij is nu verhuisd naar Breda", "Tilburg"),
    ("gemeente Tilburg: cliënt is verhuisd naar Breda", "Tilburg"),
    ("Tilburg hier. cliënt woont nu in Breda", "Tilburg"),
])
def test_where_the_person_lives_now_comes_before_the_place_they_left(text, now):
    # w64: "Je werkt in Zwolle" for a woman who moved to Enschede gave the zorgcoördinator of the wrong region.
    assert CATALOG.municipalities.guesses(text)[0].municipality.name == now
