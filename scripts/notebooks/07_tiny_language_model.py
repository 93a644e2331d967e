# %% [markdown]
# # 7. A tiny language model
#
# Everything so far, put together: a network that reads the last three characters of a
# name and predicts the next one, trained with backpropagation on a list of 320 first
# names (`names.txt`, next to this notebook), then used to *write* new names one
# character at a time. It is Bengio's 2003 neural language model, the one in Karpathy's
# "makemore" lectures, in miniature: an embedding table, one hidden tanh layer, a
# softmax over the 27 possible next characters, and the cross-entropy loss. The big
# language models are this idea, scaled up by many orders of magnitude and with
# attention in place of the fixed window of three characters.
#
# Every number here is a scalar `Value`, so training must be economical: each neuron is
# one n-ary `dot` node (`nn.Layer` builds it so), not a chain of multiplies and adds,
# and the whole run takes a few hundred steps of 32 examples each.

# %%
import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import autograd
import nn
import viz
from autograd import Value

# %% [markdown]
# ## The data: names as (context, next character) pairs
#
# Each name becomes a sequence of training examples. The character `.` marks both the
# start (as padding) and the end of a name, so the model also learns when to stop.
# For "emma" the examples are `...` → `e`, `..e` → `m`, `.em` → `m`, `emm` → `a` and
# `mma` → `.`.

# %%
words = Path("names.txt").read_text().split()
chars = ["."] + sorted(set("".join(words)))
index = {c: i for i, c in enumerate(chars)}
CONTEXT = 3


def examples(word):
    context = [0] * CONTEXT
    for ch in word + ".":
        yield tuple(context), index[ch]
        context = context[1:] + [index[ch]]


data = [pair for w in words for pair in examples(w)]
print(f"{len(words)} names, {len(chars)} characters, {len(data)} examples")
for context, target in examples("emma"):
    print(f"  {''.join(chars[i] for i in context)} → {chars[target]}")

# %% [check]
assert (len(words), len(chars), len(data)) == (320, 27, 2201)  # as the prose says
assert [("".join(chars[i] for i in c), chars[t]) for c, t in examples("emma")] == [
    ("...", "e"),
    ("..e", "m"),
    (".em", "m"),
    ("emm", "a"),
    ("mma", "."),
]

# %% [markdown]
# ## The model
#
# * An **embedding** table: each of the 27 characters gets a vector of 8 learned
#   numbers. The three context characters' vectors are concatenated into 24 inputs.
# * A hidden layer of 32 tanh neurons over those 24 inputs.
# * An output layer of 27 linear neurons: one score (*logit*) per possible next
#   character. The softmax turns scores into probabilities, $p_k = e^{z_k} / \sum_j
#   e^{z_j}$, and the loss is $-\log p_{\text{target}}$: cross-entropy, notebook 3's
#   loss for classification, with 27 classes.
#
# A model that knows nothing gives every character probability 1/27, a loss of
# $\ln 27 \approx 3.2958$: that is the number to beat.

# %%
EMBED, HIDDEN = 8, 32
rng = np.random.default_rng(0)
embedding = [[Value(float(x)) for x in row] for row in rng.normal(0.0, 1.0, (len(chars), EMBED))]
hidden = nn.Layer(CONTEXT * EMBED, HIDDEN, "tanh", init="xavier", seed=1)
output = nn.Layer(HIDDEN, len(chars), "linear", init="xavier", seed=2)
params = [v for row in embedding for v in row] + hidden.parameters() + output.parameters()


def logits(context):
    x = [v for i in context for v in embedding[i]]  # look up and concatenate
    return output(hidden(x))


print(f"{len(params)} parameters; a know-nothing loss is ln 27 = {math.log(len(chars)):.4f}")

# %% [check]
assert len(params) == 1907 and len(chars) * EMBED + 24 * 32 + 32 + 32 * 27 + 27 == 1907

# %% [markdown]
# ## One softmax node, stepped through
#
# Before training the whole thing, look at its last step in miniature: three logits, a
# softmax and the cross-entropy for target class 0. Step through its backward pass. The
# log-softmax is computed stably (the largest logit is subtracted first, as a constant).
# Every logit receives a contribution $p_k$ through the normalising sum; the target
# logit also receives $-1$ directly, and the two add up (notebook 1's node used twice).
# The result is strikingly simple: $\partial L / \partial z_k = p_k - [k =
# \text{target}]$, the predicted probability, minus 1 for the right class. Training pushes
# the right logit up and every other logit down, each in proportion to its probability.

# %%
z = [Value(2.0, label="z0"), Value(1.0, label="z1"), Value(-1.0, label="z2")]
loss = nn.cross_entropy([z], [0])
loss.label = "loss"
loss.backward()
player = viz.step_through(loss, colour=True)
player

# %%
p = [q.data for q in nn.softmax(z)]
print(f"{'logit':>5}  {'p_k':>7}  {'p_k − [k = 0]':>13}  {'∂L/∂z_k from backward()':>24}")
for k, (zk, pk) in enumerate(zip(z, p)):
    print(f"{zk.label:>5}  {pk:7.4f}  {pk - (k == 0):13.4f}  {zk.grad:24.4f}")

# %% [check]
assert all(abs(zk.grad - (pk - (k == 0))) < 1e-12 for k, (zk, pk) in enumerate(zip(z, p)))
assert len(player) >= 6
steps = list(autograd.trace(loss).backward_steps())
into = {zk.label: [s.contribution for s in steps if s.parent.value is zk] for zk in z}
assert len(into["z0"]) == 2 and len(into["z1"]) == len(into["z2"]) == 1
assert abs(into["z1"][0] - p[1]) < 1e-12 and abs(sorted(into["z0"])[0] + 1) < 1e-12

# %% [markdown]
# ## Training
#
# The loop of notebook 3, with Adam from notebook 4: sample 32 random examples, forward,
# cross-entropy, backward, step; 300 times. It takes about 20 seconds of one core.
# Watch the printed loss fall from about $\ln 27$.

# %%
optimizer = nn.Adam(params, lr=0.02)
batch_rng = np.random.default_rng(1)
losses = []
for step in range(300):
    batch = [data[i] for i in batch_rng.integers(0, len(data), 32)]
    loss = nn.cross_entropy([logits(c) for c, _ in batch], [t for _, t in batch])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(loss.data)
    if step % 50 == 0 or step == 299:
        print(f"step {step:3d}: batch loss {loss.data:.4f}")

# %% [markdown]
# A batch's loss is noisy (notebook 3), so measure the model on *all* the examples, and
# compare with two references: the know-nothing model, and a **bigram** table that
# predicts the next character from the previous one alone by counting pairs in the data
# (the best any model with a one-character context can do on these examples, up to the
# smoothing that avoids $\log 0$). Beating the bigram shows that the network uses more
# than the last character.

# %%
with autograd.no_grad():
    final = nn.cross_entropy([logits(c) for c, _ in data], [t for _, t in data]).data
counts = np.ones((len(chars), len(chars)))  # add-one smoothing
for context, target in data:
    counts[context[-1], target] += 1
bigram = -np.mean([math.log(counts[c[-1], t] / counts[c[-1]].sum()) for c, t in data])
uniform = math.log(len(chars))

fig, ax = plt.subplots(figsize=(7, 3.8))
ax.plot(losses, lw=0.8, label="batch loss (32 examples)")
ax.plot(
    np.arange(19, len(losses)),
    np.convolve(losses, np.ones(20) / 20, mode="valid"),
    lw=2,
    label="batch loss, mean of the last 20 steps",
)
ax.axhline(uniform, color="grey", ls="--", label=f"know-nothing, ln 27 = {uniform:.4f}")
ax.axhline(bigram, color="tab:red", ls=":", label=f"bigram counts = {bigram:.4f}")
ax.axhline(final, color="k", label=f"trained model, all examples = {final:.4f}")
ax.set_xlabel("training step")
ax.set_ylabel("cross-entropy loss (nats)")
ax.set_title("training the tiny language model")
ax.legend(fontsize=8)
plt.show()

# %% [check]
check_figure(fig)
assert final < bigram < uniform
assert np.mean(losses[:10]) > 3.0 and np.mean(losses[-50:]) < 2.6

# %% [markdown]
# ## Writing names
#
# To generate, start from the context `...`, compute the probabilities of the next
# character, draw one at random with those probabilities, shift it into the context,
# and repeat until the model draws `.`. First the very first draw: the model's
# probabilities for a name's first letter, next to how often each letter starts a name
# in the list. A perfectly trained model would match the data's shares exactly.


# %%
def probabilities(context):
    with autograd.no_grad():
        return np.array([q.data for q in nn.softmax(logits(context))])


first_model = probabilities((0, 0, 0))
first_data = np.array([sum(w[0] == c for w in words) for c in chars]) / len(words)
fig, ax = plt.subplots(figsize=(9, 3.2))
positions = np.arange(len(chars))
ax.bar(positions - 0.2, first_model, width=0.4, label="model: p(first letter)")
ax.bar(positions + 0.2, first_data, width=0.4, label="names.txt: share of names")
ax.set_xticks(positions, chars)
ax.set_xlabel("first character")
ax.set_ylabel("probability")
ax.set_title("the model's first letter against the data's")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# The two agree on *which* letters are common (the five most common first letters in
# the list are among the model's six most likely) but not quite on *how* common: the
# model gives `e` about twice its share. In 300 batches of 32 it has seen each of the
# 2,201 examples only about four times, each name's start included.

# %% [check]
check_figure(fig)
assert abs(first_model.sum() - 1) < 1e-9
top_data, top_model = np.argsort(-first_data)[:5], np.argsort(-first_model)[:6]
assert set(top_data) <= set(top_model)
assert 1.6 < first_model[index["e"]] / first_data[index["e"]] < 2.6
assert 3.5 < 300 * 32 / len(data) < 5  # each example seen ~4 times

# %% [markdown]
# Now whole names. Read them aloud: most are new, pronounceable, of a name's length and
# with name-like endings (the model learned which letters follow which, and when to
# stop); a few are odd, because 1,907 parameters and 300 steps make a very small model.
# A star marks a sample that happens to be in the list.


# %%
def sample(rng, longest=15):
    context, name = (0,) * CONTEXT, ""
    while len(name) < longest:
        p = probabilities(context)
        i = int(rng.choice(len(chars), p=p / p.sum()))
        if i == 0:
            break
        name += chars[i]
        context = context[1:] + (i,)
    return name


sample_rng = np.random.default_rng(7)
samples = [sample(sample_rng) for _ in range(20)]
known = set(words)
shown = [f"{s}{'*' if s in known else ''}" for s in samples]
for row in range(0, len(shown), 10):  # two rows of ten
    print("  ".join(shown[row : row + 10]))
print(f"(* = in names.txt: {sum(s in known for s in samples)} of {len(samples)})")

# %% [check]
assert all(set(s) <= set(chars[1:]) for s in samples) and all(samples)
assert 3 <= np.mean([len(s) for s in samples]) <= 8 and max(len(s) for s in samples) < 15

# %% [markdown]
# ## Your turn
#
# **Your turn 1.** Change `CONTEXT` to 1 and retrain. The model can then only see one
# character: how close does its loss come to the bigram line, and why can it not go
# below it? Then try `CONTEXT = 5`.

# %% [markdown]
# **Your turn 2.** Sampling with a *temperature*: divide the logits by $T$ before the
# softmax. Change `probabilities` to do it and sample with $T = 0.5$ and $T = 2$. Which
# gives more names from the list, which more nonsense?

# %%
# Your turn 2: nn.softmax([v * (1 / T) for v in logits(context)])

# %% [markdown]
# **Your turn 3.** The model's loss is a softmax cross-entropy. Write it yourself, with
# the largest logit subtracted first so that `exp` cannot overflow, in the exercise
# `exercises/11_softmax_cross_entropy`; then check that its gradient is $p_k - [k =
# \text{target}]$, as in the stepped-through node above. Adam trained the model: its
# update is `exercises/07_adam_step`.
