"""Walking a route map: given the answers so far, what comes next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

from bot.routemap import Outcome, Question, RouteMap


@dataclass(frozen=True)
class Step:
    """Where a walk stops: an unanswered question, or an outcome."""

    node: Question | Outcome
    path: tuple[tuple[str, str], ...]  # (answer key, value) pairs used on the way

    @property
    def question(self) -> Optional[Question]:
        return self.node if isinstance(self.node, Question) else None

    @property
    def outcome(self) -> Optional[Outcome]:
        return self.node if isinstance(self.node, Outcome) else None


def walk(route_map: RouteMap, answers: Mapping[str, str]) -> Step:
    """Follow `answers` from the start; stop at the first question without a usable answer.

    Answers that the map does not ask on this path are ignored, so answers picked up
    early from free text ("skip what is already known") never block the walk.
    """
    node = route_map.nodes[route_map.start]
    path: list[tuple[str, str]] = []
    while isinstance(node, Question):
        value = answers.get(node.answer)
        option = node.option(value) if value else None
        if option is None:
            return Step(node, tuple(path))
        path.append((node.answer, option.value))
        node = route_map.nodes[option.next]
    return Step(node, tuple(path))


def step_back(route_map: RouteMap, answers: Mapping[str, str]) -> dict[str, str]:
    """The answers with the last answer on the current path removed ("terug").

    Only the answer to the last question on the path is removed, so that question
    is asked again; facts picked up earlier from free text stay.
    """
    step = walk(route_map, answers)
    if not step.path:
        return dict(answers)
    last_key = step.path[-1][0]
    return {k: v for k, v in answers.items() if k != last_key}
