"""docs/capacity.md stays consistent when its measured figure is updated: the stated result and
every row of its table follow from the formula and the values in its one-line calculator."""

from __future__ import annotations

import math
import re

from tests.stack import ROOT

DOC = (ROOT / "docs" / "capacity.md").read_text()


def _calculator() -> dict[str, float]:
    snippet = re.search(r'python3 -c "import math; ([^"]+)"', DOC).group(1)
    names, values = re.match(r"(\w+(?:,\w+)*)=([\d_.,]+);", snippet).groups()
    return dict(zip(names.split(","), (float(v.replace("_", "")) for v in values.split(","))))


def _instances(conversations: float, peak: float, v: dict[str, float]) -> tuple[float, int]:
    load = peak * conversations * v["M"] / (v["H"] * 3600)
    return load, max(2, math.ceil(load / (v["u"] * v["R"])) + 1)


def test_the_measured_rate_is_the_one_the_calculator_uses():
    measured = float(re.search(r"\*\*R = ([\d.]+) msg/s\*\*", DOC).group(1))
    assert _calculator()["R"] == measured


def test_the_stated_result_follows_from_the_formula():
    v = _calculator()
    load, instances = _instances(v["C"], v["P"], v)
    assert f"= {instances} instances" in DOC
    assert re.search(rf"L = [\d.]+ × [\d.]+ +=\s+{load:.1f} msg/s", DOC)


def test_every_row_of_the_scenario_table_follows_from_the_formula():
    v = _calculator()
    rows = re.findall(r"^\| [^|]+ \| ([\d,]+) \| (\d+) \| ([\d.]+) \| (\d+) \|$", DOC, re.MULTILINE)
    assert len(rows) >= 3
    for conversations, peak, load, instances in rows:
        expected_load, expected = _instances(float(conversations.replace(",", "")), float(peak), v)
        assert abs(expected_load - float(load)) < 0.05 + 0.01 * expected_load, (conversations, peak)
        assert int(instances) == expected, (conversations, peak)
