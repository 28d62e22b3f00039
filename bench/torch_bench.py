"""The micro workloads of bench/Safr.Kit.Bench, through PyTorch; prints one JSON line."""
import json
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
torch.set_num_threads(threads)
torch.manual_seed(0)

a = torch.randn(1024, 1024)
b = torch.randn(1024, 1024)


def matmul():
    a.matmul(b)


class Mlp(torch.nn.Module):
    def __init__(self, inputs, hidden, classes):
        super().__init__()
        self.fc1 = torch.nn.Linear(inputs, hidden)
        self.fc2 = torch.nn.Linear(hidden, classes)

    def forward(self, x):
        return self.fc2(self.fc1(x).relu())


def train_step(inputs, hidden, classes, batch):
    """zero_grad, forward, cross-entropy, backward, Adam: BLAS-bound when large, call-bound when small."""
    model = Mlp(inputs, hidden, classes)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(batch, inputs)
    y = torch.randint(0, classes, (batch,))

    def step():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()

    return step


s1 = torch.randn(8)
s2 = torch.randn(8)


def small_add():
    s1.add(s2)


q = torch.randn(32, 8, 256, 32).requires_grad_()


def attention_step():
    """Attention over 256 tokens with SAFR's co-attention, forward and backward: 64 MiB tensors every step."""
    attention = (q.matmul(q.transpose(-2, -1)) / 32 ** 0.5).softmax(-1)
    loss = attention.matmul(q).sum() + attention.matmul(attention.transpose(-2, -1)).mean()
    loss.backward()
    q.grad.zero_()


def measure(body, warmup, iterations):
    for _ in range(warmup):
        body()
    per_round = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(iterations):
            body()
        per_round.append((time.perf_counter() - start) * 1000 / iterations)
    per_round.sort()
    return per_round[len(per_round) // 2]


print(json.dumps({
    "small_add_us": 1000 * measure(small_add, 10_000, 100_000),
    "matmul_1024_ms": measure(matmul, 3, 20),
    "mlp_step_ms": measure(train_step(784, 256, 10, 128), 200, 500),
    "small_mlp_step_us": 1000 * measure(train_step(32, 64, 4, 16), 2000, 5000),
    "attention_step_ms": measure(attention_step, 2, 5),
    "threads": torch.get_num_threads(),
    "torch": torch.__version__,
}))
