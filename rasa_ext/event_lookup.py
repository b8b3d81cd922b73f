"""Event types looked up by name from a table, not by walking every subclass of ``Event``.

Rasa 3.6 turns each stored event back into an object with ``Event.resolve_by_type``, which
walks the whole class tree of ``Event`` (``all_subclasses``, with an ``inspect.isabstract``
per class) for every event of the tracker, on every turn. Measured with py-spy on the
Rasa server (one user, the bench conversation, SQL tracker store): 9.6 % of its CPU time.
The table is filled from the same walk, in the same order (the first class with a name
wins, as in Rasa), and walked again only for a name it does not know yet: a class
imported later.

Installed by ``rasa_ext/__init__.py`` when Rasa imports the package.
"""

from __future__ import annotations

from typing import Optional, Type

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_original = Event.resolve_by_type
_by_name: dict[str, Type[Event]] = {}


def _fill() -> None:
    for cls in all_subclasses(Event):
        _by_name.setdefault(cls.type_name, cls)


def resolve_by_type(type_name: str, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Rasa's ``Event.resolve_by_type``, from the table."""
    found = _by_name.get(type_name)
    if found is None:
        _fill()
        found = _by_name.get(type_name)
    return found if found is not None else _original(type_name, default)


def install() -> None:
    Event.resolve_by_type = staticmethod(resolve_by_type)


install()
