"""Workload 7: a GPT-style training step on per-scalar Values, written the way tutorial code
writes it (micrograd's author's microgpt): token and position embeddings, one transformer
layer (RMS norm, causal self-attention with softmax over 4 heads, a ReLU MLP), a language-
model head and the cross-entropy of the next character, over one word of a character list.
Dot products are Python ``sum`` of products, so ~98 % of the ~57,000 nodes of a step are
adds and multiplies. A step is zero_grad, forward, backward and an SGD update.

Every engine starts from the same weights, so all must compute the same loss (to 1e-9
relative) and the same gradient norm. micrograd 0.1.0 has no ``exp`` or ``log``.
"""

from __future__ import annotations

import random
import sys

if __package__ in (None, ""):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from engines import Engine, available, recursion_limit
from measure import NotApplicable, Row, best_of

WORDS = ["emma", "olivia", "ava", "isabella", "sophia", "charlotte", "mia", "amelia"]
SIZES = {"full": dict(n_embd=16, n_head=4, block_size=16, word="olivia"),
         "quick": dict(n_embd=4, n_head=2, block_size=4, word="ava")}


class GPT:
    """microgpt's one-layer model over one engine's scalars, weights from one seed."""

    def __init__(self, engine: Engine, n_embd: int, n_head: int, block_size: int, seed=42):
        chars = sorted(set("".join(WORDS)))
        self.stoi = {c: i for i, c in enumerate(chars)}
        self.bos = len(chars)
        vocab = len(chars) + 1
        self.engine, self.n_embd, self.n_head = engine, n_embd, n_head
        self.head_dim, self.block_size = n_embd // n_head, block_size
        rng = random.Random(seed)

        def matrix(nout, nin, std=0.08):
            return [[engine.leaf(rng.gauss(0, std)) for _ in range(nin)] for _ in range(nout)]

        self.state = {"wte": matrix(vocab, n_embd), "wpe": matrix(block_size, n_embd),
                      "wq": matrix(n_embd, n_embd), "wk": matrix(n_embd, n_embd),
                      "wv": matrix(n_embd, n_embd), "wo": matrix(n_embd, n_embd),
                      "fc1": matrix(4 * n_embd, n_embd), "fc2": matrix(n_embd, 4 * n_embd),
                      "lm_head": matrix(vocab, n_embd)}

    def parameters(self) -> list:
        return [p for mat in self.state.values() for row in mat for p in row]

    def tokens(self, word: str) -> list[int]:
        return [self.bos] + [self.stoi[c] for c in word] + [self.bos]

    def forward(self, token_id: int, pos_id: int, keys: list, values: list) -> list:
        s, data = self.state, self.engine.data

        def linear(x, w):
            return [sum(wi * xi for wi, xi in zip(wo, x)) for wo in w]

        def softmax(logits):
            max_val = max(data(val) for val in logits)
            exps = [(val - max_val).exp() for val in logits]
            total = sum(exps)
            return [e / total for e in exps]

        def rmsnorm(x):
            ms = sum(xi * xi for xi in x) / len(x)
            scale = (ms + 1e-5) ** -0.5
            return [xi * scale for xi in x]

        x = [t + p for t, p in zip(s["wte"][token_id], s["wpe"][pos_id])]
        x = rmsnorm(x)
        x_residual = x
        x = rmsnorm(x)
        q, k, v = linear(x, s["wq"]), linear(x, s["wk"]), linear(x, s["wv"])
        keys.append(k)
        values.append(v)
        x_attn = []
        hd = self.head_dim
        for h in range(self.n_head):
            hs = h * hd
            q_h = q[hs:hs + hd]
            k_h = [ki[hs:hs + hd] for ki in keys]
            v_h = [vi[hs:hs + hd] for vi in values]
            attn_logits = [sum(q_h[j] * k_h[t][j] for j in range(hd)) / hd ** 0.5
                           for t in range(len(k_h))]
            attn_weights = softmax(attn_logits)
            x_attn.extend(sum(attn_weights[t] * v_h[t][j] for t in range(len(v_h)))
                          for j in range(hd))
        x = linear(x_attn, s["wo"])
        x = [a + b for a, b in zip(x, x_residual)]
        x_residual = x
        x = rmsnorm(x)
        x = [xi.relu() for xi in linear(x, s["fc1"])]
        x = linear(x, s["fc2"])
        x = [a + b for a, b in zip(x, x_residual)]
        return softmax(linear(x, s["lm_head"]))

    def loss(self, word: str):
        tokens = self.tokens(word)
        n = min(self.block_size, len(tokens) - 1)
        keys, values, losses = [], [], []
        for pos in range(n):
            probs = self.forward(tokens[pos], pos, keys, values)
            losses.append(-probs[tokens[pos + 1]].log())
        return (1 / n) * sum(losses)


def step(model: GPT, word: str, lr: float = 0.01) -> tuple[float, float]:
    """One training step; returns (loss, sum of squared gradients)."""
    e, params = model.engine, model.parameters()
    for p in params:
        e.zero_grad(p)
    loss = model.loss(word)
    e.backward(loss)
    norm2 = 0.0
    for p in params:
        g = e.grad(p)
        norm2 += g * g
        e.set_data(p, e.data(p) - lr * g)
    return e.data(loss), norm2


def count_nodes(model: GPT, word: str) -> int:
    """Nodes in one step's graph (inputs included), counted by tracegrad's tracer."""
    import autograd
    return len(autograd.trace(model.loss(word)))


def run(engines: list[Engine], quick: bool = False) -> list[Row]:
    size = dict(SIZES["quick" if quick else "full"])
    word = size.pop("word")
    row = Row("GPT training step, 1 layer, per-scalar Values", "ms/step", tolerance=1e-9)
    for e in engines:
        if e.name == "micrograd":
            row.results[e.name] = NotApplicable("no exp or log")
            continue
        model = GPT(e, **size)
        if e.name.startswith("tracegrad") and not row.note:
            row.note = (f"{count_nodes(model, word):,} nodes per step, n_embd={size['n_embd']}, "
                        f"{size['n_head']} heads, {len(word) + 1} positions")
        with recursion_limit(e, 10_000):
            first = step(model, word)  # the same first step on every engine
            repeats = 1 if quick or e.name == "torch" else 3
            seconds, _ = best_of(repeats, lambda: step(model, word, lr=0.0),
                                 batch=1 if quick or e.name == "torch" else 3)
        row.results[e.name] = seconds * 1e3
        row.checks[e.name] = first
    return [row]


if __name__ == "__main__":
    from report import print_table
    print_table(run(available(), quick="--quick" in sys.argv))
