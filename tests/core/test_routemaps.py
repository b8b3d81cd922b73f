"""The route maps as data: every path ends at a reachable contact, for every municipality."""

import pytest

from bot.catalog import load_catalog
from bot.routemap import all_paths, load_route_maps
from bot.walker import walk

CATALOG = load_catalog()
MAPS = CATALOG.maps


@pytest.mark.parametrize("map_id", sorted(MAPS.maps))
def test_every_path_of_every_map_reaches_an_outcome_with_a_phone_or_url_for_every_municipality(map_id):
    route_map = MAPS.get(map_id)
    municipalities = CATALOG.municipalities.in_map(map_id) or [None]
    paths = list(all_paths(route_map))
    assert len(paths) >= 10
    for answers, outcome in paths:
        assert walk(route_map, answers).outcome == outcome
        for muni in municipalities:
            contacts = route_map.contacts_for(outcome, muni.code if muni else None)
            reachable = [c for c in contacts if c.phone or c.url]
            assert reachable, f"{map_id}: {outcome.code} has no contact for {muni and muni.name}"


def test_all_maps_share_questions_and_outcome_codes_so_figures_compare():
    shapes = {
        m.id: (sorted((q.id, q.answer, tuple(o.value for o in q.options)) for q in m.questions()), sorted(o.code for o in m.outcomes()))
        for m in MAPS.maps.values()
    }
    assert len({repr(s) for s in shapes.values()}) == 1


def test_the_seed_regions_hollands_midden_and_the_national_map_are_loaded():
    seed_regions = {"haaglanden", "hollands-midden", "rotterdam", "zuid-limburg", "gooi-en-vechtstreek"}
    assert seed_regions | {"nationaal"} <= set(MAPS.maps)
    # The other 19 safety regions are built on the shared template (issue 16).
    assert {m.id for m in MAPS.maps.values() if m.template} == set(MAPS.maps) - seed_regions - {"nationaal"}
    assert len(MAPS.maps) == 25
    assert MAPS.national.is_national
    assert MAPS.region_names() == sorted(MAPS.region_names()) and "Hollands Midden" in MAPS.region_names()


def test_every_contact_names_its_source_and_verification_date():
    for route_map in MAPS.maps.values():
        for contact in route_map.contacts.values():
            assert contact.source.startswith(("seed:", "http"))
            assert len(contact.verified_on) == 10


def test_regional_gaps_filled_by_national_contacts_are_marked():
    gv = MAPS.get("gooi-en-vechtstreek")
    fallbacks = [c for c in gv.contacts.values() if c.national_fallback]
    assert fallbacks, "Gooi en Vechtstreek has no own phone numbers in its seed; national contacts fill in"
    assert all(c.id.startswith("nationaal/") for c in fallbacks)


def test_acute_answer_always_leads_to_112_in_every_map():
    for route_map in MAPS.maps.values():
        outcome = walk(route_map, {"acute": "ja"}).outcome
        assert outcome is not None and outcome.code == "acuut.112"
        assert any(c.phone == "112" for c in route_map.contacts_for(outcome, None))


def test_reload_of_maps_from_disk_is_the_same_data():
    again = load_route_maps()
    assert {k: m.version for k, m in again.maps.items()} == {k: m.version for k, m in MAPS.maps.items()}
