"""Loads a Gradforge checkpoint into an exported module, runs probe.json's batch in training mode, backpropagates,
prints the max relative error of output, loss and every gradient. Usage: compare_probe.py MODEL.py DIR"""
import importlib.util, json, sys
import torch

spec = importlib.util.spec_from_file_location("exported", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
ck = json.load(open(sys.argv[2] + "/checkpoint.json")); probe = json.load(open(sys.argv[2] + "/probe.json"))
net = m.GradforgeNet()
own = dict(net.named_parameters()); own.update(dict(net.named_buffers()))

def target(name):  # Gradforge name -> module name
    layer, rest = name.split(".")[1], name.split(".", 2)[2]
    cands = {"weight": ["0.weight", "weight"], "bias": ["0.bias", "bias"], "gamma": ["weight"], "beta": ["bias"],
             "slope": ["1.slope"], "running_mean": ["running_mean"], "running_var": ["running_var"]}[rest]
    for c in cands:
        if f"layers.{layer}.{c}" in own: return f"layers.{layer}.{c}"
    raise KeyError(name)

t = lambda e: torch.tensor(e["data"], dtype=m.DTYPE).reshape(e["shape"])
with torch.no_grad():
    for e in ck["parameters"] + ck.get("buffers", []):
        p = own[target(e["name"])]; p.copy_(t(e).reshape(p.shape))
batch = {e["name"]: t(e) for e in probe["batch"]}
net.train(); out = net(batch["input"])
loss = {"mse": torch.nn.functional.mse_loss, "binary_cross_entropy": torch.nn.functional.binary_cross_entropy_with_logits,
        "softmax_cross_entropy": lambda o, y: torch.nn.functional.cross_entropy(o, y)}[probe["loss"]](out, batch["target"])
loss.backward()
rel = lambda a, b: ((a - b).abs().max() / b.abs().max().clamp_min(1e-300)).item()
errs = {"output": rel(out.detach(), batch["output"]), "loss": abs(loss.item() - probe["loss_value"]) / abs(probe["loss_value"])}
for e in probe["gradients"]:
    g = own[target(e["name"])].grad; errs[e["name"]] = rel(g.reshape(e["shape"]), t(e))
for k, v in errs.items(): print(f"{k} {v:.3e}")
print("max", max(errs.values()))
sys.exit(0 if max(errs.values()) <= 1e-9 else 1)
