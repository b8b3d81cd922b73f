"""What a conversation knows between turns, one message in, and the reply: plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from bot.learned import LearnedReading
from bot.messages import Message
from bot.regions import Municipality
from bot.routemap import Contact, Outcome, RouteMap

MAX_TEXT = 2000
# A long message is read in at most this many parts of MAX_TEXT (the channels split it).
MAX_PARTS = 5
PRIVATE_MUNICIPALITY = "onbekend"
OTHER_MUNICIPALITY = "anders"
ACUTE_KEY = "acute"


@dataclass
class State:
    """What the conversation knows; kept in Rasa slots between turns."""

    municipality: Optional[str] = None   # CBS code, or "onbekend" when not given
    answers: dict[str, str] = field(default_factory=dict)
    pending: Optional[str] = None        # question node id, or "gemeente"
    misses: int = 0
    finished: bool = False
    confirm: Optional[str] = None        # a municipality code guessed from a typo, awaiting "ja"
    minor: bool = False                  # the person is under 18
    minor_told: bool = False
    handover: Optional[dict[str, str]] = None  # location checklist answers so far (redacted); None when not asked
    asked: int = 0                       # how often in a row the pending question was asked
    choices: tuple[str, ...] = ()         # municipality codes to choose between ("Hengelo": two places)
    choice_place: Optional[str] = None    # the place name that asked for that choice
    region: Optional[str] = None         # a regional map id named without a municipality ("regio Hollands Midden")
    danger_asks: int = 0                 # how often this signal was asked about danger now (112 between does not reset it)

    @property
    def has_facts(self) -> bool:
        return bool({k: v for k, v in self.answers.items() if k != ACUTE_KEY})


@dataclass(frozen=True)
class Turn:
    text: str
    intent: Optional[str] = None
    confidence: float = 1.0
    entities: tuple[dict, ...] = ()
    announced: Optional[str] = None  # the Rasa server already said 112 this turn: "acute" | "possible"
    payload: bool = False            # a button click ("/choose{...}"), not typed text
    truncated: bool = False          # the channel cut an over-long message
    part: int = 1                    # a long message comes in parts: this one, of `parts`
    parts: int = 1
    learned: Optional[LearnedReading] = None  # the Rasa server's learned reading (bot.learned)


@dataclass(frozen=True)
class RouteEnd:
    """A route that ended this turn: with an outcome, by 112, or stopped halfway."""

    kind: str                       # "outcome" | "acute" | "stopped"
    route_map: RouteMap
    answers: dict[str, str]
    municipality: Optional[Municipality]
    outcome: Optional[Outcome] = None
    contacts: tuple[Contact, ...] = ()


@dataclass
class Reply:
    messages: list[Message]
    state: State
    ended: Optional[RouteEnd] = None
