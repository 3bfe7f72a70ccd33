#!/usr/bin/env python3
"""Predictive validity of the health measures: does what a network shows at init and early in training predict how
well it converges?

Reads the CSVs of io.gradforge.bench.HealthMeasurements (one row per candidate and seed: every health measure at
init, on the screening batch and at step 0 of training, and at the probed sample a tenth of the way in, the
zero-cost proxies at init, the health scores and the final convergence) and prints, per CSV:

  * the Spearman rho and Kendall tau-b of every measure against the final convergence: the convergence AUC (the
    search's convergence objective, mean loss over the run relative to the constant predictor, lower is better)
    and the final training loss; a diverged run counts as the worst (tied) on both;
  * the screening curve: the share of the true top 10% (lowest AUC) kept when screening at init discards x% of
    the candidates by a measure (worst first; the direction of a raw measure is taken from the sign of its
    correlation, which flatters it: a score has a direction fixed in advance);
  * what the search's screen (flagged VANISHING or EXPLODING and init score below 0.5) discards and keeps.

Usage: predictive_validity.py CSV... [--markdown OUT.md] [--names a,b,...] [--self-check]
"""
import argparse
import csv
import math
import sys

import numpy as np
from scipy import stats

SCREEN_THRESHOLD = 0.5  # TrainingEvaluator.SCREEN_THRESHOLD
DISCARDS = (10, 20, 30, 40, 50, 60, 70, 80, 90)

# (column, label, kind): kind "score" is higher-is-better by construction; others are raw measures.
MEASURES = [
    ("score", "health score of the whole run (what the search maximizes)", "score"),
    ("early_score", "health score from init and the first 10% of training", "score"),
    ("init_score", "health score at init (screening batch)", "score"),
    ("screen_abs_decades", "|attenuation| at init, decades", "raw"),
    ("screen_decades", "attenuation at init, decades (signed)", "raw"),
    ("screen_abs_log_ratio", "|log10 per-layer ratio| at init", "raw"),
    ("screen_saturation", "mean saturation at init (0 without sigmoid/tanh)", "raw"),
    ("screen_dead", "mean dead fraction at init (0 without relu)", "raw"),
    ("screen_log_grad_norm", "log10 gradient norm at init", "raw"),
    ("early_abs_decades", "|attenuation| early, decades", "raw"),
    ("early_decades", "attenuation early, decades (signed)", "raw"),
    ("early_abs_log_ratio", "|log10 per-layer ratio| early", "raw"),
    ("early_saturation", "mean saturation early", "raw"),
    ("early_dead", "mean dead fraction early", "raw"),
    ("early_log_grad_norm", "log10 gradient norm early", "raw"),
    ("early_log_update", "log10 median update ratio, first 10%", "raw"),
    ("early_weight_change", "mean relative weight change at 10%", "raw"),
    ("zc_grad_norm", "zero-cost grad_norm", "raw"),
    ("zc_snip", "zero-cost snip", "raw"),
    ("zc_log_synflow", "zero-cost ln synflow", "raw"),
    ("zc_naswot", "zero-cost naswot", "raw"),
    ("zc_jacob_cov", "zero-cost jacob_cov", "raw"),
    ("early_auc", "(reference, not health) loss AUC of the first 10%", "raw"),
]
AT_INIT = {"init_score", "screen_abs_decades", "screen_decades", "screen_abs_log_ratio", "screen_saturation",
           "screen_dead", "screen_log_grad_norm", "zc_grad_norm", "zc_snip", "zc_log_synflow", "zc_naswot",
           "zc_jacob_cov"}


def num(cell):
    if cell is None or cell == "":
        return math.nan
    return float(cell)


def log10(v):
    return math.log10(v) if v > 0 and math.isfinite(v) else math.nan


def load(path):
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            row = {k: num(r[k]) for k in r if k not in ("candidate", "status", "table_status") and not k.endswith(
                "_flags") and k not in ("depth", "width", "activation", "init", "skip", "normalization", "clipping",
                                        "learning_rate")}
            row["status"] = r["status"]
            row["screen_flags"] = r["screen_flags"]
            for when in ("screen", "init", "early"):
                d = row[when + "_decades"]
                row[when + "_abs_decades"] = abs(d) if math.isfinite(d) else math.nan
                row[when + "_abs_log_ratio"] = abs(log10(row[when + "_ratio"])) if math.isfinite(
                    log10(row[when + "_ratio"])) else math.nan
                row[when + "_log_grad_norm"] = log10(row[when + "_grad_norm"])
                for m in ("saturation", "dead"):  # not applicable: nothing saturated or dead
                    if math.isnan(row[when + "_" + m]):
                        row[when + "_" + m] = 0.0
            row["early_log_update"] = log10(row["early_update"])
            rows.append(row)
    return rows


def worst_filled(values):
    """NaN (a diverged run) becomes a value tied worst (largest)."""
    v = np.array(values, dtype=float)
    finite = v[np.isfinite(v)]
    top = (finite.max() if finite.size else 0.0) + 1.0
    v[~np.isfinite(v)] = top
    return v


def correlations(rows, column, target):
    x = np.array([r[column] for r in rows], dtype=float)
    y = worst_filled([r[target] for r in rows])
    keep = np.isfinite(x)
    n = int(keep.sum())
    if n < 10 or np.unique(x[keep]).size < 2:
        return n, math.nan, math.nan
    rho = stats.spearmanr(x[keep], y[keep]).statistic
    tau = stats.kendalltau(x[keep], y[keep]).statistic
    return n, float(rho), float(tau)


def screening_curve(rows, column, higher_is_better):
    """Share of the true top 10% (lowest AUC) kept when the worst x% by `column` are discarded; undefined values
    count as worst. Candidates tied at the cut are discarded in proportion (the expected share of a random choice
    among them), so a score that ties many candidates gets no credit for an arbitrary order."""
    auc = worst_filled([r["auc"] for r in rows])
    n = len(rows)
    top_n = max(1, int(round(0.1 * n)))
    is_top = np.zeros(n, dtype=bool)
    is_top[np.argsort(auc, kind="stable")[:top_n]] = True
    x = np.array([r[column] for r in rows], dtype=float)
    badness = -x if higher_is_better else x
    badness[~np.isfinite(badness)] = np.inf
    out = []
    for pct in DISCARDS:
        k = int(round(pct / 100 * n))
        if k == 0:
            out.append(1.0)
            continue
        cut = np.sort(badness)[::-1][k - 1]  # the k-th worst value
        worse = badness > cut
        tied = badness == cut
        from_tied = k - int(worse.sum())  # how many of the tied group are discarded
        lost = is_top[worse].sum() + is_top[tied].sum() * from_tied / tied.sum()
        out.append(1.0 - lost / top_n)
    return out


def todays_screen(rows):
    discarded = [i for i, r in enumerate(rows) if (("VANISHING" in r["screen_flags"] or "EXPLODING" in r[
        "screen_flags"]) and r["init_score"] < SCREEN_THRESHOLD) or not math.isfinite(r["init_score"])]
    auc = worst_filled([r["auc"] for r in rows])
    top_n = max(1, int(round(0.1 * len(rows))))
    top = set(np.argsort(auc, kind="stable")[:top_n])
    return len(discarded) / len(rows), len(top - set(discarded)) / len(top)


def report(name, rows, out):
    n = len(rows)
    diverged = sum(1 for r in rows if r["status"] != "TRAINED")
    out.append(f"### {name}: {n} evaluations ({diverged} diverged, counted worst)\n")
    out.append("Rank correlation with final convergence (AUC and final loss: lower is better, so a good health "
               "score correlates negatively).\n")
    out.append("| measure | when | n | Spearman vs AUC | Kendall vs AUC | Spearman vs final loss | Kendall vs final loss |")
    out.append("|---|---|---|---|---|---|---|")
    signs = {}
    for column, label, kind in MEASURES:
        if column not in rows[0]:
            continue
        k, rho, tau = correlations(rows, column, "auc")
        _, rho_l, tau_l = correlations(rows, column, "final_loss")
        signs[column] = rho
        when = "init" if column in AT_INIT else ("whole run" if column == "score" else "first 10%")
        out.append(f"| {label} | {when} | {k} | {fmt(rho)} | {fmt(tau)} | {fmt(rho_l)} | {fmt(tau_l)} |")
    out.append("")
    out.append("Screening: share of the true top 10% (lowest AUC) kept when the worst x% by a measure are "
               "discarded (a raw measure's direction is that of its correlation above, in-sample; candidates tied "
               "at the cut are discarded in proportion). Only the measures at init are a screen before training.\n")
    out.append("| measure | " + " | ".join(f"{p}%" for p in DISCARDS) + " |")
    out.append("|---|" + "---|" * len(DISCARDS))
    for column, label, kind in MEASURES:
        if column not in rows[0] or column == "score":
            continue
        rho = signs.get(column, math.nan)
        if kind != "score" and not math.isfinite(rho):
            continue
        higher = True if kind == "score" else rho < 0
        curve = screening_curve(rows, column, higher)
        out.append(f"| {label}{'' if kind == 'score' else (' (high kept)' if higher else ' (low kept)')}"
                   f"{'' if column in AT_INIT else ' [first 10%]'} | "
                   + " | ".join(f"{100 * c:.0f}%" for c in curve) + " |")
    share, kept = todays_screen(rows)
    out.append("")
    out.append(f"The search's screen (flagged VANISHING or EXPLODING at init with an init score below {SCREEN_THRESHOLD}) "
               f"discards {100 * share:.1f}% and keeps {100 * kept:.1f}% of the true top 10%.\n")


def fmt(v):
    return "-" if not math.isfinite(v) else f"{v:+.3f}"


def self_check():
    rows = [{"auc": float(i), "m": float(i), "s": -float(i)} for i in range(20)]
    assert abs(correlations(rows, "m", "auc")[1] - 1.0) < 1e-12
    assert abs(correlations(rows, "s", "auc")[2] + 1.0) < 1e-12
    curve = screening_curve(rows, "s", True)  # the score ranks perfectly: discarding up to 90% keeps the top 10%
    assert curve == [1.0] * len(DISCARDS), curve
    for r in rows:
        r["tie"] = 1.0
    curve = screening_curve(rows, "tie", True)  # all tied: a discard of x% keeps 1 - x of the top in expectation
    assert all(abs(c - (1 - p / 100)) < 1e-12 for c, p in zip(curve, DISCARDS)), curve
    curve = screening_curve(rows, "m", True)  # the score ranks backwards: 10% discarded loses the whole top 10%
    assert curve[0] == 0.0, curve
    rows[3]["auc"] = math.nan  # diverged: worst
    assert worst_filled([r["auc"] for r in rows])[3] == 20.0
    print("predictive_validity: self-check passed")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("csv", nargs="*")
    p.add_argument("--markdown")
    p.add_argument("--names")
    p.add_argument("--self-check", action="store_true")
    a = p.parse_args()
    if a.self_check:
        self_check()
        return
    if not a.csv:
        p.error("give at least one CSV of HealthMeasurements")
    names = a.names.split(",") if a.names else [c.rsplit("/", 1)[-1].removesuffix(".csv") for c in a.csv]
    out = []
    for name, path in zip(names, a.csv):
        report(name, load(path), out)
    text = "\n".join(out)
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
