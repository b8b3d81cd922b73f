"""Contacts whose verification is too old: listed for maintainers, and flagged in the chat.

Every contact carries ``verified_on``. A contact not checked for longer than the configured
age (``SIGNAALROUTE_CONTACT_MAX_AGE_MONTHS``, default 12) is *stale*: it may still be right,
but nobody has looked. Officers of the regions that use it see it in the workspace, the route
map check lists it, and the assistant adds the national fallback after it. A contact whose
only source is a page from before 2022 (or an undated page) is stale too, however recently
someone looked at that page: the assistant shows it with "controleer dit nummer".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping, Optional

from bot.routemap import NATIONAL_PREFIX, Contact, Outcome, RouteMapSet


@dataclass(frozen=True)
class StaleContact:
    """A contact of a map that is older than the limit, with where to fix it."""

    map_id: str
    map_name: str
    contact: Contact
    file: str            # the file that holds the contact (nationaal.yml for a nationaal/ reference)
    where: str           # path in that file: contacts.<id>
    age_days: int

    @property
    def reason(self) -> str:
        """Why the contact is listed, in Dutch for the officers."""
        if self.contact.source_is_old:
            date = self.contact.source_date or "onbekend"
            return f"bron van vóór 2022 of zonder datum ({date})"
        return f"niet gecontroleerd sinds {self.contact.verified_on}"


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    # The last day of a shorter month ("31 March minus one month" is 28 or 29 February).
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def verified_date(contact: Contact) -> Optional[date]:
    """The verification date, or None when it cannot be read (then it counts as stale)."""
    try:
        return date.fromisoformat(contact.verified_on)
    except ValueError:
        return None


def is_stale(contact: Contact, max_age_months: int, today: Optional[date] = None) -> bool:
    """True when `contact` was last verified more than `max_age_months` before `today`,
    or when its only source is too old (see ``Contact.source_is_old``)."""
    if contact.source_is_old:
        return True
    verified = verified_date(contact)
    if verified is None:
        return True
    return verified < _months_before(today or date.today(), max_age_months)


def stale_contacts(maps: RouteMapSet, max_age_months: int, today: Optional[date] = None,
                   map_ids: Optional[Iterable[str]] = None,
                   confirmed: Optional[Mapping[tuple[str, str], date]] = None) -> list[StaleContact]:
    """Every stale contact used by the maps (all, or `map_ids`), per map that uses it.

    A regional map that borrows a national contact (``nationaal/<id>``) lists it too: its
    officers rely on it, even though the fix is made in ``nationaal.yml``. `confirmed` maps
    (map id, contact id) to the day a coordinator confirmed the contact in the workspace; such a
    contact counts as checked from then on (the YAML itself changes only when a patch is committed).
    """
    today = today or date.today()
    wanted = set(map_ids) if map_ids is not None else None
    found: list[StaleContact] = []
    for route_map in sorted(maps.maps.values(), key=lambda m: (m.is_national, m.name)):
        if wanted is not None and route_map.id not in wanted:
            continue
        used = {ref for outcome in route_map.outcomes() for ref in outcome.contact_refs}
        for contact_id in sorted(used):
            contact = route_map.contacts[contact_id]
            if not is_stale(contact, max_age_months, today):
                continue
            seen = (confirmed or {}).get((route_map.id, contact_id))
            if seen is not None and seen >= _months_before(today, max_age_months):
                continue
            if contact_id.startswith(NATIONAL_PREFIX):
                file, where = maps.national.path, f"contacts.{contact_id[len(NATIONAL_PREFIX):]}"
            else:
                file, where = route_map.path, f"contacts.{contact_id}"
            verified = verified_date(contact)
            age = (today - verified).days if verified else -1
            found.append(StaleContact(route_map.id, route_map.name, contact, file, where, age))
    return found


def national_fallback(maps: RouteMapSet, outcome: Outcome) -> list[Contact]:
    """The national map's contacts for the same outcome (the line to add after a stale contact)."""
    national = maps.national
    same = next((o for o in national.outcomes() if o.code == outcome.code), None)
    if same is None:
        return []
    return [c for c in national.contacts_for(same, None) if c.phone != "112" and (c.phone or c.url)]
