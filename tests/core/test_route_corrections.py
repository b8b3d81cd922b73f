"""The corrections of issue 9, each against the table and a whole conversation.

Sources are in routekaarten/BRONNEN.md: Hollands Midden and its ZVH (seed 003 and the public list of
the Veiligheidsregio Hollands Midden), HEIT for the whole police unit Den Haag, Eemnes in Gooi en
Vechtstreek, Zuid-Limburg via Veilig Thuis, Rotterdam's meldroutekaart.
"""

import pytest

from bot.catalog import load_catalog
from tests.support.core_chat import Chat

CATALOG = load_catalog()
TABLE = CATALOG.municipalities

HOLLANDS_MIDDEN = {
    "GM0484": "Alphen aan den Rijn", "GM1901": "Bodegraven-Reeuwijk", "GM0513": "Gouda", "GM0534": "Hillegom",
    "GM1884": "Kaag en Braassem", "GM0537": "Katwijk", "GM1931": "Krimpenerwaard", "GM0546": "Leiden",
    "GM0547": "Leiderdorp", "GM0553": "Lisse", "GM0569": "Nieuwkoop", "GM0575": "Noordwijk", "GM0579": "Oegstgeest",
    "GM1525": "Teylingen", "GM0626": "Voorschoten", "GM0627": "Waddinxveen", "GM0638": "Zoeterwoude", "GM1892": "Zuidplas",
}
HAAGLANDEN = {"GM0503", "GM0518", "GM1916", "GM1842", "GM1926", "GM0603", "GM0629", "GM1783", "GM0637"}


def test_hollands_midden_has_exactly_the_18_municipalities_of_the_veiligheidsregio():
    assert {m.code: m.name for m in TABLE.in_map("hollands-midden")} == HOLLANDS_MIDDEN


def test_eemnes_uses_the_gooi_en_vechtstreek_map():
    assert TABLE.by_code("GM0317").map_id == "gooi-en-vechtstreek"


def test_haaglanden_still_has_its_nine_municipalities():
    assert {m.code for m in TABLE.in_map("haaglanden")} == HAAGLANDEN


@pytest.mark.parametrize("code", sorted(HAAGLANDEN | set(HOLLANDS_MIDDEN)))
def test_heit_malafide_serves_every_municipality_of_haaglanden_and_hollands_midden(code):
    muni = TABLE.by_code(code)
    route_map = CATALOG.maps.get(muni.map_id)
    shown = [c.id for c in route_map.contacts_for(route_map.nodes["locatie_ondermijning"], code)]
    assert shown[0] == "heit_malafide", (muni.name, shown)
    # Issue 16: the cited pages back HEIT's regional reach for malafide business only; the
    # prostitution team's page describes Den Haag. Elsewhere: the signalenoverleg and the AVIM.
    prostitution = [c.id for c in route_map.contacts_for(route_map.nodes["locatie_prostitutie"], code)]
    assert prostitution[0] == ("heit_prostitutie" if code == "GM0518" else "avim"), (muni.name, prostitution)


def test_a_professional_in_leiden_with_serious_worries_reaches_zvh_hollands_midden():
    chat = Chat()
    chat.say("Ik werk in Leiden")
    out = chat.say("geen direct gevaar, het gaat om een vrouw")
    out = chat.click(chat.button("need:zorgen"))
    assert "Zorg- en Veiligheidshuis Hollands Midden" in out
    assert "088-3084343" in out and "infoZVH@zvhhm.nl" in out
    assert "070-7570900" not in out  # not Haaglanden's ZVH


def test_a_professional_in_zoetermeer_with_a_prostitution_signal_reaches_the_avim_not_heit():
    chat = Chat()
    chat.say("Ik werk in Zoetermeer")
    chat.say("nee, geen direct gevaar")
    chat.click(chat.button("subject:locatie"))
    out = chat.click(chat.button("location_signal:prostitutie"))
    assert "0900-8844" in out and "signalenoverleg" in out
    assert "HEIT Prostitutie –" not in out


def test_zuid_limburg_sends_a_non_acute_signal_via_veilig_thuis_and_the_police_only_when_the_victim_wants():
    chat = Chat()
    chat.say("Ik werk in Heerlen")
    chat.say("geen direct gevaar, het gaat om een meisje")
    chat.click(chat.button("need:melden"))
    chat.click(chat.button("form:seksueel"))
    outcome = chat.ended[-1]
    assert [c.id for c in outcome.contacts] == ["veilig_thuis_zl", "avim"]
    advice = outcome.outcome.advice
    assert "aandachtsfunctionaris" in advice and "screeningstafel" in advice
    assert "aangifte" in advice


def test_rotterdam_links_the_regional_meldroutekaart_and_gives_the_signalenoverleg_tip():
    rotterdam = CATALOG.maps.get("rotterdam")
    assert rotterdam.contacts["meldroutekaart"].url.endswith("/meldroutekaart-mensenhandel-regio-rotterdam/")
    assert rotterdam.signalenoverleg_tip and "signalenoverleg" in rotterdam.signalenoverleg_tip


def test_the_national_map_does_not_call_every_veilig_thuis_a_meldpunt_mensenhandel():
    role = CATALOG.maps.national.contacts["veilig_thuis"].role
    assert "sommige regio's" in role


def test_law_answers_are_dated_and_name_the_changes_without_predicting_them():
    answer = CATALOG.knowledge.answer("what_is_trafficking")
    assert "stand" in answer.lower() and "november 2026" in answer
    assert "onder de 18" in answer and "geen dwang" in answer
    assert "12 jaar" in answer and "zwaardere" in answer
    assert "2024/1712" in answer and "wetsvoorstel" in answer


def test_the_ketenregisseur_has_no_case_work():
    answer = CATALOG.knowledge.answer("ketenregisseur")
    assert "niet aan zaken van één slachtoffer" in answer
    assert "regie over de samenwerking rond dat signaal" not in answer


@pytest.mark.parametrize("topic", ["what_is_trafficking", "minors", "non_punishment", "reflection_period"])
def test_every_legal_answer_says_from_when_it_is(topic):
    assert "november 2026" in CATALOG.knowledge.answer(topic)
