"""The answer keys and values every route map shares (see docs/contracts.md)."""

ANSWER_VALUES: dict[str, tuple[str, ...]] = {
    "acute": ("ja", "nee"),
    "subject": ("persoon", "locatie", "twijfel"),
    "need": ("melden", "steun", "zorgen", "onbekend"),
    "form": ("arbeid", "seksueel", "crimineel", "orgaan", "onbekend"),
    "location_signal": ("prostitutie", "arbeid", "crimineel", "ondermijning", "grootschalig", "onbekend"),
}

UNKNOWN = "onbekend"


def is_valid_answer(key: str, value: str) -> bool:
    """True when `value` is a known value for answer `key`."""
    return value in ANSWER_VALUES.get(key, ())
