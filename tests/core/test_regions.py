"""Municipality table and finding a municipality in what people type."""

import pytest

from bot.catalog import load_catalog

TABLE = load_catalog().municipalities


def test_table_has_every_dutch_municipality_once():
    codes = [m.code for m in TABLE]
    assert len(codes) == 342 == len(set(codes))


def test_every_municipality_resolves_to_a_loaded_route_map_and_is_found_by_its_own_name():
    maps = set(load_catalog().maps.maps)
    for muni in TABLE:
        assert muni.map_id in maps
        found = TABLE.find_in_text(f"Ik werk bij de gemeente {muni.name}")
        assert found is not None and found.code == muni.code, muni.name


@pytest.mark.parametrize(
    "text,code",
    [
        ("ik werk in Heerlen", "GM0917"),
        ("gemeente Den Haag", "GM0518"),
        ("'s-Gravenhage", "GM0518"),
        ("Ik ben handhaver in rotterdam", "GM0599"),
        ("Bij een controle in Heerlen zag ik arbeidsmigranten", "GM0917"),
        ("ik werk in Huizen", "GM0406"),
        ("Scheveningen", "GM0518"),
    ],
)
def test_finds_municipality_in_free_text(text, code):
    assert TABLE.find_in_text(text).code == code


@pytest.mark.parametrize(
    "text",
    [
        "de arbeidsmigranten wonen in huizen van het uitzendbureau",
        "dat kan leiden tot uitbuiting",
        "ik weet het niet best",
        "ze zijn de buren van mijn collega",
        # Dutch words close to a name, in a message typed in lower case (w52: "geleden" gave Sittard-Geleen)
        "meisje van 19, is een paar maanden geleden weggegaan bij haar ex",
        "ze worden elke dag opgehaald met een busje, geld geleend van de baas",
    ],
)
def test_common_words_are_not_taken_for_municipalities(text):
    assert TABLE.find_in_text(text) is None


@pytest.mark.parametrize("typed,code", [("heerlem", "GM0917"), ("Rotterdma", "GM0599"), ("huizen", "GM0406"), ("maastrich", "GM0935")])
def test_answer_to_the_municipality_question_tolerates_typos(typed, code):
    assert TABLE.find_in_text(typed, loose=True).code == code


def test_seed_regions_have_their_municipalities():
    regions = ("haaglanden", "hollands-midden", "rotterdam", "zuid-limburg", "gooi-en-vechtstreek")
    counts = {m: len(TABLE.in_map(m)) for m in regions}
    assert counts == {"haaglanden": 9, "hollands-midden": 18, "rotterdam": 23, "zuid-limburg": 16, "gooi-en-vechtstreek": 7}
    assert TABLE.by_code("GM0363").map_id == "amsterdam-amstelland"  # issue 16: every safety region has a map


@pytest.mark.parametrize("text,code", [("in delft is een kapsalon", "GM0503"), ("ik kom uit leiden", "GM0546")])
def test_a_name_that_is_also_a_word_counts_after_in_or_uit(text, code):
    assert TABLE.find_in_text(text).code == code
