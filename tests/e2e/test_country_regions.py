"""Issue 16 through the real Rasa server and action server: a professional in six cities, as a new
user would type it, gets the region's own zorgcoördinator or Zorg- en Veiligheidshuis where a source
exists, and the national overview only where the region's map says the role is unknown.
One lean conversation per city: municipality, no danger, a person who wants help."""

import json
import uuid

import pytest

pytestmark = pytest.mark.e2e

NATIONAL = "Dit is een landelijk contact"
CHECK = "controleer dit nummer"

# city -> (the region's name, what must be in the answer, what must not be)
CITIES = {
    # Sources dated 2024 and 2025: the region's own contact, no warning.
    "Groningen": ("Regio Groningen", ["mensenhandel@groningen.nl", "Zorg- en Veiligheidshuis Groningen"], [CHECK, NATIONAL]),
    "Enschede": ("Twente", ["Kenniscentrum Mensenhandel Twente", "mensenhandeltwente.nl"], [CHECK, NATIONAL]),
    # Only an old or undated source: the region's contact, flagged, plus a national line to fall back on.
    "Utrecht": ("Regio Utrecht", ["Moviera", "088-3744744", CHECK, "CoMensha"], [NATIONAL]),
    "Amsterdam": ("Amsterdam-Amstelland", ["Amsterdams Coördinatiepunt Mensenhandel", "020-6263800", CHECK], [NATIONAL]),
    "Lelystad": ("Flevoland", ["Blijf Groep", CHECK], [NATIONAL]),
    # The map says the role is unknown (no contact details found): the national overview, and it says so.
    "Breda": ("Midden- en West-Brabant", ["wegwijzermensenhandel.nl/zorgcoordinatoren", NATIONAL, "geen actuele bron"], []),
}


def _text(replies):
    return "\n".join(r.get("text") or json.dumps(r.get("custom") or {}, ensure_ascii=False) for r in replies)


def _click(stack, sender, choice):
    return _text(stack.send(sender, "/choose" + json.dumps({"keuze": choice})))


@pytest.mark.parametrize("city", sorted(CITIES))
def test_a_professional_gets_the_regions_own_contact_or_the_national_one_where_the_map_says_unknown(stack, city):
    region, expected, absent = CITIES[city]
    sender = f"e2e-regio-{city.lower()}-{uuid.uuid4().hex[:6]}"
    greeting = _text(stack.send(sender, f"Hoi, ik werk bij de gemeente {city}"))
    assert region in greeting, greeting
    _click(stack, sender, "acute:nee")
    _click(stack, sender, "subject:persoon")
    answer = _click(stack, sender, "need:steun")
    for snippet in expected:
        assert snippet.lower() in answer.lower(), f"{city}: expected {snippet!r} in:\n{answer}"
    for snippet in absent:
        assert snippet.lower() not in answer.lower(), f"{city}: did not expect {snippet!r} in:\n{answer}"
