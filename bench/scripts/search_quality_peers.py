#!/usr/bin/python3
"""Optuna's samplers as peers of Gradforge's search, replayed on a tabulated space (bench/search-quality/run).

Reads TABLE_DIR/table.csv (written by `gradforge tabulate`). Each trial suggests every gene as a categorical over
that column's distinct values (in table order; a column with one value is left out, it cannot vary), looks the row
up and returns (convergence, health), both maximized, scored as Gradforge scores them: 1 - clamp(auc, 0, 1) and
clamp(health, 0, 1) for status TRAINED, 0 and 0 otherwise.

The budget counts distinct candidates (rows with the same `candidate` id are one network): a trial that proposes a
candidate seen before is told its value but does not count. One study per (sampler, seed) runs to the largest
budget (or every candidate of the table, if it holds fewer), at most CAP_FACTOR x the largest budget trials; the
metrics of each smaller budget are those of the first `budget` distinct candidates, which is the run at that budget
because a sampler's proposals do not depend on how many trials will follow.

Writes the CSV of SearchQuality.java: strategy,table,budget,seed,distinct,hypervolume,best_convergence,trials,note
(trials = trials until the budget's last distinct candidate; note says when the trial cap was hit).

Needs Debian's python3-optuna (run with /usr/bin/python3). Usage:
  search_quality_peers.py TABLE_DIR [--seeds 100 | --seeds 1-10] [--budgets 25,50,100,200]
                          [--samplers nsga2,tpe] [--jobs 2] [--out FILE]
"""
import argparse
import csv
import math
import multiprocessing
import os
import sys
import time
import warnings

GENES = ["depth", "width", "activation", "init", "skip", "normalization", "clipping", "learning_rate"]
HEALTHY = 0.9
CAP_FACTOR = 20
HEADER = "strategy,table,budget,seed,distinct,hypervolume,best_convergence,trials,note"


def clamp01(v):
    return max(0.0, min(1.0, v)) if math.isfinite(v) else 0.0


def scores(row):
    """Gradforge's (convergence, health) of a table row."""
    if row["status"] != "TRAINED":
        return (0.0, 0.0)
    auc = float(row["auc"]) if row["auc"] else float("nan")
    health = float(row["health"]) if row["health"] else float("nan")
    return (clamp01(1 - auc), clamp01(health))


def hypervolume(points):
    """Area dominated by the (x, y) points, both maximized, above the reference point (0, 0)."""
    area, top = 0.0, 0.0
    for x, y in sorted(points, key=lambda p: (-p[0], -p[1])):
        if x <= 0:
            break
        if y > top:
            area += x * (y - top)
            top = y
    return area


def best_healthy(points):
    """The best convergence among points with health >= HEALTHY, or None."""
    c = [x for x, y in points if y >= HEALTHY]
    return max(c) if c else None


def read_table(directory):
    """(genes, choices per gene, lookup: gene values -> (candidate, scores), distinct count)."""
    with open(os.path.join(directory, "table.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows or any(g not in rows[0] for g in GENES):
        sys.exit(f"{directory}/table.csv: expected the columns {','.join(GENES)},... of gradforge tabulate")
    choices = {g: list(dict.fromkeys(r[g] for r in rows)) for g in GENES}
    varied = [g for g in GENES if len(choices[g]) > 1]
    lookup = {}
    for r in rows:
        lookup[tuple(r[g] for g in varied)] = (r["candidate"], scores(r))
    distinct = len({r["candidate"] for r in rows})
    return varied, {g: choices[g] for g in varied}, lookup, distinct


def read_table_points(directory):
    """The (convergence, health) of every distinct candidate of the table."""
    _, _, lookup, _ = read_table(directory)
    return list(dict(lookup.values()).values())


def make_sampler(name, seed):
    import optuna
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    raise ValueError(f"unknown sampler '{name}'; accepted: nsga2, tpe")


def speed_up_optuna():
    """Two exact speed-ups of optuna 3.1's multi-objective TPE, which otherwise takes minutes per study here.

    Its hypervolume subset selection calls the 2-D hypervolume routine hundreds of thousands of times per study on a
    handful of points, each call paying numpy's per-call overhead; the replacement below is the same loop in plain
    Python, in the same order of operations, so it returns the same floats. And TPE splits the trials into good and
    bad once per parameter with identical inputs (every trial suggests every gene); the split is memoized for the
    last input. The samplers propose exactly the same trials either way (checked: search_quality_peers.py
    --check-speed-up)."""
    import optuna._hypervolume.wfg as wfg
    import optuna.samplers._tpe.sampler as tpe

    def compute_2d(solution_set, reference_point):
        points = solution_set.tolist()
        points.sort(key=lambda p: (p[0], -p[1]))
        ref0, ref1 = float(reference_point[0]), float(reference_point[1])
        volume = 0.0
        for x, y in points:
            if ref1 < y:
                continue
            volume += abs((ref0 - x) * (ref1 - y))
            ref1 = y
        reference_point[1] = ref1
        return volume

    wfg._compute_2d = compute_2d
    split = tpe._split_observation_pairs
    last = {}

    def memoized_split(loss_vals, n_below, violations):
        key = (tuple((s, tuple(v)) for s, v in loss_vals), n_below,
               None if violations is None else tuple(violations))
        if last.get("key") != key:
            last["key"], last["value"] = key, split(loss_vals, n_below, violations)
        below, above = last["value"]
        return below.copy(), above.copy()

    tpe._split_observation_pairs = memoized_split


def replay(task):
    """One study: the sequence of distinct candidates' scores, and the trials spent to reach each."""
    sampler_name, seed, table_dir, target, cap, fast = task
    import optuna
    if fast and sampler_name == "tpe":
        speed_up_optuna()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    genes, choices, lookup, _ = read_table(table_dir)
    dists = {g: optuna.distributions.CategoricalDistribution(choices[g]) for g in genes}
    study = optuna.create_study(directions=["maximize", "maximize"], sampler=make_sampler(sampler_name, seed))
    seen = set()
    sequence, trials_at = [], []
    trials = 0
    t0 = time.process_time()
    while len(sequence) < target and trials < cap:
        trial = study.ask(dists)
        candidate, value = lookup[tuple(trial.params[g] for g in genes)]
        study.tell(trial, list(value))
        trials += 1
        if candidate not in seen:
            seen.add(candidate)
            sequence.append(value)
            trials_at.append(trials)
    return sampler_name, seed, sequence, trials_at, trials, trials >= cap and len(sequence) < target, \
        time.process_time() - t0


def check_speed_up(table_dir, seeds, target):
    """Replays TPE with and without speed_up_optuna() (each study in a fresh process) and compares the trials."""
    tasks = [("tpe", seed, table_dir, target, CAP_FACTOR * target, fast) for seed in seeds for fast in (True, False)]
    with multiprocessing.Pool(2, maxtasksperchild=1) as pool:
        results = pool.map(replay, tasks, chunksize=1)
    for seed, (fast, plain) in zip(seeds, zip(results[0::2], results[1::2])):
        same = fast[2] == plain[2] and fast[3] == plain[3]
        print(f"seed {seed}: {'same' if same else 'DIFFERENT'} trials ({len(fast[2])} distinct, {fast[4]} trials); "
              f"CPU {fast[6]:.1f} s with the speed-ups, {plain[6]:.1f} s without")
        if not same:
            sys.exit(1)


def parse_seeds(text):
    a, _, b = text.partition("-")
    first, last = (int(a), int(b)) if b else (1, int(a))
    if first < 0 or last < first:
        raise argparse.ArgumentTypeError(f"--seeds must be N or A-B, a non-empty range, but was '{text}'")
    return range(first, last + 1)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("table_dir")
    p.add_argument("--seeds", type=parse_seeds, default=parse_seeds("100"))
    p.add_argument("--budgets", default="25,50,100,200")
    p.add_argument("--samplers", default="nsga2,tpe")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--out")
    p.add_argument("--plain-optuna", action="store_true", help="without the speed-ups of speed_up_optuna()")
    p.add_argument("--check-speed-up", action="store_true",
                   help="check that TPE proposes the same trials with and without the speed-ups, then exit")
    a = p.parse_args()
    if a.check_speed_up:
        check_speed_up(a.table_dir, a.seeds, min(int(b) for b in a.budgets.split(",")))
        return
    budgets = [int(b) for b in a.budgets.split(",")]
    samplers = a.samplers.split(",")
    for s in samplers:
        if s not in ("nsga2", "tpe"):
            p.error(f"unknown sampler '{s}'; accepted: nsga2, tpe")
    name = os.path.basename(os.path.normpath(os.path.abspath(a.table_dir)))
    _, _, _, distinct = read_table(a.table_dir)
    target = min(max(budgets), distinct)
    cap = CAP_FACTOR * max(budgets)
    tasks = [(s, seed, a.table_dir, target, cap, not a.plain_optuna) for s in samplers for seed in a.seeds]
    started = time.time()
    if a.jobs > 1:
        with multiprocessing.Pool(a.jobs) as pool:
            results = pool.map(replay, tasks, chunksize=1)
    else:
        results = [replay(t) for t in tasks]
    lines = [HEADER]
    cpu = {}
    for sampler_name, seed, sequence, trials_at, trials, capped, seconds in results:
        cpu[sampler_name] = cpu.get(sampler_name, 0.0) + seconds
        for b in budgets:
            prefix = sequence[:b]
            reached = len(prefix) == min(b, distinct)
            used = trials_at[len(prefix) - 1] if reached and prefix else trials
            note = "" if reached else f"trial cap {cap} hit"
            best = best_healthy(prefix)
            lines.append(",".join([f"optuna-{sampler_name}", name, str(b), str(seed), str(len(prefix)),
                                   f"{hypervolume(prefix):.6f}", "" if best is None else f"{best:.6f}",
                                   str(used), note]))
    text = "\n".join(lines) + "\n"
    if a.out:
        with open(a.out + ".tmp", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(a.out + ".tmp", a.out)
    else:
        sys.stdout.write(text)
    for s in samplers:
        print(f"{name}: optuna-{s}, {len(a.seeds)} studies, {cpu.get(s, 0):.1f} s CPU", file=sys.stderr)
    print(f"{name}: peers took {time.time() - started:.1f} s wall with {a.jobs} process(es)", file=sys.stderr)


if __name__ == "__main__":
    main()
