#!/usr/bin/python3
"""Optuna + PyTorch side of bench/compare-optuna: the search a user would write without Gradforge.

Reads a Gradforge search spec (kind: search, a generated data set, dense blocks) and searches its space with Optuna's
NSGA-II sampler for the same number of evaluations, one thread, each trial re-implementing Gradforge's evaluation
(search/TrainingEvaluator) in PyTorch:
  - data: the spec's generator (two_spirals, the same formula as core's Datasets.twoSpirals), drawn per trial;
  - network: `depth` blocks of dense(width, activation, init) or dense(identity) -> layer_norm -> activation, the
    first block plain and each later one `x + block(x)` when skip is residual; a linear output layer; zero biases;
  - screening at init (when budget.screen_at_init): one forward/backward on the first shuffled batch with the
    per-layer health statistics; a trial flagged vanishing or exploding with a health score at init below 0.5
    (TrainingEvaluator.SCREEN_THRESHOLD) is not trained and scores 0;
  - training: the spec's optimizer (adam or sgd), learning rate, batch, steps, binary cross-entropy on the logits,
    clipping of the global gradient norm when the candidate has it; the global gradient norm and the loss are read
    every step (Gradforge records both);
  - health probing on Gradforge's cadence (step 0, every steps/10 steps, the last step): per dense layer the
    pre-activation gradient (delta) norm, weight-gradient norm, activation mean/std, saturated and dead fractions
    and the update ratio; the score of core's HealthRules (the re-derived one): min(flow at init, flow at the
    early sample, the probed sample nearest a tenth of the way in) x the update factor of the median update ratio
    up to that sample, with HealthRules' constants (saturation and dead units are measured, as Gradforge measures
    them for its flags, but do not count);
  - objectives: convergence = 1 - the area under the loss curve relative to the best constant prediction (clamped
    to [0, 1]), health = the score; both maximized.
The health score follows HealthRules' structure, not its every flag: its purpose here is to cost what Gradforge's
probing costs, so the two searches do the same work per evaluation.

Prints one JSON line: evaluations, search seconds (the study, after imports), process seconds, evaluations/s and
the median trial time. PyTorch runs in float32 (its default, what a user gets) unless --dtype float64.

With --replay EVALUATIONS.csv (a Gradforge run's evaluations.csv) it evaluates exactly the candidates that search
evaluated, in its order (depth, widths, activations, inits, skip, normalization, clipping, learning_rate), without a
sampler: the same work on both sides, per evaluation.

Usage: optuna_search.py SPEC.yaml [--evaluations N] [--seed S] [--dtype float32|float64] [--replay EVALUATIONS.csv]
Run with OMP_NUM_THREADS=1 (and LD_LIBRARY_PATH pointing at OpenBLAS, see bench/README.md).
"""
import argparse
import json
import math
import sys
import time

PROCESS_START = time.perf_counter()

import optuna  # noqa: E402
import torch  # noqa: E402
import yaml  # noqa: E402

torch.set_num_threads(1)
optuna.logging.set_verbosity(optuna.logging.WARNING)

# HealthRules' constants.
SCREEN_THRESHOLD = 0.5
EXPLODING_NORM = 1e3
HARD_DECADES = 4.0
TREND_DECADES = 2.0
VANISHING_RATIO = 0.5
EXPLODING_RATIO = 2.0
FREE_DECADES_AT_INIT, DECADES = 2.5, 1.0
FREE_UPDATE_DECADES, UPDATE_DECADES = 1.0, 2.0
UPDATE_TARGET = 1e-3
SATURATION_LEVEL = 0.99
SPIRAL_TURNS = 1.75


def two_spirals(samples, noise, gen, dtype):
    c = torch.arange(samples) % 2
    r = 0.05 + 0.95 * torch.rand(samples, generator=gen, dtype=torch.float64)
    theta = r * 2 * math.pi * SPIRAL_TURNS
    sign = 1.0 - 2.0 * c.to(torch.float64)
    x = torch.stack([sign * r * torch.cos(theta), sign * r * torch.sin(theta)], dim=1)
    x = x + noise * torch.randn(samples, 2, generator=gen, dtype=torch.float64)
    return x.to(dtype), c.to(dtype).unsqueeze(1)


def init_weight(w, name, gen):
    fan_out, fan_in = w.shape
    with torch.no_grad():
        if name == "xavier_uniform":
            a = math.sqrt(6.0 / (fan_in + fan_out))
            w.uniform_(-a, a, generator=gen)
        elif name == "xavier_normal":
            w.normal_(0, math.sqrt(2.0 / (fan_in + fan_out)), generator=gen)
        elif name == "he_normal":
            w.normal_(0, math.sqrt(2.0 / fan_in), generator=gen)
        elif name == "lecun_normal":
            w.normal_(0, math.sqrt(1.0 / fan_in), generator=gen)
        elif name == "orthogonal":
            torch.nn.init.orthogonal_(w)  # torch 1.13 takes no generator: the global one, seeded per trial
        else:
            raise SystemExit(f"optuna_search.py: no initializer '{name}'")


ACTIVATIONS = {
    "identity": lambda x: x, "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
    "leaky_relu": lambda x: torch.nn.functional.leaky_relu(x, 0.01), "elu": torch.nn.functional.elu,
    "selu": torch.nn.functional.selu, "swish": torch.nn.functional.silu, "gelu": torch.nn.functional.gelu,
    "softplus": torch.nn.functional.softplus,
}
SATURATING = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}
CAN_DIE = {"relu"}


class Net(torch.nn.Module):
    def __init__(self, inputs, outputs, depth, width, act, init, skip, norm, gen, dtype):
        super().__init__()
        self.act, self.skip, self.norm = act, skip, norm
        self.dense = torch.nn.ModuleList()
        self.norms = torch.nn.ModuleList()
        w = inputs
        for _ in range(depth):
            d = torch.nn.Linear(w, width).to(dtype)
            init_weight(d.weight, init, gen)
            torch.nn.init.zeros_(d.bias)
            self.dense.append(d)
            if norm == "layer_norm":
                self.norms.append(torch.nn.LayerNorm(width).to(dtype))
            w = width
        self.out = torch.nn.Linear(w, outputs).to(dtype)
        init_weight(self.out.weight, "xavier_uniform", gen)
        torch.nn.init.zeros_(self.out.bias)

    def forward(self, x, probe):
        """The logits; with probe, the pre-activations (gradients retained) and activations of each block."""
        phi = ACTIVATIONS[self.act]
        pre, post = [], []
        for i, d in enumerate(self.dense):
            h = d(x)
            if probe:
                h.retain_grad()
                pre.append(h)
            z = phi(self.norms[i](h)) if self.norm == "layer_norm" else phi(h)
            if probe:
                post.append(z.detach())
            x = x + z if self.skip == "residual" and i > 0 else z
        h = self.out(x)
        if probe:
            h.retain_grad()
            pre.append(h)
        return h, pre, post


def snapshot(net, pre, post):
    """Per dense layer (delta norm, weight-gradient norm, weight norm), plus mean saturated and dead fractions."""
    layers = list(net.dense) + [net.out]
    deltas = [float(h.grad.norm()) for h in pre]
    grads = [float(d.weight.grad.norm()) for d in layers]
    norms = [float(d.weight.detach().norm()) for d in layers]
    sat, dead = [], []
    for z in post:
        _ = float(z.mean()), float(z.std())
        if net.act in SATURATING:
            lo, hi = SATURATING[net.act]
            edge = (hi - lo) * (1 - SATURATION_LEVEL) / 2
            sat.append(float(((z < lo + edge) | (z > hi - edge)).to(z.dtype).mean()))
        if net.act in CAN_DIE:
            dead.append(float((z <= 0).all(dim=0).to(z.dtype).mean()))
    return {"deltas": deltas, "grads": grads, "norms": norms,
            "sat": sum(sat) / len(sat) if sat else float("nan"), "dead": sum(dead) / len(dead) if dead else float("nan")}


def flow(s):
    """(attenuation decades first->last dense layer, per-layer squared ratio, all norms finite): GradientFlow."""
    d = s["deltas"]
    finite = all(math.isfinite(v) for v in d + s["grads"])
    if len(d) < 2 or not finite or d[0] <= 0 or d[-1] <= 0:
        return float("nan"), float("nan"), finite
    decades = math.log10(d[-1] / d[0])
    ratio = (d[0] / d[-1]) ** (2.0 / (len(d) - 1))
    return decades, ratio, finite


def decline(excess, scale):
    """HealthRules.decline: 1 / (1 + (max(0, excess) / scale)^2)."""
    k = max(0.0, excess) / scale
    return 1.0 / (1.0 + k * k)


def init_flow_score(s):
    """HealthRules.initFlowScore: attenuation either way up to 2.5 decades is free; 0 when not finite."""
    if len(s["deltas"]) < 2:
        return 1.0
    decades, _, finite = flow(s)
    return 0.0 if not finite or math.isnan(decades) else decline(abs(decades) - FREE_DECADES_AT_INIT, DECADES)


def early_flow_score(s):
    """HealthRules.earlyFlowScore: every decade of attenuation (vanishing) counts; 0 when not finite."""
    if len(s["deltas"]) < 2:
        return 1.0
    decades, _, finite = flow(s)
    return 0.0 if not finite or math.isnan(decades) else decline(decades, DECADES)


def flagged(s):
    """HealthRules' flow flags: VANISHING or EXPLODING (a non-finite or huge norm, or attenuation either way)."""
    decades, ratio, finite = flow(s)
    if not finite or max(s["deltas"] + s["grads"]) > EXPLODING_NORM:
        return True
    if math.isnan(decades):
        return False
    return ((decades >= TREND_DECADES and ratio < VANISHING_RATIO) or decades >= HARD_DECADES
            or (decades <= -TREND_DECADES and ratio > EXPLODING_RATIO) or decades <= -HARD_DECADES)


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 == 1 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def health(init, snaps, updates):
    """HealthRules.earlyScore of a run that did not diverge: min(init flow, early flow) x updates.

    snaps: (step, snapshot) per probed step; updates: (step, ratio) per dense layer and probed step."""
    p = init_flow_score(init)
    if len(snaps) >= 2:
        target = max(1, snaps[-1][0] // 10)
        early_step, early = min((s for s in snaps if s[0] > 0), key=lambda s: abs(s[0] - target))
        p = min(p, early_flow_score(early))
        positive = [u for step, u in updates if step <= early_step and u > 0]
        if positive:
            m = median(positive)
            p *= 0.0 if not math.isfinite(m) else decline(abs(math.log10(m / UPDATE_TARGET)) - FREE_UPDATE_DECADES,
                                                            UPDATE_DECADES)
    return min(1.0, max(0.0, p)) if math.isfinite(p) else 0.0


def grid(lo, hi, log, steps):
    """The learning-rate grid of a range with steps, rounded to 3 significant digits as Gradforge rounds it."""
    if steps < 2:
        return [lo]
    if log:
        values = [lo * (hi / lo) ** (i / (steps - 1)) for i in range(steps)]
    else:
        values = [lo + (hi - lo) * i / (steps - 1) for i in range(steps)]
    return [float(f"{v:.3g}") for v in values]


def choices(gene):
    return list(gene["choices"]) if isinstance(gene, dict) and "choices" in gene else [gene]


def make_objective(spec, dtype):
    space, training = spec["space"], spec["training"]
    data = training["data"]
    if data.get("generator") != "two_spirals":
        raise SystemExit("optuna_search.py: only the two_spirals generator is re-implemented")
    screen = spec.get("budget", {}).get("screen_at_init", False)
    steps, batch = int(training["steps"]), int(training["batch_size"])
    every = max(1, steps // 10)
    optimizer = training.get("optimizer", "adam")
    optimizer = optimizer if isinstance(optimizer, str) else optimizer.get("kind", "adam")
    lr_gene = space["learning_rate"]

    count = [0]

    def objective(trial):
        count[0] += 1
        depth = trial.suggest_int("depth", space["depth"]["min"], space["depth"]["max"])
        width = trial.suggest_categorical("width", choices(space["width"]))
        act = trial.suggest_categorical("activation", choices(space["activation"]))
        init = trial.suggest_categorical("init", choices(space["init"]))
        skip = trial.suggest_categorical("skip", choices(space.get("skip", "none")))
        norm = trial.suggest_categorical("normalization", choices(space.get("normalization", "none")))
        clip = trial.suggest_categorical("clipping", [str(c) for c in choices(space.get("clipping", "none"))])
        if "steps" in lr_gene:
            lr = trial.suggest_categorical("learning_rate", grid(lr_gene["min"], lr_gene["max"], lr_gene.get("log", False),
                                                               int(lr_gene["steps"])))
        else:
            lr = trial.suggest_float("learning_rate", lr_gene["min"], lr_gene["max"], log=lr_gene.get("log", False))
        seed = count[0] * 7919 + 17
        torch.manual_seed(seed)
        gen = torch.Generator().manual_seed(seed)
        x, y = two_spirals(int(data["samples"]), float(data.get("noise", 0.0)), gen, dtype)
        net = Net(space["input"], space["output"]["units"], depth, width, act, init, skip, norm, gen, dtype)
        loss_fn = torch.nn.BCEWithLogitsLoss()
        n = x.shape[0]
        order = torch.randperm(n, generator=gen)
        if screen:
            rows = order[:batch]
            out, pre, post = net(x[rows], True)
            loss_fn(out, y[rows]).backward()
            s = snapshot(net, pre, post)
            score = init_flow_score(s)
            net.zero_grad(set_to_none=True)
            if not math.isfinite(score) or flagged(s) and score < SCREEN_THRESHOLD:
                return 0.0, 0.0
        params = list(net.parameters())
        opt = (torch.optim.Adam(params, lr=lr) if optimizer == "adam" else torch.optim.SGD(params, lr=lr))
        clip_norm = float(clip) if clip != "none" else math.inf
        curve, snaps, updates = [], [], []
        init_snap, position = None, 0
        for step in range(steps):
            if position + batch > n:
                order, position = torch.randperm(n, generator=gen), 0
            rows = order[position:position + batch]
            position += batch
            probe = step == 0 or step % every == 0 or step == steps - 1
            out, pre, post = net(x[rows], probe)
            loss = loss_fn(out, y[rows])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            norm_value = float(torch.nn.utils.clip_grad_norm_(params, clip_norm))
            value = float(loss)
            curve.append(value)
            if not math.isfinite(value) or not math.isfinite(norm_value):
                return 0.0, 0.0
            if probe:
                s = snapshot(net, pre, post)
                snaps.append((step, s))
                init_snap = init_snap or s
                before = [d.weight.detach().clone() for d in list(net.dense) + [net.out]]
            opt.step()
            if probe:
                for b, d in zip(before, list(net.dense) + [net.out]):
                    updates.append((step, float((d.weight.detach() - b).norm() / max(b.norm(), 1e-30))))
        p = float(y.mean())
        baseline = -(p * math.log(p) + (1 - p) * math.log(1 - p)) if 0 < p < 1 else curve[0]
        auc = sum(min(v / baseline, 2.0) for v in curve) / len(curve)
        return max(0.0, min(1.0, 1 - auc)), health(init_snap, snaps, updates)

    return objective


def replay_params(path):
    """The trial parameters of each row of a Gradforge evaluations.csv (one width, activation, init per network)."""
    import csv
    out = []
    with open(path) as f:
        for r in csv.DictReader(f):
            clipping = r["clipping"]
            out.append({"depth": int(r["depth"]), "width": int(r["widths"].split(";")[0]),
                        "activation": r["activations"].split(";")[0], "init": r["inits"].split(";")[0],
                        "skip": r["skip"], "normalization": r["normalization"],
                        "clipping": "none" if clipping == "none" else clipping.split()[-1],
                        "learning_rate": float(r["learning_rate"])})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("--evaluations", type=int)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--replay")
    a = ap.parse_args()
    with open(a.spec) as f:
        spec = yaml.safe_load(f)
    evaluations = a.evaluations or int(spec["budget"]["max_evaluations"])
    dtype = {"float32": torch.float32, "float64": torch.float64}[a.dtype]
    study = optuna.create_study(directions=["maximize", "maximize"],
                                sampler=optuna.samplers.NSGAIISampler(seed=a.seed))
    objective = make_objective(spec, dtype)
    times = []

    def timed(trial):
        t = time.perf_counter()
        try:
            return objective(trial)
        finally:
            times.append(time.perf_counter() - t)

    start = time.perf_counter()
    if a.replay:
        rows = replay_params(a.replay)
        evaluations = len(rows)
        for params in rows:
            timed(optuna.trial.FixedTrial(params))
    else:
        study.optimize(timed, n_trials=evaluations)
    search = time.perf_counter() - start
    times.sort()
    print(json.dumps({"side": "optuna+pytorch", "spec": a.spec, "evaluations": evaluations, "search_seconds": search,
                      "process_seconds": time.perf_counter() - PROCESS_START,
                      "evaluations_per_second": evaluations / search,
                      "median_trial_ms": 1000 * times[len(times) // 2], "front": None if a.replay else len(study.best_trials), "replay": a.replay,
                      "dtype": a.dtype, "torch": torch.__version__, "optuna": optuna.__version__}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
