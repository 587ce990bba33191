#!/usr/bin/env python3
"""Plot of bench/lm_scale_bench.sh as a small hand-written SVG (standard library only).

Usage: bench/plot_scale.py POINTS.tsv OUT.svg [--title TEXT]

POINTS.tsv: one line per corpus size, tab-separated, '#' lines ignored:
    label  million_words  gramvec_seconds  gramvec_peak_MB  kenlm_seconds  kenlm_peak_MB
with '-' where a figure is missing (KenLM's are known only for corpus-en). Two panels side by
side, x = million words: training time (s) and peak memory (MB), gramvec and KenLM as lines
with markers, axes from 0 so that linear growth is a straight line through the origin.
"""
import argparse
import math
import sys

WIDTH, HEIGHT = 640, 300
TOP, BOTTOM = 44, 246  # plot area, y pixels (shared by both panels)
PANELS = ((52, 300), (380, 628))  # plot area, x pixels (left, right) of each panel
SERIES = (  # (name, columns of seconds and MB, colour, marker)
    ("gramvec", (2, 3), "#1f6fb4", "circle"),
    ("KenLM lmplz", (4, 5), "#e8740c", "square"),
)


def number(text):
    return None if text in ("-", "—", "") else float(text)


def read_points(path):
    points = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 6:
                sys.exit(f"plot_scale: {path}: expected 6 tab-separated fields, got: {line!r}")
            points.append([fields[0]] + [number(x) for x in fields[1:]])
    if not points:
        sys.exit(f"plot_scale: {path}: no points")
    return sorted(points, key=lambda p: p[1])


def nice_ticks(maximum, count=5):
    """Ticks 0, step, 2 step, ... covering maximum, with step 1, 2, 2.5 or 5 times a power of 10."""
    if maximum <= 0:
        maximum = 1.0
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    n = math.ceil(maximum / step - 1e-9)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9) + (1 if step / power == 2.5 else 0))
    return [round(i * step, 12) for i in range(n + 1)], decimals


def fmt(value, decimals):
    return f"{value:,.{decimals}f}"


def marker(shape, x, y, colour):
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.8" fill="{colour}"/>'


def panel(out, points, left, right, which, title):
    xs = [p[1] for p in points]
    ys = [p[col[which]] for p in points for _, col, _, _ in SERIES if p[col[which]] is not None]
    xticks, xdec = nice_ticks(max(xs))
    yticks, ydec = nice_ticks(max(ys) if ys else 1.0)
    xmax, ymax = xticks[-1], yticks[-1]

    def px(x):
        return left + (right - left) * x / xmax

    def py(y):
        return BOTTOM - (BOTTOM - TOP) * y / ymax

    out.append(f'<text x="{left}" y="{TOP - 8}" font-weight="bold">{title}</text>')
    for t in yticks:
        y = py(t)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e4e4e4"/>')
        out.append(f'<text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end">{fmt(t, ydec)}</text>')
    for t in xticks:
        x = px(t)
        out.append(f'<line x1="{x:.1f}" y1="{BOTTOM}" x2="{x:.1f}" y2="{BOTTOM + 4}" stroke="#333"/>')
        out.append(f'<text x="{x:.1f}" y="{BOTTOM + 16}" text-anchor="middle">{fmt(t, xdec)}</text>')
    out.append(f'<path d="M{left} {TOP}V{BOTTOM}H{right}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{(left + right) / 2:.0f}" y="{BOTTOM + 32}" text-anchor="middle">million words</text>')
    for _, col, colour, shape in SERIES:
        pts = [(px(p[1]), py(p[col[which]])) for p in points if p[col[which]] is not None]
        if not pts:
            continue
        if len(pts) > 1:
            d = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in pts)
            out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out.extend(marker(shape, x, y, colour) for x, y in pts)


def main():
    parser = argparse.ArgumentParser(description="SVG plot of bench/lm_scale_bench.sh's points")
    parser.add_argument("points", help="tab-separated points (see the module docstring)")
    parser.add_argument("output", help="SVG file to write")
    parser.add_argument("--title", default="", help="line of text at the top")
    args = parser.parse_args()
    points = read_points(args.points)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Helvetica,Arial,sans-serif" font-size="11" fill="#222">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
    ]
    # Legend (and title) across the top, for both panels.
    x = PANELS[0][0]
    if args.title:
        title = args.title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        out.append(f'<text x="{x}" y="15">{title}</text>')
        x = WIDTH - 250
    for name, col, colour, shape in SERIES:
        if not any(p[c] is not None for p in points for c in col):
            continue
        out.append(f'<line x1="{x}" y1="11" x2="{x + 22}" y2="11" stroke="{colour}" stroke-width="2"/>')
        out.append(marker(shape, x + 11, 11, colour))
        out.append(f'<text x="{x + 28}" y="15">{name}</text>')
        x += 40 + 7 * len(name)
    panel(out, points, *PANELS[0], 0, "training time (s)")
    panel(out, points, *PANELS[1], 1, "peak memory (MB)")
    out.append("</svg>")
    with open(args.output, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
