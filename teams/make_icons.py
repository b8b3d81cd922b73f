"""Draw the Teams app icons (a white signpost) as PNG files, without extra packages.

Run from the repository root when the design changes:
``.venv/bin/python teams/make_icons.py`` writes ``teams/color.png`` (192×192,
signpost on the accent colour) and ``teams/outline.png`` (32×32, white on
transparent, as Teams requires).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import List, Sequence, Tuple

Point = Tuple[float, float]

ACCENT = (0x15, 0x42, 0x73)  # also "accentColor" in manifest.json
WHITE = (0xFF, 0xFF, 0xFF)
SUPERSAMPLING = 4

# The signpost in unit coordinates (y grows downwards): a pole and two arrow boards.
SIGNPOST: List[Sequence[Point]] = [
    [(0.45, 0.10), (0.55, 0.10), (0.55, 0.94), (0.45, 0.94)],
    [(0.20, 0.18), (0.70, 0.18), (0.84, 0.30), (0.70, 0.42), (0.20, 0.42)],
    [(0.80, 0.50), (0.30, 0.50), (0.16, 0.62), (0.30, 0.74), (0.80, 0.74)],
]


def _inside(point: Point, polygon: Sequence[Point]) -> bool:
    """Even-odd rule: does a horizontal ray from the point cross the edges an odd number of times."""
    x, y = point
    crossings = False
    for (x1, y1), (x2, y2) in zip(polygon, list(polygon[1:]) + [polygon[0]]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            crossings = not crossings
    return crossings


def glyph_coverage(size: int, margin: float) -> List[List[float]]:
    """Per pixel, the fraction (0..1) covered by the signpost, anti-aliased."""
    span = size * (1 - 2 * margin)
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            hits = 0
            for sy in range(SUPERSAMPLING):
                for sx in range(SUPERSAMPLING):
                    x = (px + (sx + 0.5) / SUPERSAMPLING - size * margin) / span
                    y = (py + (sy + 0.5) / SUPERSAMPLING - size * margin) / span
                    hits += any(_inside((x, y), shape) for shape in SIGNPOST)
            row.append(hits / SUPERSAMPLING**2)
        rows.append(row)
    return rows


def png_bytes(pixels: List[List[Tuple[int, int, int, int]]]) -> bytes:
    """Encode RGBA rows as a PNG file."""
    height, width = len(pixels), len(pixels[0])
    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def color_icon() -> bytes:
    """192×192: the white signpost on the accent colour, inside Teams' 120 px safe area."""
    coverage = glyph_coverage(192, margin=36 / 192)
    return png_bytes(
        [[tuple(round(a * w + (1 - a) * c) for w, c in zip(WHITE, ACCENT)) + (255,) for a in row] for row in coverage]
    )


def outline_icon() -> bytes:
    """32×32: white signpost, transparent background."""
    coverage = glyph_coverage(32, margin=1 / 32)
    return png_bytes([[WHITE + (round(a * 255),) for a in row] for row in coverage])


def main() -> None:
    """Write both icons next to this script."""
    folder = Path(__file__).resolve().parent
    (folder / "color.png").write_bytes(color_icon())
    (folder / "outline.png").write_bytes(outline_icon())


if __name__ == "__main__":
    main()
