"""Every region of the country has a map (issue 16): built on the shared template, each role either
filled by a sourced contact or declared unknown (then the national contact, with a note)."""
from collections import Counter

import pytest

from bot.catalog import load_catalog
from bot.messages import contact_message
from bot.routemap import NATIONAL_PREFIX, load_route_maps
from bot.staleness import stale_contacts
from bot.walker import walk
from tests.support.mapcopy import copy_maps

CATALOG = load_catalog()
MAPS = CATALOG.maps
TEMPLATED = sorted(m.id for m in MAPS.maps.values() if m.template)


def _outcome(route_map, **answers):
    return walk(route_map, {"acute": "nee", **answers}).outcome


def test_every_municipality_has_a_regional_map():
    counts = Counter(m.map_id for m in list(CATALOG.municipalities))
    assert counts.get("nationaal", 0) == 0
    assert len(TEMPLATED) == 19 and sum(counts.values()) == 342
    assert all(counts[map_id] > 0 for map_id in MAPS.maps if map_id != "nationaal")


# The zorgcoördinator and Zorg- en Veiligheidshuis contacts of the maps from the seed documents.
SEED_CARE = {"haaglanden": {"shop", "zvh_haaglanden"}, "hollands-midden": {"shop", "zvh_hollands_midden"},
             "rotterdam": {"essm"}, "zuid-limburg": {"zorgcoordinator_zl"}, "gooi-en-vechtstreek": set()}


def care_contacts(route_map):
    """The contacts that are the region's own zorgcoördinator or Zorg- en Veiligheidshuis."""
    if route_map.template:
        return [route_map.contacts[route_map.roles[r]] for r in ("zorgcoordinatie", "zvh") if r not in route_map.gaps]
    return [route_map.contacts[c] for c in SEED_CARE.get(route_map.id, ())]


def test_three_quarters_of_the_municipalities_get_a_sourced_regional_zorgcoordinator_or_zvh():
    covered = [m for m in CATALOG.municipalities if care_contacts(MAPS.get(m.map_id))]
    assert len(covered) / 342 >= 0.75
    assert all(c.source for m in covered for c in care_contacts(MAPS.get(m.map_id)))


@pytest.mark.parametrize("map_id", TEMPLATED)
def test_each_role_is_a_sourced_contact_or_a_declared_gap_with_the_national_contact(map_id):
    route_map = MAPS.get(map_id)
    assert set(route_map.roles) == {"zorgcoordinatie", "zvh", "advies", "riec"}
    for role, target in route_map.roles.items():
        contact = route_map.contacts[target]
        if role in route_map.gaps:
            assert target.startswith(NATIONAL_PREFIX) and contact.national_fallback
        else:
            assert not contact.national_fallback and contact.source.startswith("https://")
            assert contact.source_date and contact.verified_on == "2026-12-06"
    support = _outcome(route_map, subject="persoon", need="steun")
    if "zorgcoordinatie" in route_map.gaps:
        assert "nationaal/zorgcoordinatoren" in support.contact_refs and "geen actuele bron" in support.note
    else:
        assert support.contact_refs[0] == route_map.roles["zorgcoordinatie"] and not support.note
    assert "{regio}" not in support.advice and route_map.name in support.advice


def test_an_old_or_undated_source_says_check_this_number_and_is_stale():
    acm = MAPS.get("amsterdam-amstelland").contacts["acm"]
    assert acm.source_is_old and "controleer dit nummer" in contact_message(acm).text
    groningen = MAPS.get("groningen").contacts["zvh_groningen"]  # undated, but backed by a 2024 page
    assert not groningen.source_is_old and "controleer" not in contact_message(groningen).text
    stale = {(s.map_id, s.contact.id) for s in stale_contacts(MAPS, 12)}
    assert ("amsterdam-amstelland", "acm") in stale and ("groningen", "zvh_groningen") not in stale


def test_a_coordinators_confirmation_counts_as_checked_in_the_stale_list():
    from datetime import date

    confirmed = {("amsterdam-amstelland", "acm"): date(2026, 12, 6)}
    stale = {(s.map_id, s.contact.id) for s in stale_contacts(MAPS, 12, today=date(2026, 12, 6), confirmed=confirmed)}
    assert ("amsterdam-amstelland", "acm") not in stale and ("utrecht", "moviera") in stale


def test_prostitution_signals_go_to_heit_only_in_den_haag():
    haaglanden = MAPS.get("haaglanden")
    outcome = _outcome(haaglanden, subject="locatie", location_signal="prostitutie")
    assert [c.id for c in haaglanden.contacts_for(outcome, "GM0518")] == ["heit_prostitutie", "avim"]
    assert [c.id for c in haaglanden.contacts_for(outcome, "GM0637")] == ["avim"]  # Zoetermeer
    assert "signalenoverleg" in outcome.advice
    midden = MAPS.get("hollands-midden")
    assert [c.id for c in midden.contacts_for(_outcome(midden, subject="locatie", location_signal="prostitutie"), "GM0546")] == ["avim"]
    assert "heit_malafide" in _outcome(midden, subject="locatie", location_signal="ondermijning").contact_refs


def test_zuid_limburg_serious_worries_and_location_signals_go_through_veilig_thuis():
    zl = MAPS.get("zuid-limburg")
    worries = _outcome(zl, subject="persoon", need="zorgen")
    assert worries.contact_refs[0] == "veilig_thuis_zl" and "weegploeg" in worries.advice
    for signal in ("prostitutie", "arbeid"):
        assert "veilig_thuis_zl" in _outcome(zl, subject="locatie", location_signal=signal).contact_refs


def test_national_map_follows_seed_000_and_sends_serious_worries_to_a_zvh():
    national = MAPS.national
    assert _outcome(national, subject="locatie", location_signal="prostitutie").contact_refs[:2] == ("riec", "politie_avim")
    assert _outcome(national, subject="persoon", need="zorgen").contact_refs[0] == "zorg_en_veiligheidshuizen"


def test_gooi_en_vechtstreek_asks_advice_before_avim_or_nla():
    gooi = MAPS.get("gooi-en-vechtstreek")
    for form in ("seksueel", "crimineel", "orgaan", "arbeid"):
        outcome = _outcome(gooi, subject="persoon", need="melden", form=form)
        assert outcome.contact_refs[0] == "veilig_thuis_gv" and outcome.advice.startswith("Vraag eerst advies")


def test_a_region_that_names_neither_a_contact_nor_a_gap_for_a_role_is_refused(tmp_path):
    directory = copy_maps(tmp_path)
    path = directory / "twente.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  zvh: kenniscentrum_twente\n", ""), encoding="utf-8")
    with pytest.raises(Exception) as err:
        load_route_maps(directory)
    assert "zvh" in str(err.value) and "twente.yml" in str(err.value)


@pytest.mark.parametrize("question,topic", [("wat doet CoMensha eigenlijk?", "comensha"),
                                            ("wie is de nationaal rapporteur mensenhandel?", "nationaal_rapporteur"),
                                            ("wat doet de zorgcoördinator?", "zorgcoordinator")])
def test_new_knowledge_topics_are_found_by_their_cues(question, topic):
    assert CATALOG.knowledge.topic_asked(question) == topic


def test_the_crisis_shelter_age_is_rotterdams_and_the_eu_deadline_is_past():
    minors = CATALOG.knowledge.answer("minors")
    assert "regio Rotterdam" in minors and "ESSM" in minors
    law = CATALOG.knowledge.answer("what_is_trafficking")
    assert "15 juli 2026" in law and "6 december 2026" in law
