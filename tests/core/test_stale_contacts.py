"""Contacts not verified for too long: listed per region that uses them, flagged in the chat."""

from datetime import date

from bot.catalog import load_catalog
from bot.mapcheck import check_directory
from bot.routemap import Contact
from bot.staleness import is_stale, stale_contacts
from tests.support.core_chat import Chat
from tests.support.mapcopy import copy_maps, set_verified_on

TODAY = date(2026, 11, 28)


def _contact(verified_on: str) -> Contact:
    return Contact("x", "Organisatie", "rol", "seed:003_dd90d72bbb95a14c.txt", verified_on, phone="0800-5151")


def test_a_contact_is_stale_after_the_configured_number_of_months():
    assert not is_stale(_contact("2025-11-28"), 12, TODAY)
    assert is_stale(_contact("2025-11-27"), 12, TODAY)
    assert is_stale(_contact("2026-05-27"), 6, TODAY)
    assert is_stale(_contact("niet-ingevuld"), 12, TODAY)


def test_today_only_contacts_with_an_old_or_undated_source_are_stale():
    # Issue 16: a contact whose only source is from before 2022 (or undated) stays listed until checked.
    stale = stale_contacts(load_catalog().maps, 12, TODAY)
    assert stale and all(s.contact.source_is_old for s in stale)
    assert not [s for s in stale if not s.contact.source_date]  # the seed-based contacts are all current


def test_an_old_contact_is_listed_for_the_region_that_uses_it_with_file_and_path(tmp_path):
    directory = copy_maps(tmp_path)
    set_verified_on(directory, "hollands-midden.yml", "zvh_hollands_midden", "2024-01-15")
    set_verified_on(directory, "nationaal.yml", "zorgcoordinatoren", "2023-06-01")
    report = check_directory(directory, 12, TODAY)
    assert report.ok
    found = {(s.map_id, s.contact.id, s.file.rsplit("/", 1)[-1], s.where) for s in report.stale}
    assert ("hollands-midden", "zvh_hollands_midden", "hollands-midden.yml", "contacts.zvh_hollands_midden") in found
    # Gooi en Vechtstreek borrows the national overview: its officers see it, the fix is in nationaal.yml.
    assert ("gooi-en-vechtstreek", "nationaal/zorgcoordinatoren", "nationaal.yml", "contacts.zorgcoordinatoren") in found
    assert ("nationaal", "zorgcoordinatoren", "nationaal.yml", "contacts.zorgcoordinatoren") in found
    assert not any(s.map_id == "haaglanden" for s in report.stale)
    hm = next(s for s in report.stale if s.contact.id == "zvh_hollands_midden")
    assert hm.age_days == (TODAY - date(2024, 1, 15)).days


def test_the_bot_adds_the_national_fallback_after_a_stale_regional_contact(tmp_path):
    directory = copy_maps(tmp_path)
    set_verified_on(directory, "hollands-midden.yml", "zvh_hollands_midden", "2020-03-01")
    chat = Chat(catalog=load_catalog(directory))
    chat.say("Ik werk in Leiden")
    chat.say("geen direct gevaar, het gaat om een vrouw")
    out = chat.click(chat.button("need:zorgen"))
    texts = [m.text for m in chat.last]
    card = next(i for i, t in enumerate(texts) if "088-3084343" in t)
    warning = texts[card + 1]
    assert "niet gecontroleerd" in warning and "Zorg- en Veiligheidshuis Hollands Midden" in warning
    # The national map's contacts for the same outcome: Veilig Thuis and CoMensha.
    assert "0800-2000" in warning and "033 448 11 86" in warning
    assert out.count("niet gecontroleerd") == 1


def test_fresh_contacts_get_no_warning():
    chat = Chat()
    chat.say("Ik werk in Leiden")
    chat.say("geen direct gevaar, het gaat om een vrouw")
    out = chat.click(chat.button("need:zorgen"))
    assert "niet gecontroleerd" not in out


def test_the_check_reports_a_broken_file_with_file_and_path_and_keeps_checking_the_others(tmp_path):
    directory = copy_maps(tmp_path)
    path = directory / "rotterdam.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("next: persoon_zorgcoordinator", "next: bestaat_niet", 1),
                    encoding="utf-8")
    set_verified_on(directory, "zuid-limburg.yml", "riec_limburg", "2021-01-01")
    report = check_directory(directory, 12, TODAY)
    assert len(report.errors) == 1
    error = report.errors[0]
    assert error.path.endswith("rotterdam.yml") and error.where.endswith(".next") and "bestaat_niet" in error.problem
    assert [s.contact.id for s in report.stale if not s.contact.source_is_old] == ["riec_limburg"]
