#!/usr/bin/env python3
"""Plot and tables of bench/lm_prune_curve.sh (standard library only: the SVG is written by hand).

Usage: scripts/plot_prune_curve.py CURVE.tsv OUT.svg [--title TEXT]
       scripts/plot_prune_curve.py CURVE.tsv --table

CURVE.tsv: a header line, then one line per model, tab-separated:
    series  setting  ngrams  bytes  perplexity
series is "unpruned", "count" (setting: the --prune thresholds), "entropy",
"entropy+katz-history" or "entropy+katz-history+interpolated" (setting: the threshold θ). The SVG has two panels side by side:
test perplexity against the number of n-grams and against the binary size in bytes, both x axes
logarithmic, one line with markers per series and the unpruned model as a single marker.

--table prints the models as a markdown table and, for each count-pruning point, the perplexity
of each entropy series at the same number of n-grams and at the same size in bytes, interpolated
linearly in log size between the series' neighbouring points (the unpruned model is the θ = 0
end of each entropy series; "—" outside its range), and whether it is lower than count pruning's.
"""
import argparse
import math
import sys

SERIES = (  # (name, label, colour, marker)
    ("count", "count pruning (lm train --prune)", "#e8740c", "square"),
    ("entropy", "entropy pruning, P(h) from itself", "#1f6fb4", "circle"),
    ("entropy+katz-history", "entropy pruning, P(h) from Katz", "#2a9d3a", "triangle"),
    ("entropy+katz-history+interpolated", "entropy pruning, P(h) from Katz, interpolated form", "#8e44ad",
     "diamond"),
)
ENTROPY = ("entropy", "entropy+katz-history", "entropy+katz-history+interpolated")
HEADINGS = {"entropy": "entropy (self)", "entropy+katz-history": "entropy (katz history)",
            "entropy+katz-history+interpolated": "entropy (katz history, interpolated form)"}
WIDTH, HEIGHT = 1000, 430
TOP, BOTTOM = 56, 330  # plot area, y pixels
PANELS = ((70, 480), (580, 990))  # plot area, x pixels of each panel
AXES = (("ngrams", "n-grams (all orders)"), ("bytes", "binary size in bytes (trie, not quantized)"))


def read_points(path):
    points = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f):
            fields = line.rstrip("\n").split("\t")
            if number == 0 and fields[0] == "series" or not line.strip() or line.startswith("#"):
                continue
            if len(fields) != 5:
                sys.exit(f"plot_prune_curve: {path}: expected 5 tab-separated fields, got: {line!r}")
            series, setting, ngrams, size, ppl = fields
            points.append({"series": series, "setting": setting, "ngrams": int(ngrams),
                           "bytes": int(size), "perplexity": float(ppl)})
    if not points:
        sys.exit(f"plot_prune_curve: {path}: no points")
    return points


def si(value):
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            text = f"{value / scale:g}"
            return text + suffix
    return f"{value:g}"


def log_ticks(low, high):
    """Ticks inside [low, high]: 1, 2, 5 times powers of ten (or only powers over wide ranges)."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    mantissas = (1, 2, 5) if last - first <= 3 else (1,)
    ticks = [m * 10 ** e for e in range(first, last + 1) for m in mantissas]
    return [t for t in ticks if low <= t <= high]


def linear_ticks(low, high, count=6):
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = start
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def marker(shape, x, y, colour):
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.6" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 3.3:.1f}" y="{y - 3.3:.1f}" width="6.6" height="6.6" fill="{colour}"/>'
    if shape == "triangle":
        return (f'<polygon points="{x:.1f},{y - 4.4:.1f} {x - 4.2:.1f},{y + 3.2:.1f} '
                f'{x + 4.2:.1f},{y + 3.2:.1f}" fill="{colour}"/>')
    return (f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} '
            f'{x - 5:.1f},{y:.1f}" fill="{colour}"/>')  # diamond


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plot(points, out, title):
    ppl = [p["perplexity"] for p in points]
    pad = (max(ppl) - min(ppl)) * 0.06 or 1.0
    y_low, y_high = min(ppl) - pad, max(ppl) + pad
    y_ticks = linear_ticks(y_low, y_high)
    y_low, y_high = min(y_low, y_ticks[0]), max(y_high, y_ticks[-1])

    def ypix(v):
        return BOTTOM - (v - y_low) / (y_high - y_low) * (BOTTOM - TOP)

    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">'
           f'{escape(title)}: test perplexity against model size</text>']
    for (left, right), (key, label) in zip(PANELS, AXES):
        values = [p[key] for p in points]
        lo, hi = math.log10(min(values)), math.log10(max(values))
        margin = (hi - lo) * 0.05 or 0.1
        lo, hi = lo - margin, hi + margin

        def xpix(v, lo=lo, hi=hi, left=left, right=right):
            return left + (math.log10(v) - lo) / (hi - lo) * (right - left)

        svg.append(f'<rect x="{left}" y="{TOP}" width="{right - left}" height="{BOTTOM - TOP}" '
                   f'fill="none" stroke="#333"/>')
        for t in y_ticks:
            y = ypix(t)
            svg.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e4e4e4"/>')
            svg.append(f'<line x1="{left - 5}" y1="{y:.1f}" x2="{left}" y2="{y:.1f}" stroke="#333"/>')
            svg.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{t:g}</text>')
        for t in log_ticks(10 ** lo, 10 ** hi):
            x = xpix(t)
            svg.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{BOTTOM}" stroke="#e4e4e4"/>')
            svg.append(f'<line x1="{x:.1f}" y1="{BOTTOM}" x2="{x:.1f}" y2="{BOTTOM + 5}" stroke="#333"/>')
            svg.append(f'<text x="{x:.1f}" y="{BOTTOM + 18}" text-anchor="middle">{si(t)}</text>')
        svg.append(f'<text x="{(left + right) / 2}" y="{BOTTOM + 38}" text-anchor="middle">'
                   f'{escape(label)} (log scale)</text>')
        svg.append(f'<text x="{left - 48}" y="{(TOP + BOTTOM) / 2}" text-anchor="middle" '
                   f'transform="rotate(-90 {left - 48} {(TOP + BOTTOM) / 2})">test perplexity</text>')
        for name, _, colour, shape in SERIES:
            series = sorted((p for p in points if p["series"] == name), key=lambda p: p[key])
            if not series:
                continue
            line = " ".join(f"{xpix(p[key]):.1f},{ypix(p['perplexity']):.1f}" for p in series)
            svg.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="1.6"/>')
            svg.extend(marker(shape, xpix(p[key]), ypix(p["perplexity"]), colour) for p in series)
        for p in points:
            if p["series"] == "unpruned":
                svg.append(marker("diamond", xpix(p[key]), ypix(p["perplexity"]), "#000"))
    # Legend: under both panels, in rows as wide as the figure.
    entries = [(label, colour, shape, True) for name, label, colour, shape in SERIES
               if any(p["series"] == name for p in points)]
    if any(p["series"] == "unpruned" for p in points):
        entries.append(("unpruned", "#000", "diamond", False))
    x, y = PANELS[0][0], HEIGHT - 44
    for label, colour, shape, line in entries:
        width = 44 + 6.6 * len(label)
        if x + width > WIDTH and x > PANELS[0][0]:
            x, y = PANELS[0][0], y + 22
        if line:
            svg.append(f'<line x1="{x}" y1="{y}" x2="{x + 22}" y2="{y}" stroke="{colour}" stroke-width="1.6"/>')
        svg.append(marker(shape, x + 11, y, colour))
        svg.append(f'<text x="{x + 28}" y="{y + 4}">{escape(label)}</text>')
        x += width
    svg.append("</svg>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(s for s in svg if s) + "\n")


def interpolate(series, key, x):
    """Perplexity of the series at size x, linear in log size; None outside its range."""
    pts = sorted(((p[key], p["perplexity"]) for p in series))
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if x0 <= x <= x1:
            if x1 == x0:
                return min(y0, y1)
            f = (math.log(x) - math.log(x0)) / (math.log(x1) - math.log(x0))
            return y0 + f * (y1 - y0)
    if len(pts) == 1 and pts[0][0] == x:
        return pts[0][1]
    return None


def table(points):
    print("| series | setting | n-grams | bytes | perplexity |")
    print("|---|---|---:|---:|---:|")
    for p in points:
        print(f"| {p['series']} | {p['setting']} | {p['ngrams']:,} | {p['bytes']:,} | {p['perplexity']:.4f} |")
    unpruned = [p for p in points if p["series"] == "unpruned"]
    counts = [p for p in points if p["series"] == "count"]
    names = [name for name in ENTROPY if any(p["series"] == name for p in points)]
    entropy = {name: [p for p in points if p["series"] == name] + unpruned for name in names}
    if not counts:
        return
    for key, what in (("ngrams", "n-gram count"), ("bytes", "size in bytes")):
        print()
        print(f"At the same {what} as each count-pruned model (entropy perplexity interpolated linearly in "
              f"log {key}; lower = entropy pruning better):")
        print()
        print(f"| count --prune | {key} | count ppl | " +
              " | ".join(f"{HEADINGS[name]} ppl | lower?" for name in names) + " |")
        print("|---|---:|---:|" + "---:|---|" * len(names))
        for c in counts:
            cells = []
            for name in names:
                y = interpolate(entropy[name], key, c[key])
                if y is None:
                    cells += ["—", "— (outside range)"]
                else:
                    verdict = "yes" if y < c["perplexity"] else "no"
                    cells += [f"{y:.4f}", f"{verdict} ({y - c['perplexity']:+.4f})"]
            print(f"| {c['setting']} | {c[key]:,} | {c['perplexity']:.4f} | " + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv")
    parser.add_argument("svg", nargs="?")
    parser.add_argument("--title", default="")
    parser.add_argument("--table", action="store_true", help="print the tables instead of plotting")
    args = parser.parse_args()
    points = read_points(args.tsv)
    if args.table:
        table(points)
    elif args.svg:
        plot(points, args.svg, args.title or args.tsv)
    else:
        parser.error("give OUT.svg or --table")


if __name__ == "__main__":
    main()
