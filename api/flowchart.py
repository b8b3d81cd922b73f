"""A route map as a picture and as nested lists, drawn from the data the assistant uses.

`route_tree` unfolds the map into a tree (the text alternative, and what the page lists);
`to_dot` writes the same map as a Graphviz graph and `render_svg` lets Debian's ``dot`` draw
it. Calling ``dot`` directly keeps us to one system package: the graph is plain text, and the
Python binding would only wrap this same call.
"""
from __future__ import annotations

import functools
import html
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from bot.routemap import Contact, Outcome, Question, RouteMap
from bot.staleness import is_stale

WRAP = 34          # characters per line in a box
WRAP_LABEL = 24    # characters per line on an arrow


@dataclass(frozen=True)
class ContactLine:
    organisation: str
    phone: Optional[str]
    email: Optional[str]
    url: Optional[str]
    verified_on: str
    stale: bool
    national: bool
    only_for: tuple[str, ...] = ()   # municipality codes when the contact is limited
    id: str = ""
    check_number: bool = False       # only an old or undated source: "controleer dit nummer"


@dataclass
class TreeNode:
    """One step of the route: a question with its answers, or an outcome with its contacts."""

    id: str
    kind: str                                   # "question" | "outcome"
    text: str                                   # the question, or the outcome's title
    help: Optional[str] = None
    advice: Optional[str] = None
    code: Optional[str] = None
    answers: list[tuple[str, "TreeNode"]] = field(default_factory=list)
    contacts: list[ContactLine] = field(default_factory=list)


def _contact_line(contact: Contact, max_age_months: int, today: Optional[date]) -> ContactLine:
    return ContactLine(
        contact.organisation, contact.phone, contact.email, contact.url, contact.verified_on,
        is_stale(contact, max_age_months, today), contact.national_fallback, contact.municipalities or (),
        contact.id, contact.source_is_old,
    )


def route_tree(route_map: RouteMap, max_age_months: int, today: Optional[date] = None) -> TreeNode:
    """The map from its start, every answer followed (shared outcomes appear under each answer)."""

    def build(node_id: str) -> TreeNode:
        node = route_map.nodes[node_id]
        if isinstance(node, Question):
            return TreeNode(node.id, "question", node.text, help=node.help,
                            answers=[(opt.label, build(opt.next)) for opt in node.options])
        contacts = [route_map.contacts[ref] for ref in node.contact_refs]
        return TreeNode(node.id, "outcome", node.title, advice=node.advice, code=node.code,
                        contacts=[_contact_line(c, max_age_months, today) for c in contacts])

    return build(route_map.start)


def _lines(text: str, width: int = WRAP) -> str:
    return "<BR/>".join(html.escape(line) for line in textwrap.wrap(text, width)) or " "


def _outcome_label(route_map: RouteMap, outcome: Outcome, max_age_months: int, today: Optional[date]) -> str:
    rows = [f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><B>{_lines(outcome.title)}</B></TD></TR>']
    for ref in outcome.contact_refs:
        c = _contact_line(route_map.contacts[ref], max_age_months, today)
        parts = [c.organisation]
        if c.phone:
            # No line break inside a phone number.
            parts.append("tel.\u00a0" + c.phone.replace(" ", "\u00a0"))
        if c.url and not c.phone:
            parts.append(c.url.split("://", 1)[-1].rstrip("/"))
        if c.only_for:
            parts.append("alleen voor sommige gemeenten")
        checked = f"gecontroleerd {c.verified_on}" + (" – VEROUDERD" if c.stale else "")
        if c.national:
            checked += " (landelijk)"
        rows.append(
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{_lines(" · ".join(parts), WRAP + 6)}'
            f'<BR/><FONT POINT-SIZE="9">{html.escape(checked)}</FONT></TD></TR>'
        )
    return "<" + '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">' + "".join(rows) + "</TABLE>>"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unconfirmed_line(names: list[str]) -> str:
    """The line at the bottom of the picture and the card: which contacts nobody confirmed recently."""
    if not names:
        return "Alle contacten op deze kaart zijn bevestigd."
    return "Niet bevestigd (controleer voor gebruik): " + "; ".join(names) + "."


def to_dot(route_map: RouteMap, max_age_months: int, today: Optional[date] = None,
           unconfirmed: Optional[list[str]] = None) -> str:
    """The map as a Graphviz graph: questions as blue boxes, outcomes with their contacts, and at the
    bottom the title with the contacts nobody confirmed (when `unconfirmed` is given)."""
    label = "Routekaart " + route_map.name + " – versie " + route_map.version
    if unconfirmed is not None:
        label += "\n" + unconfirmed_line(unconfirmed)
    out = [
        f"digraph {_quote(route_map.id)} {{",
        '  graph [rankdir=LR, fontname="Helvetica", nodesep=0.15, ranksep=0.35, '
        f'label={_quote(label)}, labelloc=b, fontsize=16];',
        '  node [fontname="Helvetica", fontsize=11, shape=box, style="rounded,filled", color="#1f4e79", fillcolor="#ffffff"];',
        '  edge [fontname="Helvetica", fontsize=9, color="#333333", fontcolor="#111111"];',
    ]
    for node_id, node in route_map.nodes.items():
        if isinstance(node, Question):
            out.append(f'  {_quote(node_id)} [label=<{_lines(node.text, 26)}>, fillcolor="#dbe9f6", penwidth=1.5];')
        else:
            acute = node.code.startswith("acuut")
            color = '#b00020' if acute else '#2e6b30'
            fill = '#fde8ea' if acute else '#eef6ee'
            out.append(f'  {_quote(node_id)} [label={_outcome_label(route_map, node, max_age_months, today)}, '
                       f'color="{color}", fillcolor="{fill}", penwidth=1.5];')
    for node_id, node in route_map.nodes.items():
        if isinstance(node, Question):
            for opt in node.options:
                label = _lines(opt.label, WRAP_LABEL)
                out.append(f"  {_quote(node_id)} -> {_quote(opt.next)} [label=<{label}>];")
    out.append("}")
    return "\n".join(out) + "\n"


def graphviz_available() -> bool:
    """True when Debian's Graphviz (``dot``) is installed."""
    return shutil.which("dot") is not None


@functools.lru_cache(maxsize=32)
def render_svg(dot_source: str) -> str:
    """SVG drawn by ``dot`` (cached per graph text); raises RuntimeError when it fails."""
    dot = shutil.which("dot")
    if dot is None:
        raise RuntimeError("Graphviz (dot) is not installed")
    done = subprocess.run([dot, "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True, timeout=30)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace")[:500])
    return done.stdout.decode("utf-8")
