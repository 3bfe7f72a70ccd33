#!/usr/bin/python3
"""Statistics and charts of bench/search-quality runs.

Reads the run CSVs (strategy,table,budget,seed,distinct,hypervolume,best_convergence,trials,note) of
SearchQuality.java and search_quality_peers.py and, per table and budget, for each strategy: the median and
interquartile range (25th-75th percentile, linear interpolation) of the hypervolume, the median best convergence
among candidates with health >= 0.9 (a run that found no such candidate counts 0), the mean number of distinct
candidates evaluated, and the Mann-Whitney U p-value of Gradforge against each other strategy, one-sided
(scipy.stats.mannwhitneyu, alternative='greater': the hypothesis is that Gradforge's hypervolumes are stochastically
greater than the peer's; method 'auto', i.e. the normal approximation with tie correction at these sample sizes).

Prints a Markdown table (for bench/README.md) and writes an SVG chart per table (hypervolume against budget, one
line per strategy with its IQR band), plain SVG with no plotting library.

Usage: search_quality_stats.py CSV... [--tables DIR...] [--svg-dir DIR] [--markdown FILE]
       search_quality_stats.py --self-check
--tables: the table directories, for the hypervolume and best healthy convergence of the whole table (every
candidate evaluated), the ceiling of every strategy.
"""
import argparse
import csv
import html
import math
import os
import sys

import numpy as np
from scipy.stats import mannwhitneyu

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from search_quality_peers import best_healthy, hypervolume, read_table_points  # noqa: E402

REFERENCE = "gradforge"
ORDER = ["gradforge", "random", "optuna-nsga2", "optuna-tpe"]
COLORS = {"gradforge": "#d62728", "random": "#7f7f7f", "optuna-nsga2": "#1f77b4", "optuna-tpe": "#2ca02c"}


def p_greater(a, b):
    """One-sided Mann-Whitney U p-value of 'a is stochastically greater than b'."""
    return float(mannwhitneyu(a, b, alternative="greater").pvalue)


def load(paths):
    runs = {}
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                key = (r["table"], int(r["budget"]), r["strategy"])
                runs.setdefault(key, []).append(r)
    return runs


def summarize(rows):
    hv = np.array([float(r["hypervolume"]) for r in rows])
    best = np.array([float(r["best_convergence"]) if r["best_convergence"] else 0.0 for r in rows])
    q1, med, q3 = np.percentile(hv, [25, 50, 75])
    return {
        "n": len(rows), "hv": hv, "median": med, "q1": q1, "q3": q3,
        "best": float(np.median(best)), "none": int(sum(1 for r in rows if not r["best_convergence"])),
        "distinct": float(np.mean([int(r["distinct"]) for r in rows])),
        "capped": sum(1 for r in rows if "cap" in r["note"]),
    }


def strategies_of(runs, table):
    present = {s for (t, _, s) in runs if t == table}
    return [s for s in ORDER if s in present] + sorted(present - set(ORDER))


def fmt_p(p):
    if math.isnan(p):
        return "-"
    return f"{p:.2g}" if p >= 1e-4 else f"{p:.0e}"


def markdown(runs, oracles):
    out = []
    for table in sorted({t for (t, _, _) in runs}):
        strategies = strategies_of(runs, table)
        budgets = sorted({b for (t, b, _) in runs if t == table})
        per = {s: max(len(v) for (t, _, s2), v in runs.items() if t == table and s2 == s) for s in strategies}
        seeds = max(per.values())
        fewer = [f"{s}: {n}" for s, n in per.items() if n != seeds]
        head = f"**{table}**, {seeds} seeds" + (f" ({', '.join(fewer)})" if fewer else "")
        if table in oracles:
            o = oracles[table]
            head += (f"; the whole table ({o['distinct']} distinct candidates): hypervolume {o['hv']:.4f}, "
                     f"best convergence at health >= 0.9 {o['best']:.4f}")
        out += [head, "",
                "| budget | strategy | hypervolume median | IQR | best convergence, health >= 0.9 (median) "
                "| distinct (mean) | p, Gradforge greater |",
                "|---|---|---|---|---|---|---|"]
        for b in budgets:
            ref = runs.get((table, b, REFERENCE))
            for s in strategies:
                rows = runs.get((table, b, s))
                if not rows:
                    continue
                m = summarize(rows)
                p = p_greater(summarize(ref)["hv"], m["hv"]) if ref and s != REFERENCE else float("nan")
                best = f"{m['best']:.4f}" + (f" ({m['none']} runs found none)" if m["none"] else "")
                distinct = f"{m['distinct']:.1f}" + (f" ({m['capped']} capped)" if m["capped"] else "")
                name = f"**{s}**" if s == REFERENCE else s
                out.append(f"| {b} | {name} | {m['median']:.4f} | {m['q1']:.4f}-{m['q3']:.4f} | {best} | "
                           f"{distinct} | {fmt_p(p)} |")
        out.append("")
    return "\n".join(out)


def nice_ticks(lo, hi, n=5):
    span = hi - lo
    step = 10 ** math.floor(math.log10(span / n))
    for m in (1, 2, 2.5, 5, 10):
        if span / (step * m) <= n:
            step *= m
            break
    first = math.floor(lo / step) * step
    ticks = []
    t = first
    while t <= hi + 1e-12:
        ticks.append(round(t, 10))
        t += step
    return ticks


def svg(runs, table, oracle):
    strategies = strategies_of(runs, table)
    budgets = sorted({b for (t, b, _) in runs if t == table})
    stats = {(b, s): summarize(runs[(table, b, s)]) for b in budgets for s in strategies if (table, b, s) in runs}
    seeds = max(m["n"] for m in stats.values())
    values = [m["q1"] for m in stats.values()] + [m["q3"] for m in stats.values()]
    if oracle:
        values.append(oracle["hv"])
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.08 or 0.01
    ticks = nice_ticks(lo - pad, hi + pad)
    y0, y1 = ticks[0], ticks[-1]
    w, h, left, right, top, bottom = 720, 420, 70, 170, 40, 50
    pw, ph = w - left - right, h - top - bottom

    def x(b):
        if len(budgets) == 1:
            return left + pw / 2
        lb = [math.log(v) for v in budgets]
        return left + (math.log(b) - lb[0]) / (lb[-1] - lb[0]) * pw

    def y(v):
        return top + (1 - (v - y0) / (y1 - y0)) * ph

    e = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
         'font-family="sans-serif" font-size="12">',
         f'<rect width="{w}" height="{h}" fill="white"/>',
         f'<text x="{left}" y="22" font-size="14">{html.escape(table)}: hypervolume of (convergence, health), '
         f'reference (0, 0); median and IQR of {seeds} seeds</text>']
    for t in ticks:
        e.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e5e5e5"/>')
        e.append(f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{t:g}</text>')
    for b in budgets:
        e.append(f'<line x1="{x(b):.1f}" x2="{x(b):.1f}" y1="{top + ph}" y2="{top + ph + 5}" stroke="black"/>')
        e.append(f'<text x="{x(b):.1f}" y="{top + ph + 18}" text-anchor="middle">{b}</text>')
    e.append(f'<text x="{left + pw / 2}" y="{h - 10}" text-anchor="middle">budget (distinct candidates evaluated, '
             'log scale)</text>')
    e.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="black"/>')
    if oracle:
        e.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(oracle["hv"]):.1f}" y2="{y(oracle["hv"]):.1f}" '
                 'stroke="black" stroke-dasharray="5,4"/>')
    for s in strategies:
        pts = [(b, stats[(b, s)]) for b in budgets if (b, s) in stats]
        c = COLORS.get(s, "#9467bd")
        band = [f"{x(b):.1f},{y(m['q3']):.1f}" for b, m in pts] + \
               [f"{x(b):.1f},{y(m['q1']):.1f}" for b, m in reversed(pts)]
        e.append(f'<polygon points="{" ".join(band)}" fill="{c}" fill-opacity="0.15" stroke="none"/>')
        line = " ".join(f"{x(b):.1f},{y(m['median']):.1f}" for b, m in pts)
        e.append(f'<polyline points="{line}" fill="none" stroke="{c}" stroke-width="2"/>')
        for b, m in pts:
            e.append(f'<circle cx="{x(b):.1f}" cy="{y(m["median"]):.1f}" r="3" fill="{c}"/>')
    ly = top + 10
    for s in strategies:
        c = COLORS.get(s, "#9467bd")
        e.append(f'<rect x="{left + pw + 15}" y="{ly - 8}" width="18" height="10" fill="{c}" fill-opacity="0.3"/>')
        e.append(f'<line x1="{left + pw + 15}" x2="{left + pw + 33}" y1="{ly - 3}" y2="{ly - 3}" stroke="{c}" '
                 'stroke-width="2"/>')
        e.append(f'<text x="{left + pw + 40}" y="{ly + 1}">{html.escape(s)}</text>')
        ly += 20
    if oracle:
        e.append(f'<line x1="{left + pw + 15}" x2="{left + pw + 33}" y1="{ly - 3}" y2="{ly - 3}" stroke="black" '
                 'stroke-dasharray="5,4"/>')
        e.append(f'<text x="{left + pw + 40}" y="{ly + 1}">whole table</text>')
    e.append("</svg>")
    return "\n".join(e) + "\n"


def oracle_of(directory):
    points = read_table_points(directory)
    best = best_healthy(points)
    return {"hv": hypervolume(points), "best": best if best is not None else 0.0, "distinct": len(points)}


def self_check():
    assert hypervolume([]) == 0
    assert abs(hypervolume([(0.5, 0.5), (1, 0.2), (0.2, 1)]) - 0.45) < 1e-15
    assert abs(hypervolume([(0.2, 1), (0.4, 0.4), (0.5, 0.5), (0, 1), (1, 0.2), (1, 0), (0.5, 0.5)]) - 0.45) < 1e-15
    assert abs(hypervolume([(0.5, 0.3), (0.5, 0.7)]) - 0.35) < 1e-15
    assert best_healthy([(0.3, 0.95), (0.6, 0.5), (0.4, 0.9)]) == 0.4 and best_healthy([(1, 0.1)]) is None
    # exact distribution, 3 against 3 without ties: P(U >= 9) = 1 / C(6, 3)
    assert abs(p_greater([4, 5, 6], [1, 2, 3]) - 0.05) < 1e-12
    assert abs(p_greater([1, 2, 3], [4, 5, 6]) - 1.0) < 1e-12
    assert p_greater([0.5] * 50, [0.5] * 50) == 1.0
    # normal approximation with a continuity correction: U = 100 x 100 means z = (10000 - 5000 - 0.5) / sigma
    sigma = math.sqrt(100 * 100 * 201 / 12)
    expect = 0.5 * math.erfc((10000 - 5000 - 0.5) / sigma / math.sqrt(2))
    assert abs(p_greater(list(range(100, 200)), list(range(100))) - expect) < 1e-12 * max(1, expect) + 1e-300
    print("self-check passed")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("csv", nargs="*")
    p.add_argument("--tables", nargs="*", default=[])
    p.add_argument("--svg-dir")
    p.add_argument("--markdown")
    p.add_argument("--self-check", action="store_true")
    a = p.parse_args()
    if a.self_check:
        self_check()
        return
    if not a.csv:
        p.error("give at least one CSV of runs")
    runs = load(a.csv)
    oracles = {os.path.basename(os.path.normpath(os.path.abspath(d))): oracle_of(d) for d in a.tables}
    text = markdown(runs, oracles)
    if a.markdown:
        with open(a.markdown, "w", encoding="utf-8") as f:
            f.write(text)
    print(text)
    if a.svg_dir:
        os.makedirs(a.svg_dir, exist_ok=True)
        for table in sorted({t for (t, _, _) in runs}):
            path = os.path.join(a.svg_dir, f"{table}.svg")
            with open(path, "w", encoding="utf-8") as f:
                f.write(svg(runs, table, oracles.get(table)))
            print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
