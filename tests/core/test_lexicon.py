"""Acute danger and facts from free text (the lexicon in routekaarten/begrippen.yml)."""

import pytest

from bot.lexicon import Lexicon

LEXICON = Lexicon.load()


@pytest.mark.parametrize("text", [
    "hij wordt nu geslagen", "ze zit opgesloten en kan niet weg", "spoed!", "bel 112",
    "hij ligt bloedend op de grond", "er wordt geschoten", "hij is buiten bewustzijn",
    "een kind wordt nu misbruikt", "Ze wordt op dit moment mishandeld.",
])
def test_immediate_danger_is_acute(text):
    assert LEXICON.is_acute(text)


@pytest.mark.parametrize("text", [
    "geen direct gevaar", "het is niet acuut", "vorig jaar is hij geslagen",
    "ze is vorig jaar mishandeld, nu woont ze bij haar zus",
    "de werknemers worden bedreigd als ze naar huis willen",
    "hij moet pakketjes rondbrengen en wordt bedreigd als hij stopt",
    "iemand wordt gedwongen om drugs op te slaan in zijn woning",
    "ze worden bedreigd met ontslag",
    "arbeidsmigranten slapen in een loods",
])
def test_exploitation_signals_without_immediate_danger_are_not_acute(text):
    assert not LEXICON.is_acute(text)


def test_first_message_of_the_heerlen_case_gives_its_facts():
    facts = LEXICON.facts("Bij een controle in Heerlen zag ik arbeidsmigranten die in een loods slapen, "
                          "hun paspoorten zijn ingenomen, geen direct gevaar")
    assert {k: facts[k] for k in ("form", "subject", "acute")} == {"form": "arbeid", "subject": "persoon", "acute": "nee"}
    assert "need" not in facts
