"""Checks an exported module against Gradforge's numbers; prints each relative error, exits 1 above 1e-9.

compare_probe.py probe MODEL.py DIR [trained]
    DIR is a diagnose --export directory. Loads DIR/checkpoint.json (with "trained": GradforgeNet() loads its own
    checkpoint copy, which must equal DIR/checkpoint.json), runs probe.json's batch in training mode, backpropagates
    and compares output, loss and every parameter gradient.
compare_probe.py steps MODEL.py DIR TRAINED.json
    From DIR/checkpoint.json (the initial weights), trains on probe.json's batch (all rows of the data) with the
    module's train() and compares every parameter and buffer with TRAINED.json (train --out of the same spec).
compare_probe.py init MODEL.py DIR
    Compares the distribution of GradforgeNet(trained=False)'s weights with DIR/checkpoint.json's (Gradforge's
    initialization of the same spec): variance within 10%, the largest magnitude within 20%, orthogonality.
compare_probe.py onnx MODEL.py DIR
    torch.onnx.export of GradforgeNet() in evaluation mode runs and writes DIR/model.onnx (no ONNX runtime here to
    run it).
Several checks run in one process (torch loads once) when separated by an argument ";".
"""
import importlib.util, json, os, sys
import torch


def check(argv):
    mode, path, d = argv[0], argv[1], argv[2]
    spec = importlib.util.spec_from_file_location("exported", path)
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    t = lambda e: torch.tensor([float(v) for v in e["data"]], dtype=m.DTYPE).reshape(e["shape"])
    probe = json.load(open(d + "/probe.json"))
    batch = {e["name"]: t(e) for e in probe["batch"]}
    errs, limits = {}, {}  # the relative error of each number; its limit when not 1e-9

    def state(net):
        own = dict(net.named_parameters()); own.update(dict(net.named_buffers()))
        return {m.GRADFORGE_NAMES[k]: v for k, v in own.items() if k in m.GRADFORGE_NAMES}

    def tensors(file):
        ck = json.load(open(file))
        return {e["name"]: t(e) for e in ck["parameters"] + ck.get("buffers", [])}

    if mode == "probe":
        if len(argv) > 3 and argv[3] == "trained":
            net = m.GradforgeNet()
            for name, want in tensors(d + "/checkpoint.json").items():
                errs["loaded " + name] = rel(state(net)[name].detach().reshape(want.shape), want)
        else:
            net = m.load_checkpoint(m.GradforgeNet(trained=False), d + "/checkpoint.json")
        net.train(); out = net(batch["input"])
        loss = m.loss_function(probe["loss"])(out, batch["target"])
        loss.backward()
        errs["output"] = rel(out.detach(), batch["output"])
        errs["loss"] = abs(loss.item() - probe["loss_value"]) / abs(probe["loss_value"])
        params = dict(net.named_parameters())
        by_gradforge = {g: k for k, g in m.GRADFORGE_NAMES.items()}
        for e in probe["gradients"]:
            g = params[by_gradforge[e["name"]]].grad
            errs["grad " + e["name"]] = rel(g.reshape(e["shape"]), t(e))
    elif mode == "steps":
        net = m.load_checkpoint(m.GradforgeNet(trained=False), d + "/checkpoint.json")
        result = m.train(net, batch["input"], batch["target"])
        print("status", result["status"], "steps", len(result["losses"]))
        have = state(net)
        for name, want in tensors(argv[3]).items():
            errs[name] = rel(have[name].detach().reshape(want.shape), want)
    elif mode == "init":
        torch.manual_seed(0)
        have = state(m.GradforgeNet(trained=False))
        for name, want in tensors(d + "/checkpoint.json").items():
            got = have[name].detach().reshape(want.shape)
            if want.std() == 0:  # zeros, constants, batch-norm gamma and beta, PReLU slopes
                errs[name] = rel(got, want)
                continue
            if want.numel() < 4096:  # too few numbers to compare distributions
                continue
            limits[name + " variance"] = 0.1
            errs[name + " variance"] = abs(got.var().item() / want.var().item() - 1)
            limits[name + " max"] = 0.2
            errs[name + " max"] = abs(got.abs().max().item() / want.abs().max().item() - 1)
            if want.shape[0] > 1 and want.shape[1] > 1 and abs(want @ want.T - (want @ want.T).diag().diag()).max() < 1e-9:
                errs[name + " orthogonal"] = rel(got @ got.T, want @ want.T)  # rows orthonormal times gain
    elif mode == "onnx":
        torch.onnx.export(m.GradforgeNet(trained=False).eval(), torch.zeros(2, m.INPUTS, dtype=m.DTYPE),
                          d + "/model.onnx", input_names=["x"], output_names=["y"])
        errs["onnx written"] = 0.0 if os.path.getsize(d + "/model.onnx") > 1000 else 1.0
    return {k: (v, limits.get(k, 1e-9)) for k, v in errs.items()}


rel = lambda a, b: ((a - b).abs().max() / b.abs().max().clamp_min(1e-300)).item()
failed = False
cases, current = [], []
for a in sys.argv[1:] + [";"]:
    if a == ";":
        if current:
            cases.append(current)
        current = []
    else:
        current.append(a)
for argv in cases:
    errs = check(argv)
    bad = {k: v for k, (v, limit) in errs.items() if not v <= limit}
    print(" ".join(argv), "max", max(v for v, _ in errs.values()), "FAILED" if bad else "")
    if bad:
        failed = True
        print("\n".join(f"  {k} {v:.3e} (limit {errs[k][1]})" for k, v in bad.items()))
sys.exit(1 if failed else 0)
