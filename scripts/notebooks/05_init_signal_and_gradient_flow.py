# %% [markdown]
# # 5. Initialisation, signal and gradient flow
#
# In a deep network the backward pass multiplies the gradient by one layer's local
# derivatives after another. If each layer multiplies it by a bit less than 1, the
# gradient reaching the first layers is tiny: they stop learning (**vanishing**
# gradients). If each multiplies it by a bit more than 1, it is huge: one update throws
# the weights far away (**exploding** gradients). Whether a layer shrinks or grows the
# signal depends on its activation and on the size of its starting weights, the
# **initialisation**. This notebook measures it, layer by layer, forward and backward,
# on the same deep network started three ways; then rescues the exploding case with
# gradient clipping, and looks at what batch normalisation and dropout do to the charts.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

import nn
import viz
from autograd import Value

# %% [markdown]
# ## Measuring the two signals
#
# The network: 2 inputs, 8 hidden layers of 24 neurons, 1 output. We build it from
# `nn.Layer`s with a linear output and apply the activation ourselves, so that we can
# keep every layer's activations, then run one forward and one backward pass over a batch
# of 32 two-moons points and measure, for each hidden layer:
#
# * the **forward signal**: the standard deviation of its activations over the batch;
# * the **backward signal**: the size (L2 norm) of the gradient of the loss with respect
#   to those activations, the $\partial L/\partial h$ that layer passes on to the layer
#   before it.
#
# The loss is the mean squared error against the $\pm 1$ labels. That choice matters: a
# loss whose gradients cancel between examples would hide the effect we want to see (a
# network that outputs the same number for every point gets hinge-loss gradients of
# $+1$ and $-1$ from the two classes, which average to zero). MSE's gradient
# $2(\hat y - y)/n$ does not cancel. Random weights give noisy measurements, so each
# number is the geometric mean over 4 random initialisations.

# %%
X, y = nn.data.moons(32, seed=0)
X = (X - X.mean(axis=0)) / X.std(axis=0)  # inputs with mean 0 and std 1
WIDTH, DEPTH, SEEDS = 24, 8, range(4)


def make_layers(init, seed, scale=1.0):
    rng = np.random.default_rng(seed)
    sizes = [2] + [WIDTH] * DEPTH + [1]
    layers = [nn.Layer(a, b, "linear", init=init, seed=rng) for a, b in zip(sizes, sizes[1:])]
    for p in (p for layer in layers for n in layer.neurons for p in n.w):
        p.data *= scale
    return layers


def forward(layers, X, activation, norms=None, dropout=None):
    """The network's outputs and every hidden layer's activations (lists of Values)."""
    batch = [[Value(float(v)) for v in row] for row in X]
    hidden = []
    for i, layer in enumerate(layers[:-1]):
        pre = [layer(row) for row in batch]
        if norms is not None:
            pre = norms[i](pre)
        batch = [[getattr(v, activation)() for v in row] for row in pre]
        if dropout is not None:
            batch = [dropout(row) for row in batch]
        hidden.append(batch)
    return [layers[-1](row) for row in batch], hidden


def signals(activation, init, scale=1.0, **options):
    """Per hidden layer: activation std and |dL/dh|, geometric means over SEEDS."""
    stds, grads = [], []
    for seed in SEEDS:
        layers = make_layers(init, seed, scale)
        if options.get("batchnorm"):
            options["norms"] = [nn.BatchNorm(WIDTH) for _ in range(DEPTH)]
        out, hidden = forward(layers, X, activation, options.get("norms"), options.get("dropout"))
        nn.mse(out, y).backward()
        stds.append([np.std([v.data for row in h for v in row]) for h in hidden])
        grads.append([math.sqrt(sum(v.grad**2 for row in h for v in row)) for h in hidden])
    return np.exp(np.log(stds).mean(axis=0)), np.exp(np.log(grads).mean(axis=0))


COLOURS = {
    "sigmoid, U(-1, 1)": "tab:blue",
    "ReLU, U(-1, 1)": "tab:orange",
    "ReLU, He init": "tab:green",
    "ReLU, U(-1, 1) + batch norm": "tab:purple",
    "ReLU, He init + dropout 0.2": "tab:olive",
    "ReLU, He init + dropout 0.5": "tab:red",
}


def chart(results, title):
    fig, (fwd, bwd) = plt.subplots(1, 2, figsize=(11, 3.8))
    layers = np.arange(1, DEPTH + 1)
    for name, (std, grad) in results.items():
        fwd.plot(layers, std, "o-", color=COLOURS.get(name), label=name)
        bwd.plot(layers, grad, "o-", color=COLOURS.get(name), label=name)
    fwd.set_title(f"{title}: forward signal")
    fwd.set_ylabel("activation std")
    bwd.set_title(f"{title}: backward signal")
    bwd.set_ylabel("|∂L/∂h| (gradient norm)")
    for ax in (fwd, bwd):
        ax.set_yscale("log")
        ax.set_xlabel("hidden layer (1 = nearest the input)")
        ax.set_xticks(layers)
    fwd.legend(fontsize=8)
    fig.tight_layout()
    return fig


# %% [markdown]
# ## Three starts: vanishing, exploding, steady
#
# * **sigmoid** with micrograd's uniform weights $U(-1, 1)$;
# * **ReLU** with the same $U(-1, 1)$ weights: too large for 24 inputs per neuron;
# * **ReLU with He initialisation**: weights from $N(0, 2/\text{fan-in})$.
#
# Read the right-hand chart from right to left: that is the direction the gradient
# travels in the backward pass, from the output towards the input.

# %%
results = {
    "sigmoid, U(-1, 1)": signals("sigmoid", "uniform"),
    "ReLU, U(-1, 1)": signals("relu", "uniform"),
    "ReLU, He init": signals("relu", "he"),
}
fig = chart(results, "8 hidden layers of 24")
plt.show()
print(
    f"{'start':>18}  {'std, layer 1':>12}  {'std, layer 8':>12}"
    f"  {'|∂L/∂h|, layer 8':>16}  {'|∂L/∂h|, layer 1':>16}"
)
for name, (std, grad) in results.items():
    print(f"{name:>18}  {std[0]:12.4g}  {std[-1]:12.4g}  {grad[-1]:16.4g}  {grad[0]:16.4g}")

# %% [markdown]
# What the charts show, and why:
#
# * **sigmoid: vanishing.** The backward signal falls at every layer on its way back,
#   by about a factor of 2 each time and roughly a hundredfold from layer 8 to layer 1.
#   Each sigmoid multiplies the gradient by its derivative, which is at most $1/4$
#   (notebook 2); the weights multiply it back up only partly. The forward signal stays
#   small and flat: sigmoid outputs live in $(0, 1)$.
# * **ReLU with $U(-1, 1)$: exploding.** The weights' variance is $1/3$; with 24 inputs a
#   neuron's pre-activation has about $24 \times \frac13 \times$ the input's second
#   moment, and ReLU keeps half of it: each layer multiplies the signal's size by about
#   $\sqrt{4} = 2$. Both charts grow geometrically: the activations towards the output,
#   the gradient towards the input (layer 1 gets the largest).
# * **ReLU with He init: steady.** Variance $2/\text{fan-in}$ is exactly what cancels
#   ReLU's halving, so the signal's size is kept from layer to layer, forward and
#   backward: both lines are nearly flat.

# %% [check]
check_figure(fig)
s_std, s_grad = results["sigmoid, U(-1, 1)"]
r_std, r_grad = results["ReLU, U(-1, 1)"]
h_std, h_grad = results["ReLU, He init"]
assert all(np.diff(s_grad) > 0) and s_grad[-1] / s_grad[0] > 50  # falls at every layer going back
assert all(np.diff(r_std) > 0) and all(np.diff(r_grad) < 0)  # grows both ways
assert r_std[-1] / r_std[0] > 30 and r_grad[0] / r_grad[-1] > 30
assert h_std.max() / h_std.min() < 1.5 and h_grad.max() / h_grad.min() < 1.5  # steady
assert s_std.max() < 0.5
assert all(1.5 < r < 2.6 for r in s_grad[1:] / s_grad[:-1])  # "about 2 each time"
growth = (r_std[-1] / r_std[0]) ** (1 / (DEPTH - 1))
assert 1.6 < growth < 2.4  # "about 2" a layer

# %% [markdown]
# ## The same story in `nn.fit`'s records
#
# You do not need hand-made charts to watch this during training: `nn.fit` records, for
# every layer and epoch, the activations' mean and spread and the norm of the gradient of
# the layer's *parameters*, and `viz.flow` charts them. The parameter gradient is a
# slightly different quantity from the $\partial L/\partial h$ above (it is
# $\partial L/\partial h$ times the layer's inputs), but for the sigmoid network the
# story is the same: the bottom-left panel falls layer by layer from the output layer
# (`mlp.layer8`) back to the first (`mlp.layer0`).

# %%
deep = nn.MLP(2, [WIDTH] * DEPTH + [1], activation="sigmoid", seed=0)
record = nn.fit(deep, X, y, loss="mse", epochs=1, verbose=False)
chart_ = viz.flow(record)
chart_

# %% [check]
check_figure(chart_.figure)
norms = [layer["grad_norm"] for layer in record.epochs[0]["layers"].values()]
assert len(norms) == DEPTH + 1 and all(np.diff(norms) > 0) and norms[-1] / norms[0] > 50
panel = next(
    ax for ax in chart_.figure.axes if ax.get_title().startswith("gradient norm per layer")
)
ticks = [t.get_text() for t in panel.get_xticklabels()]
assert ticks[0] == "mlp.layer0" and ticks[-1] == f"mlp.layer{DEPTH}" and len(ticks) == len(norms)

# %% [markdown]
# ## Gradient clipping rescues the exploding network
#
# Train the exploding network (ReLU, $U(-1, 1)$) with plain SGD, learning rate 0.01.
# Its first gradient has a norm in the tens of thousands, so the very first step is
# hundreds of units long in weight space and the loss jumps to an astronomical number;
# we stop the run as soon as the loss passes $10^6$. The same run with
# `nn.clip_grad_norm(params, max_norm=1.0)` between `backward()` and `step()` rescales
# every gradient so that their global norm is at most 1: the *direction* of the step is
# kept, only its length is capped. Now the loss falls steadily.


# %%
def train(clip, steps=25, lr=0.01):
    layers = make_layers("uniform", seed=0)
    params = [p for layer in layers for p in layer.parameters()]
    optimizer = nn.SGD(params, lr=lr)
    losses, norms = [], []
    for _ in range(steps):
        out, _ = forward(layers, X, "relu")
        loss = nn.mse(out, y)
        optimizer.zero_grad()
        loss.backward()
        norms.append(nn.clip_grad_norm(params, clip) if clip else nn.grad_norm(params))
        optimizer.step()
        losses.append(loss.data)
        if loss.data > 1e6:
            break
    return losses, norms


plain, clipped = train(clip=None), train(clip=1.0)
fig, ax = plt.subplots(figsize=(6.5, 3.8))
ax.plot(range(len(plain[0])), plain[0], "o-", label="no clipping (stopped: loss > 1e6)")
ax.plot(range(len(clipped[0])), clipped[0], "o-", label="clip_grad_norm, max_norm = 1")
ax.set_yscale("log")
ax.set_ylim(100, 1e7)
ax.annotate(
    f"step 1 without clipping: loss {plain[0][-1]:.1e}, far off the chart",
    xy=(1, 1e7),
    xytext=(3, 1e6),
    arrowprops=dict(arrowstyle="->"),
    fontsize=8,
)
ax.set_xlabel("SGD step")
ax.set_ylabel("MSE loss (log scale)")
ax.set_title("training the exploding ReLU network")
ax.legend(fontsize=8)
plt.show()
print(f"gradient norm at the first step: {clipped[1][0]:.4g}")
print(f"loss without clipping: {plain[0][0]:.4g} then {plain[0][-1]:.4g}")
print(
    f"loss with clipping:    {clipped[0][0]:.4g} to {clipped[0][-1]:.4g} in {len(clipped[0])} steps"
)

# %% [check]
check_figure(fig)
assert len(plain[0]) <= 3 and plain[0][-1] > 1e6
assert clipped[1][0] > 1e4 and 0.01 * clipped[1][0] > 100
assert len(clipped[0]) == 25 and clipped[0][-1] < clipped[0][0] / 5
assert all(b < a for a, b in zip(clipped[0], clipped[0][1:]))

# %% [markdown]
# Clipping is a safety rail, not a cure: the clipped network still starts with enormous
# activations and needs many small steps to undo them. The cure is a good
# initialisation, or the next idea.
#
# ## Batch normalisation and dropout on the same charts
#
# **Batch normalisation** (`nn.BatchNorm`) rescales each neuron's pre-activations over
# the batch to mean 0 and standard deviation 1 (then lets the network learn a scale and
# a shift). Put it into the exploding network, before each ReLU. **Dropout**
# (`nn.Dropout(p)`) zeroes each activation with probability $p$ during training and
# scales the survivors by $1/(1-p)$, so that the *mean* is unchanged; put it after each
# ReLU of the He-initialised network.

# %%
results2 = {
    "ReLU, U(-1, 1)": results["ReLU, U(-1, 1)"],
    "ReLU, U(-1, 1) + batch norm": signals("relu", "uniform", batchnorm=True),
    "ReLU, He init": results["ReLU, He init"],
    "ReLU, He init + dropout 0.2": signals("relu", "he", dropout=nn.Dropout(0.2, seed=0)),
    "ReLU, He init + dropout 0.5": signals("relu", "he", dropout=nn.Dropout(0.5, seed=0)),
}
fig = chart(results2, "with batch norm or dropout")
plt.show()
for name, (std, grad) in results2.items():
    print(
        f"{name:>28}: std {std[0]:.4g} → {std[-1]:.4g},"
        f"  |∂L/∂h| layer 8 {grad[-1]:.4g} → layer 1 {grad[0]:.4g}"
    )

# %% [markdown]
# * **Batch norm** pins the forward signal: the activation std is the same at every
#   layer (about 0.58, the std of a ReLU of a standard normal), whatever the weights'
#   scale. The backward signal still grows towards the input, but far less: about 8×
#   over 8 layers instead of about 100×. Batch norm does not make the backward pass
#   perfectly flat; at initialisation it can even create a mild explosion of its own.
# * **Dropout** is not free for the signal: zeroing and rescaling keeps the mean but
#   *adds variance*, so each layer multiplies the second moment by about $1/(1-p)$.
#   With $p = 0.2$ the He network drifts upward gently (about 2× over 8 layers); with
#   $p = 0.5$ it grows about ninefold, forward and backward. That
#   is one reason dropout rates in deep networks are kept small, and dropout is turned
#   off (`model.eval()`) when the network is used.

# %% [check]
check_figure(fig)
bn_std, bn_grad = results2["ReLU, U(-1, 1) + batch norm"]
assert bn_std.max() / bn_std.min() < 1.15 and abs(bn_std.mean() - 0.58) < 0.05
assert 3 < bn_grad[0] / bn_grad[-1] < 15 and r_grad[0] / r_grad[-1] > 50
d2_std, d2_grad = results2["ReLU, He init + dropout 0.2"]
d5_std, d5_grad = results2["ReLU, He init + dropout 0.5"]
assert (
    1.5 < d2_std[-1] / d2_std[0] < 2.5
    and 7 < d5_std[-1] / d5_std[0] < 12
    and d5_grad[0] / d5_grad[-1] > 7
)
assert all(np.diff(d5_std) > 0)

# %% [markdown]
# ## Your turn
#
# **Your turn 1.** Write gradient clipping yourself: compute the global norm of all the
# gradients and rescale them when it exceeds `max_norm`, in the exercise
# `exercises/12_clip_grad_norm` (`pytest exercises/12_clip_grad_norm`). Then use your
# function in place of `nn.clip_grad_norm` in `train` above: the chart should not
# change.

# %% [markdown]
# **Your turn 2.** Try `tanh` with `init="xavier"` (Glorot: variance $2/(\text{fan-in} +
# \text{fan-out})$) in `signals`. Is it vanishing, exploding or steady? And sigmoid with
# Xavier: is it better or worse than sigmoid with $U(-1, 1)$? Explain with the slopes
# of notebook 2.

# %%
# Your turn 2:
# chart({"tanh, Xavier": signals("tanh", "xavier"),
#        "sigmoid, Xavier": signals("sigmoid", "xavier")}, "Xavier")

# %% [markdown]
# **Your turn 3.** Make the network deeper (`DEPTH = 16`) and predict from the factors
# above how large the ReLU $U(-1, 1)$ gradient at layer 1 will be. Then run it.
