# %% [markdown]
# # 2. A neuron, activations, and why one neuron cannot learn XOR
#
# Notebook 1 showed that backpropagation is the chain rule applied once per edge of a
# graph. This notebook builds the graph that neural networks are made of: the
# **neuron**, $\text{out} = \phi(w \cdot x + b)$, a weighted sum of its inputs plus a
# bias, passed through a non-linear *activation* $\phi$. You will see a neuron as a
# graph, compare the activations and their derivatives (the derivative is what the
# backward pass multiplies by, so its shape decides how well a network learns), and meet
# the classic problem that one neuron cannot solve: XOR. Then a small network of neurons
# solves it, and we draw what it learned.

# %%
import matplotlib.pyplot as plt
import numpy as np

import autograd
import nn
import viz
from autograd import Value

# %% [markdown]
# ## A neuron is a small graph
#
# `nn.Neuron(2, "tanh")` holds two weights and a bias, all `Value`s. Calling it on two
# inputs builds the graph below: one `dot` node for $w_0 x_0 + w_1 x_1$ (one node with
# four arguments, not a chain of multiplies and adds), one `+` for the bias, one `tanh`.
# After `backward()` every box holds its gradient; the colour shows its sign and size
# (red positive, blue negative, white near zero). Look at the weights: the gradient of
# the output with respect to $w_i$ is $\tanh'(\cdot) \cdot x_i$, so the weight whose input
# is larger in size gets the larger gradient. "Multiply swaps", one level deeper.

# %%
neuron = nn.Neuron(2, "tanh", seed=0)
x = [Value(1.0, label="x0"), Value(-2.0, label="x1")]
out = neuron(x)
out.backward()
viz.draw(out, colour=True, show_local=True, preset="notebook")

# %% [markdown]
# The numbers behind the picture, rounded: every weight's gradient is the same
# upstream number $\tanh'$ times its own input.

# %%
upstream = 1 - out.data**2  # d tanh / d its input
print(f"tanh' at this point = {upstream:.4f}")
for w, xi in zip(neuron.w, x):
    print(f"{w.label}: grad {w.grad:.4f} = {upstream:.4f} × {xi.label} ({xi.data:.4g})")

# %% [check]
for w, xi in zip(neuron.w, x):
    assert abs(w.grad - upstream * xi.data) < 1e-12
assert abs(neuron.b.grad - upstream) < 1e-12

# %% [markdown]
# ## Activations and their derivatives
#
# Without an activation, a stack of neurons would collapse to one linear function: a
# weighted sum of weighted sums is a weighted sum. The activation bends it. Below, each
# panel shows an activation (solid) and its derivative (dashed), the derivative computed
# by tracegrad's `grad`, not by a formula. Look at where each dashed line goes to zero:
#
# * **sigmoid** and **tanh** *saturate*: far from 0 the curve is flat and the derivative
#   is nearly 0, so almost no gradient passes through a neuron that sits there. The
#   sigmoid's derivative is never above 1/4, which matters for deep networks
#   (notebook 5).
# * **ReLU** passes the gradient unchanged (derivative 1) for positive inputs and blocks
#   it (0) for negative ones: "max routes". A neuron whose input is always negative never
#   learns again (a "dead" ReLU).
# * **leaky ReLU**, **ELU** and **softplus** keep a little slope on the negative side.

# %%
zs = np.linspace(-5, 5, 201)
names = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus"]
curves = {}
fig, axes = plt.subplots(2, 3, figsize=(10, 5.5), sharex=True)
for ax, name in zip(axes.flat, names):

    def phi(v, name=name):
        return getattr(v, name)()

    values = [phi(Value(float(z))).data for z in zs]
    slopes = [autograd.grad(phi)(float(z)) for z in zs]
    curves[name] = (values, slopes)
    ax.plot(zs, values, label="φ(z)")
    ax.plot(zs, slopes, "--", label="φ′(z)")
    ax.axhline(0, color="grey", lw=0.5)
    ax.set_title(name)
    ax.set_xlabel("z (the neuron's input)")
    ax.set_ylabel("value")
    ax.set_ylim(-1.5, 2.5)
axes[0, 0].legend()
fig.tight_layout()
plt.show()

# %% [check]
check_figure(fig)
sig_slope, tanh_slope = curves["sigmoid"][1], curves["tanh"][1]
assert abs(max(sig_slope) - 0.25) < 1e-3 and sig_slope[0] < 0.01 and sig_slope[-1] < 0.01
assert tanh_slope[0] < 1e-3 and abs(max(tanh_slope) - 1.0) < 1e-3
relu_slope = curves["relu"][1]
assert set(relu_slope[:100]) == {0.0} and set(relu_slope[101:]) == {1.0}
assert min(curves["leaky_relu"][1]) > 0 and min(curves["softplus"][1]) > 0

# %% [markdown]
# ## XOR: one neuron is not enough
#
# XOR has four points: $(0,0)$ and $(1,1)$ are class $-1$, $(0,1)$ and $(1,0)$ are class
# $+1$. A single neuron's output depends on $w \cdot x + b$, so the points it calls
# positive and negative are split by the straight line $w \cdot x + b = 0$. No straight
# line puts the two diagonals on different sides. Train one neuron anyway, with the mean
# squared error (MSE) against the labels, and watch what it settles on.

# %%
X, y = nn.data.xor()
one = nn.Neuron(2, "tanh", seed=0)
history_one = nn.fit(
    one, X, y, loss="mse", optimizer=nn.Adam(one.parameters(), lr=0.05), epochs=300, verbose=False
)
outputs_one = [p.data for p in nn.predict(one, X)]
print(f"final MSE {history_one['train_loss'][-1]:.4f}")
for row, target, o in zip(X, y, outputs_one):
    print(f"input {row}  target {target:+.0f}  output {o:+.4f}")

# %% [markdown]
# All four outputs are (almost) 0 and the loss is 1. Any line the neuron could draw
# leaves at least two points on the wrong side; answering "zero" everywhere, wrong by
# exactly 1 on every point, is where gradient descent settled, and nothing a single
# neuron can draw does clearly better. The gradient has not failed; the model is too
# small.
#
# ## Two layers can
#
# Put a *hidden layer* of four tanh neurons in front. Each hidden neuron draws its own
# line; the output neuron combines their answers, and a combination of lines can carve
# out the two diagonals. `nn.MLP(2, [4, 1], activation="tanh")` is that network: 2
# inputs, 4 hidden neurons, 1 output (linear, so it can reach $\pm 1$).

# %%
model = nn.MLP(2, [4, 1], activation="tanh", seed=1)
history = nn.fit(
    model,
    X,
    y,
    loss="mse",
    optimizer=nn.Adam(model.parameters(), lr=0.05),
    epochs=300,
    verbose=False,
)
outputs = [p.data for p in nn.predict(model, X)]
print(f"final MSE {history['train_loss'][-1]:.4f}")
for row, target, o in zip(X, y, outputs):
    print(f"input {row}  target {target:+.0f}  output {o:+.4f}")

# %% [check]
assert history_one["train_loss"][-1] > 0.99 and max(abs(o) for o in outputs_one) < 0.05
assert history["train_loss"][-1] < 1e-3
assert all(np.sign(o) == t for o, t in zip(outputs, y))

# %% [markdown]
# ## The two decision boundaries
#
# Colour every point of the plane by the model's output; the black line is where the
# output crosses 0, the *decision boundary*. Left: the single neuron. Its output stays
# within 0.2 of zero everywhere in view (pale colours), and its boundary is a straight
# line: whichever way it tilts, two of the four points are on the wrong side. Right: the
# MLP, with a blue valley along the diagonal from $(0,0)$ to $(1,1)$ and red in the two
# other corners: its boundary is two curves, which no single neuron can draw. Each
# colour bar belongs to the panel next to it and shows that model's output.

# %%
grid = np.linspace(-0.5, 1.5, 61)
points = np.array([[a, b] for b in grid for a in grid])
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
surfaces = {}
for ax, (name, m) in zip(axes, [("one tanh neuron", one), ("MLP(2, [4, 1])", model)]):
    scores = np.array([p.data for p in nn.predict(m, points)]).reshape(len(grid), len(grid))
    surfaces[name] = scores
    filled = ax.contourf(
        grid, grid, scores, levels=np.linspace(-1.5, 1.5, 13), cmap="coolwarm", extend="both"
    )
    if scores.min() < 0 < scores.max():
        ax.contour(grid, grid, scores, levels=[0], colors="k")
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", edgecolors="k", s=80, vmin=-1, vmax=1)
    ax.set_title(name)
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    fig.colorbar(filled, ax=ax, label="output")
fig.tight_layout()
plt.show()

# %% [check]
check_figure(fig)
assert np.abs(surfaces["one tanh neuron"]).max() < 0.2  # flat
mlp = surfaces["MLP(2, [4, 1])"]
i0, i1 = np.argmin(abs(grid - 0)), np.argmin(abs(grid - 1))
assert mlp[i1, i0] > 0.9 and mlp[i0, i1] > 0.9 and mlp[i0, i0] < -0.9 and mlp[i1, i1] < -0.9

# %% [markdown]
# ## What the network learned, neuron by neuron
#
# Draw the trained network's graph for the input $(1, 0)$, one cluster per neuron (its
# weights and bias inside), coloured by gradient after `backward()`. Four hidden
# clusters feed the output cluster. Follow the output's gradient back: it reaches each
# hidden neuron multiplied by that neuron's outgoing weight and its $\tanh'$, so a
# hidden neuron that is saturated for this input (output near $\pm 1$, so $\tanh'$ near
# 0) passes almost no gradient to its own weights: their boxes are nearly white. And
# every `w1` has a gradient of exactly 0, because its input `in1` is 0: multiply swaps.
# `preset="notebook"` sizes the diagram to fit the page. `model.zero_grad()` comes first:
# training left the last step's gradients in the weights, and `backward()` *adds* to
# them (notebook 1's `+=`), so without it every box would show a little of both.

# %%
xin = [Value(1.0, label="in0"), Value(0.0, label="in1")]
out = model(xin)
model.zero_grad()
out.backward()
viz.draw(out, group_scopes=True, colour=True, preset="notebook")

# %% [markdown]
# The hidden neurons' outputs and tanh slopes for this input, to read next to the
# diagram:

# %%
hidden = model.layers[0]([1.0, 0.0])
for i, h in enumerate(hidden):
    print(f"hidden neuron {i}: output {h.data:+.4f}, tanh' = {1 - h.data**2:.4f}")

# %% [check]
slopes = [1 - h.data**2 for h in hidden]
biggest = max(abs(p.grad) for p in model.parameters())
for n, s in zip(model.layers[0].neurons, slopes):
    if s < 0.05:  # saturated: its weights nearly white
        assert all(abs(p.grad) < 0.05 * biggest for p in n.parameters())
    assert n.w[1].grad == 0  # in1 = 0

# %% [markdown]
# ## Your turn
#
# **Your turn 1.** Make the hidden layer smaller: `nn.MLP(2, [2, 1], ...)`. Two lines are
# enough for XOR in principle. Try seeds 0 to 5. Does it always learn? When it fails,
# what are its outputs, and why might gradient descent get stuck with so few neurons?

# %%
# Your turn 1: try nn.MLP(2, [2, 1], activation="tanh", seed=s) for s in range(6)

# %% [markdown]
# **Your turn 2.** Replace `activation="tanh"` with `"relu"` and then `"sigmoid"` in the
# MLP. Which learns XOR fastest in 300 epochs? Use the activation panels above to
# explain the slowest one.

# %% [markdown]
# **Your turn 3.** The derivative of tanh, $1 - \tanh^2$, is what every hidden neuron
# multiplies the gradient by. Write it yourself in the exercise
# `exercises/02_tanh_backward` and check it with `pytest exercises/02_tanh_backward`;
# then the sigmoid's, $\sigma(1 - \sigma)$, in `exercises/10_sigmoid_backward`.
