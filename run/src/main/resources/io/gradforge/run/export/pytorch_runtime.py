# ---------------------------------------------------------------- Gradforge's building blocks, in plain torch


def _expm1(x):
    return torch.exp(x) - 1 if torch.onnx.is_in_onnx_export() else torch.expm1(x)  # ONNX has no expm1


class Act(nn.Module):
    """Gradforge's activations with core's exact formulas; "prelu" learns one negative slope per unit. Under
    torch.onnx.export, gelu and elu/selu use erf and exp - 1 (ONNX has no erfc or expm1): the same functions,
    less exact far left of 0."""

    def __init__(self, name, param, width):
        super().__init__()
        self.name = name
        self.param = param
        if name == "prelu":
            self.slope = nn.Parameter(torch.full((1, width), param, dtype=DTYPE))

    def forward(self, x):
        n, p = self.name, self.param
        if n == "identity":
            return x
        if n == "sigmoid":
            return torch.sigmoid(x)
        if n == "tanh":
            return torch.tanh(x)
        if n == "relu":
            return torch.relu(x)
        if n == "leaky_relu":
            return torch.where(x > 0, x, p * x)
        if n == "prelu":
            return torch.where(x > 0, x, self.slope * x)
        if n == "elu":
            return torch.where(x > 0, x, p * _expm1(x))
        if n == "selu":
            return SELU_LAMBDA * torch.where(x > 0, x, SELU_ALPHA * _expm1(x))
        if n == "swish":
            return x * torch.sigmoid(p * x)
        if n == "gelu":
            if torch.onnx.is_in_onnx_export():
                return x * 0.5 * (1 + torch.erf(x / math.sqrt(2.0)))
            return x * 0.5 * torch.erfc(-x / math.sqrt(2.0))
        if n == "softplus":
            return nn.functional.softplus(x)
        raise ValueError("unknown activation " + repr(n))

    def extra_repr(self):
        return f"{self.name}, {self.param}"


class Residual(nn.Module):
    """y = skip(x) + s * branch(x): skip is x or a linear projection without bias; s is fixed, or learned ("alpha")."""

    def __init__(self, branch, projection=None, scale=1.0, learned=False):
        super().__init__()
        self.branch = branch
        self.projection = projection
        self.scale = scale
        self.alpha = nn.Parameter(torch.full((1, 1), scale, dtype=DTYPE)) if learned else None

    def forward(self, x):
        skip = x if self.projection is None else self.projection(x)
        s = self.scale if self.alpha is None else self.alpha
        return skip + s * self.branch(x)


class DenseSkip(nn.Module):
    """A DenseNet-style skip: y = [x, branch(x)], concatenated along the features."""

    def __init__(self, branch):
        super().__init__()
        self.branch = branch

    def forward(self, x):
        return torch.cat([x, self.branch(x)], dim=1)


_NORMAL = {"normal", "xavier_normal", "he_normal", "lecun_normal"}


class Recurrent(nn.Module):
    """nn.RNN / nn.LSTM / nn.GRU over Gradforge's sequence rows: a row holds steps x features values, step by step;
    the output is every step's state (steps x hidden values a row) or the last step's."""

    def __init__(self, cell, features, hidden, steps, sequences, activation):
        super().__init__()
        self.steps, self.features, self.hidden, self.sequences = steps, features, hidden, sequences
        if cell == "lstm":
            self.cell = nn.LSTM(features, hidden, batch_first=True, dtype=DTYPE)
        elif cell == "gru":
            self.cell = nn.GRU(features, hidden, batch_first=True, dtype=DTYPE)
        else:
            self.cell = nn.RNN(features, hidden, nonlinearity=activation, batch_first=True, dtype=DTYPE)

    def forward(self, x):
        out, _ = self.cell(x.reshape(x.shape[0], self.steps, self.features))
        return out.reshape(x.shape[0], self.steps * self.hidden) if self.sequences else out[:, -1, :]


@torch.no_grad()
def init_(tensor, kind, param, fan_in, fan_out, mode=None):
    """Fills tensor as Gradforge's initializer (kind, param) fills a layer with these fans: the same distribution
    (plain Gaussians, U[-limit, limit], or orthogonal with gain param), drawn from torch's generator. With a mode
    ("fan_in", "fan_out", "fan_avg"), normal and uniform are variance-scaled: variance param / fan."""
    t = tensor.view(1, -1) if tensor.dim() == 1 else tensor  # Gradforge's biases are [1, out]
    if kind == "zeros":
        t.zero_()
    elif kind == "constant":
        t.fill_(param)
    elif kind == "orthogonal":
        nn.init.orthogonal_(t, gain=param)
    elif kind == "identity":
        t.zero_()
        t.fill_diagonal_(param)
    else:
        if mode is not None:
            variance = param / {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
        else:
            variance = {"normal": param * param, "uniform": param * param / 3, "glorot_standard": 1 / (3 * fan_in),
                        "xavier_uniform": 2 / (fan_in + fan_out), "xavier_normal": 2 / (fan_in + fan_out),
                        "he_uniform": 2 / fan_in, "he_normal": 2 / fan_in,
                        "lecun_uniform": 1 / fan_in, "lecun_normal": 1 / fan_in}[kind]
        if kind in _NORMAL:
            t.normal_(0.0, math.sqrt(variance))
        else:
            limit = math.sqrt(3 * variance)
            t.uniform_(-limit, limit)
    return tensor


def load_checkpoint(model, path):
    """Loads a Gradforge checkpoint.json (parameters and batch-norm running statistics) into model, by the names in
    GRADFORGE_NAMES; needs only json. Raises ValueError when the file does not hold this network."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("format") != "gradforge-checkpoint":
        raise ValueError(f"{path}: not a Gradforge checkpoint")
    own = dict(model.named_parameters())
    own.update(model.named_buffers())
    torch_name = {g: t for t, g in GRADFORGE_NAMES.items()}
    seen = set()
    with torch.no_grad():
        for entry in doc["parameters"] + doc.get("buffers", []):
            name = torch_name.get(entry["name"])
            if name is None:
                raise ValueError(f"{path}: {entry['name']} is not a parameter of this network")
            target = own[name]
            data = [float(v) for v in entry["data"]]  # "NaN", "Infinity" and "-Infinity" are strings there
            if len(data) != target.numel():
                raise ValueError(f"{path}: {entry['name']} has {len(data)} values but this network needs {target.numel()}")
            target.copy_(torch.tensor(data, dtype=torch.float64).reshape(target.shape))
            seen.add(name)
    missing = set(GRADFORGE_NAMES) - seen
    if missing:
        raise ValueError(f"{path}: missing {sorted(GRADFORGE_NAMES[m] for m in missing)}")
    return model


# ---------------------------------------------------------------- Gradforge's training loop, in plain torch


def learning_rate(base, step, total, schedule):
    """The learning rate of 0-based step out of total planned steps (Gradforge's Schedule, warm-up from 0 first)."""
    warmup = schedule.get("warmup_steps", 0)
    if warmup > 0:
        if step < warmup:
            return base * (step / warmup)
        step, total = step - warmup, max(1, total - warmup)
    name = schedule["name"]
    if name == "constant":
        return base
    if name == "step":
        return base * schedule["gamma"] ** (step // round(schedule["every"]))
    if name == "cosine":
        floor = schedule["min_factor"] * base
        return floor + (base - floor) * 0.5 * (1 + math.cos(math.pi * (min(step, total) / total)))
    raise ValueError("unknown schedule " + repr(name))


class GradforgeOptimizer:
    """Gradforge's update rules written out, so a retrained network follows the same steps. They differ from
    torch.optim where noted: weight decay is added to the gradient (g + wd * p) for every rule except adamw, which
    shrinks the weights (p * (1 - lr * wd)); Adam adds epsilon to sqrt(v / (1 - beta2^t)); momentum starts from a
    zero buffer; the arithmetic is float64, float32 state and weights are rounded when stored."""

    def __init__(self, params, name, **hyper):
        self.params = list(params)
        self.name = name
        self.hyper = hyper
        self.t = 0
        self.state = [{} for _ in self.params]

    @torch.no_grad()
    def step(self, lr):
        self.t += 1
        h = self.hyper
        wd = h.get("weight_decay", 0.0)
        for p, state in zip(self.params, self.state):
            w = p.double()
            g = p.grad.double() + (0.0 if self.name == "adamw" else wd) * w
            if self.name == "sgd":
                updated = w - lr * g
            elif self.name in ("momentum", "nesterov"):
                mu = h["momentum"]
                v = state.setdefault("v", torch.zeros_like(p))
                v.copy_(mu * v.double() + g)
                updated = w - lr * (g + mu * v.double() if self.name == "nesterov" else v.double())
            elif self.name in ("adam", "adamw"):
                b1, b2 = h["beta1"], h["beta2"]
                m = state.setdefault("m", torch.zeros_like(p))
                v = state.setdefault("v", torch.zeros_like(p))
                m.copy_(b1 * m.double() + (1 - b1) * g)
                v.copy_(b2 * v.double() + (1 - b2) * g * g)
                shrink = 1 - lr * wd if self.name == "adamw" else 1.0
                bc1, bc2 = 1 - b1 ** self.t, 1 - b2 ** self.t
                updated = w * shrink - lr * (m.double() / bc1) / (torch.sqrt(v.double() / bc2) + h["epsilon"])
            elif self.name == "rmsprop":
                a = h["alpha"]
                s = state.setdefault("s", torch.zeros_like(p))
                s.copy_(a * s.double() + (1 - a) * g * g)
                updated = w - lr * g / (torch.sqrt(s.double()) + h["epsilon"])
            else:
                raise ValueError("unknown optimizer " + repr(self.name))
            p.copy_(updated)


def loss_function(name):
    """Gradforge's losses (mean reduction; the cross-entropies take logits, softmax_cross_entropy probability rows)."""
    f = nn.functional
    return {"mse": f.mse_loss, "binary_cross_entropy": f.binary_cross_entropy_with_logits,
            "softmax_cross_entropy": f.cross_entropy}[name]


@torch.no_grad()
def clip_(params, clipping):
    """Clips the gradients in place as Gradforge does; returns their global L2 norm before clipping."""
    norm = math.sqrt(sum(float((p.grad.double() ** 2).sum()) for p in params))
    if not math.isfinite(norm) or clipping["mode"] == "none":
        return norm
    if clipping["mode"] == "norm" and norm > clipping["threshold"]:
        for p in params:
            p.grad.mul_(clipping["threshold"] / norm)
    elif clipping["mode"] == "value":
        for p in params:
            p.grad.clamp_(-clipping["threshold"], clipping["threshold"])
    return norm


def train(model, x, y, **overrides):
    """Trains model on the rows x, y as the spec's training section says (TRAINING; keyword arguments override
    its keys, e.g. steps=500 or learning_rate=0.01): mini-batches of a fresh shuffle each epoch (the last, partial
    batch of an epoch is skipped), the loss, clipping, schedule and Gradforge's update rule. Stops at a NaN or
    infinite loss or gradient, or when the mean loss of the last min(steps per epoch, 20) steps reaches
    target_loss. The shuffles come from torch's generator seeded with "seed", so the batches are not Gradforge's.
    Returns {"losses": one mini-batch loss per step, "status", "train_loss", "validation_loss"}."""
    cfg = {**TRAINING, **overrides}
    x = torch.as_tensor(x, dtype=DTYPE)
    y = torch.as_tensor(y, dtype=DTYPE)
    generator = torch.Generator().manual_seed(cfg["seed"] % 2 ** 63)
    validation = None
    n_val = math.floor(x.shape[0] * cfg["validation_split"] + 0.5)
    if n_val > 0:
        rows = torch.randperm(x.shape[0], generator=generator)
        validation = (x[rows[:n_val]], y[rows[:n_val]])
        x, y = x[rows[n_val:]], y[rows[n_val:]]
    n = x.shape[0]
    batch = max(1, min(cfg["batch_size"], n))
    per_epoch = max(1, n // batch)
    by_epochs = "epochs" in overrides or "steps" not in cfg
    total = cfg["epochs"] * per_epoch if by_epochs else cfg["steps"]
    loss_fn = loss_function(cfg["loss"])
    params = [p for p in model.parameters()]
    optimizer = GradforgeOptimizer(params, **{k: v for k, v in cfg["optimizer"].items() if k != "learning_rate"})
    base_lr = cfg.get("learning_rate", cfg["optimizer"]["learning_rate"])
    window = min(per_epoch, 20)
    losses, status, order, cursor = [], "completed", None, n
    model.train()
    for step in range(total):
        if cursor + batch > n:
            order, cursor = torch.randperm(n, generator=generator), 0
        rows = order[cursor:cursor + batch]
        cursor += batch
        for p in params:
            p.grad = None
        loss = loss_fn(model(x[rows]), y[rows])
        losses.append(loss.item())
        if not math.isfinite(losses[-1]):
            status = "diverged"
            break
        loss.backward()
        if not math.isfinite(clip_(params, cfg["clipping"])):
            status = "diverged"
            break
        optimizer.step(learning_rate(base_lr, step, total, cfg["schedule"]))
        target = cfg.get("target_loss")
        if target is not None and step + 1 >= window and sum(losses[-window:]) / window <= target:
            status = "target_reached"
            break
    model.eval()
    with torch.no_grad():
        result = {"losses": losses, "status": status,
                  "train_loss": loss_fn(model(x), y).item() if status != "diverged" else math.nan,
                  "validation_loss": loss_fn(model(validation[0]), validation[1]).item()
                  if validation is not None and status != "diverged" else None}
    return result
