"""PyTorch side of bench/compare-pytorch: steps/s of a full training step (forward, backward, SGD update, MSE)
of a D x W MLP at batch B, one thread. Reads rows "depth,width,batch,activation,dtype" from standard input, one
per line, and prints one CSV line per row as soon as it is measured: depth,width,batch,activation,dtype,steps_per_second.
The "activations" lstm and gru are the recurrent rows: depth is the sequence length T, width the hidden size H; one
nn.LSTM / nn.GRU (batch_first) over T steps of 32 features, its last step's h_T into nn.Linear(H, H), MSE, SGD.
The grid is StepBench's: java -cp bench/target/benchmarks.jar io.gradforge.bench.StepBench --grid | python3 pytorch_steps.py 2
"""
import os
import sys
import time

import torch

torch.set_num_threads(1)
# BENCH_CLOCK=cpu times with process CPU time instead of wall time: on a shared, loaded machine it leaves out
# the time this process spends descheduled (StepBench honours the same variable).
CLOCK = time.process_time if os.environ.get("BENCH_CLOCK", "wall") == "cpu" else time.perf_counter
torch.manual_seed(0)
RECURRENT_FEATURES = 32  # TrainingStep.RECURRENT_FEATURES


class LastStep(torch.nn.Module):
    """A recurrent layer's last step h_T [batch x H] of a batch_first [batch, T, F] input, then a linear head."""

    def __init__(self, rnn, hidden):
        super().__init__()
        self.rnn = rnn
        self.head = torch.nn.Linear(hidden, hidden)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1, :])


def steps_per_second(depth, width, batch, activation, dtype, min_seconds):
    if activation in ("lstm", "gru"):
        rnn = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[activation]
        model = LastStep(rnn(RECURRENT_FEATURES, width, batch_first=True), width).to(dtype)
        x = torch.randn(batch, depth, RECURRENT_FEATURES, dtype=dtype)
    else:
        act = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[activation]
        layers = []
        for _ in range(depth):
            layers += [torch.nn.Linear(width, width), act()]
        layers.append(torch.nn.Linear(width, width))
        model = torch.nn.Sequential(*layers).to(dtype)
        x = torch.randn(batch, width, dtype=dtype)
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    y = torch.randn(batch, width, dtype=dtype)

    def step():
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(20):
        step()
    n, start = 0, CLOCK()
    while True:
        for _ in range(10):
            step()
        n += 10
        elapsed = CLOCK() - start
        if elapsed >= min_seconds:
            return n / elapsed


def main():
    min_seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    dtypes = {"float32": torch.float32, "float64": torch.float64}
    # compare-pytorch keeps this running and alternates rows between it and Gradforge's StepBench --serve.
    for line in sys.stdin:
        if not line.strip():
            continue
        depth, width, batch, activation, name = line.strip().split(",")
        sps = steps_per_second(int(depth), int(width), int(batch), activation, dtypes[name], min_seconds)
        print(f"{depth},{width},{batch},{activation},{name},{sps:.1f}", flush=True)


if __name__ == "__main__":
    main()
