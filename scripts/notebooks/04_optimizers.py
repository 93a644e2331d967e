# %% [markdown]
# # 4. Optimizers
#
# Backpropagation gives the gradient; the **optimizer** decides what to do with it. Plain
# gradient descent steps straight downhill, $w \leftarrow w - \eta g$, and that is
# surprisingly bad in two common landscapes: a long narrow *ravine*, where downhill
# points mostly across the valley instead of along it, and a *saddle*, where the
# gradient is nearly zero and there is no obvious way down. The optimizers below each fix
# part of that with a little memory of past gradients. We write out their update rules,
# watch them on two 2-D surfaces where you can see every step, then on a real network;
# then learning-rate schedules, and early stopping.

# %%
import matplotlib.pyplot as plt
import numpy as np

import nn
from autograd import Value
from nn import schedules

# %% [markdown]
# ## The update rules
#
# With $g_t$ the gradient at step $t$ and $\eta$ the learning rate (these are PyTorch's
# conventions, and `nn`'s):
#
# * **SGD**: $w \leftarrow w - \eta\, g_t$.
# * **Momentum**: keep a velocity $v \leftarrow \mu v + g_t$ and step
#   $w \leftarrow w - \eta v$. Gradients that keep pointing the same way add up (with
#   $\mu = 0.9$, up to ten times); gradients that flip sign every step cancel out.
# * **Nesterov**: the same velocity, but step with $g_t + \mu v$: a look-ahead that
#   brakes earlier when the velocity is about to overshoot.
# * **RMSProp**: keep a running average of squared gradients
#   $s \leftarrow \alpha s + (1-\alpha) g_t^2$ and step $w \leftarrow w - \eta\, g_t /
#   (\sqrt{s} + \epsilon)$. Each parameter gets its own step size: steep directions are
#   slowed down, flat ones sped up.
# * **Adam**: momentum and RMSProp together. $m \leftarrow \beta_1 m + (1-\beta_1) g_t$,
#   $s \leftarrow \beta_2 s + (1-\beta_2) g_t^2$, both divided by $1 - \beta^t$ to undo
#   their start at zero ("bias correction"), then $w \leftarrow w - \eta\, \hat m /
#   (\sqrt{\hat s} + \epsilon)$. Its steps are about $\eta$ in size whatever the scale of
#   the gradient.
#
# ## Two surfaces you can see
#
# The ravine $f(x, y) = 0.05x^2 + 2y^2$ is forty times steeper across ($y$) than along
# ($x$). The saddle $f(x, y) = \frac12 x^2 - \frac12 y^2 + \frac14 y^4$ has a flat point at
# the origin: a minimum along $x$, a maximum along $y$, with the real minima at
# $y = \pm 1$. We start on the ravine's wall at $(-9, 1.5)$ and almost exactly on the
# saddle's ridge, at $(-2, 0.001)$, and run each optimizer for 60 steps on two `Value`s.


# %%
def ravine(x, y):
    return 0.05 * x**2 + 2 * y**2


def saddle(x, y):
    return 0.5 * x**2 - 0.5 * y**2 + 0.25 * y**4


optimizers = {
    "SGD": lambda p: nn.SGD(p, lr=0.4),
    "momentum": lambda p: nn.SGD(p, lr=0.1, momentum=0.9),
    "Nesterov": lambda p: nn.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
    "RMSProp": lambda p: nn.RMSProp(p, lr=0.1),
    "Adam": lambda p: nn.Adam(p, lr=0.3),
}


def path(f, start, make, steps=60):
    x, y = Value(start[0], label="x"), Value(start[1], label="y")
    optimizer = make([x, y])
    points = [(x.data, y.data)]
    for _ in range(steps):
        optimizer.zero_grad()
        f(x, y).backward()
        optimizer.step()
        points.append((x.data, y.data))
    return np.array(points)


surfaces = {
    "ravine": (ravine, (-9.0, 1.5), (-10, 3, -2, 2)),
    "saddle": (saddle, (-2.0, 0.001), (-2.5, 1, -1.6, 1.6)),
}
paths = {
    s: {name: path(f, start, make) for name, make in optimizers.items()}
    for s, (f, start, _) in surfaces.items()
}

fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
for ax, (s, (f, start, (x0, x1, y0, y1))) in zip(axes, surfaces.items()):
    gx, gy = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
    ax.contour(gx, gy, f(gx, gy), levels=25, cmap="Greys", linewidths=0.6)
    for name, points in paths[s].items():
        ax.plot(points[:, 0], points[:, 1], ".-", ms=3, lw=1, label=name)
    ax.plot(*start, "k*", ms=12)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_title(f"{s}: 60 steps from the star")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
axes[0].legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# What to look at, surface by surface, and the numbers behind it:
#
# * **Ravine.** SGD bounces from wall to wall: its learning rate is large for the steep
#   $y$ direction (each step overshoots and flips the sign of $y$) and small for the
#   shallow $x$ direction, so after 60 steps it is the furthest from the minimum of
#   the three SGD variants (the table below). Momentum and Nesterov flip far less: the
#   flips cancel in the velocity while the steady pull along $x$ adds up, and they run
#   down the valley. Momentum's velocity still carries it across the floor in wide, slow
#   swings; Nesterov's look-ahead damps them within a few steps. RMSProp and Adam do not
#   zigzag in their first steps (at most one sign flip in ten): dividing by $\sqrt{s}$
#   gives the steep and the shallow direction steps of similar size. Adam's momentum
#   later rocks it across the floor in slow waves (the purple curve).
# * **Saddle.** The gradient at the start is almost exactly along $x$, and the push
#   along $y$ is tiny (it is proportional to $y = 0.001$). SGD first walks to the saddle
#   point and lingers there: after 10 steps it is still within 0.05 of it. RMSProp and
#   Adam blow the tiny $y$-gradient up to a full-sized step and have fallen off the
#   ridge towards the minimum at $y = 1$ by then. In the end all five get there.


# %%
def f_at(s, points):
    f = surfaces[s][0]
    return np.array([f(x, y) for x, y in points])


print(
    f"{'optimizer':>9}  {'ravine f after 60':>17}  {'y sign flips, first 10 steps':>28}"
    f"  {'saddle |y| after 10':>19}"
)
for name in optimizers:
    r, sd = paths["ravine"][name], paths["saddle"][name]
    flips = int((np.sign(r[1:11, 1])[1:] != np.sign(r[1:11, 1])[:-1]).sum())
    print(f"{name:>9}  {f_at('ravine', r)[-1]:17.4f}  {flips:28d}  {abs(sd[10, 1]):19.4f}")

# %% [check]
check_figure(fig)
ravine_end = {n: f_at("ravine", p)[-1] for n, p in paths["ravine"].items()}
flips = {
    n: int((np.sign(p[1:11, 1])[1:] != np.sign(p[1:11, 1])[:-1]).sum())
    for n, p in paths["ravine"].items()
}
assert flips["SGD"] == 9 and flips["RMSProp"] <= 1 and flips["Adam"] <= 1
assert ravine_end["SGD"] > 0.02 > max(ravine_end["momentum"], ravine_end["Nesterov"])
assert ravine_end["Nesterov"] < ravine_end["momentum"]
y10 = {n: abs(p[10, 1]) for n, p in paths["saddle"].items()}
assert y10["SGD"] < 0.05 and abs(paths["saddle"]["SGD"][10, 0]) < 0.05  # at the saddle point
assert y10["RMSProp"] > 0.9 and y10["Adam"] > 0.5
assert all(
    abs(abs(p[-1, 1]) - 1) < 0.1 for p in paths["saddle"].values()
)  # all reach y = ±1 in the end

# %% [markdown]
# ## On a real task
#
# The same five optimizers on a real network: an `MLP(2, [8, 8, 1])` on 64 points of
# the two-moons data, hinge loss, mini-batches of 16, 40 epochs, the same starting
# weights for all (each optimizer with a learning rate that suits it; finding that rate
# is part of using an optimizer). The y axis is logarithmic: a loss of exactly 0, which
# the hinge loss reaches once every point is classified with margin, leaves the chart.

# %%
X, y = nn.data.moons(64, noise=0.1, seed=1)
real = {
    "SGD": lambda p: nn.SGD(p, lr=0.1),
    "momentum": lambda p: nn.SGD(p, lr=0.1, momentum=0.9),
    "Nesterov": lambda p: nn.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
    "RMSProp": lambda p: nn.RMSProp(p, lr=0.01),
    "Adam": lambda p: nn.Adam(p, lr=0.02),
}
histories = {}
fig, ax = plt.subplots(figsize=(6.5, 4))
for name, make in real.items():
    model = nn.MLP(2, [8, 8, 1], seed=0)
    histories[name] = nn.fit(
        model,
        X,
        y,
        loss="hinge",
        optimizer=make(model.parameters()),
        epochs=40,
        batch_size=16,
        verbose=False,
    )
    ax.plot(
        range(1, 41),
        histories[name]["train_loss"],
        label=f"{name} (accuracy {histories[name]['accuracy'][-1]:.0%})",
    )
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("hinge loss (log scale)")
ax.set_title("five optimizers, MLP(2, [8, 8, 1]) on moons")
ax.legend(fontsize=8)
plt.show()

# %% [check]
check_figure(fig)
final = {n: h["train_loss"][-1] for n, h in histories.items()}
assert final["SGD"] > 0.1 and histories["SGD"]["accuracy"][-1] < 1.0
assert all(final[n] < final["SGD"] / 3 for n in ("momentum", "Nesterov", "RMSProp", "Adam"))
assert all(histories[n]["accuracy"][-1] == 1.0 for n in ("momentum", "Nesterov", "RMSProp", "Adam"))
at25 = {n: h["train_loss"][24] for n, h in histories.items()}
assert (
    max(at25["momentum"], at25["Nesterov"]) < 0.01 < min(at25["RMSProp"], at25["Adam"], at25["SGD"])
)

# %% [markdown]
# Plain SGD is still creeping down after 40 epochs and misclassifies some points; the
# four optimizers with memory all classify every training point, and momentum and
# Nesterov reach a loss near 0 first (look at epoch 25). Do not read this as a ranking:
# with other learning rates, other data and other networks the order changes. Adam is
# popular because it is rarely *bad* without tuning.
#
# ## Learning-rate schedules
#
# The learning rate need not be constant. Large steps early make fast progress; small
# steps late settle into a minimum instead of bouncing around it. `nn.schedules` holds
# the usual shapes, each a function of the step number you pass as `lr=`:
# *step decay* halves it every 30 steps, *exponential* shrinks it by 3% a step,
# *cosine* glides from the maximum to 0 along half a cosine wave, *cosine with restarts*
# jumps back up every 25 steps (a restart can shake the model out of a poor region),
# and *warmup* rises linearly over the first 10 steps before following a cosine: at the
# very start Adam's statistics are unreliable and big steps can do damage.

# %%
t = np.arange(100)
shapes = {
    "step decay (×0.5 every 30)": schedules.step_decay(0.1, 30, 0.5),
    "exponential (×0.97 a step)": schedules.exponential(0.1, 0.97),
    "cosine": schedules.cosine(0.1, t_max=100),
    "cosine, restarts every 25": schedules.cosine_restarts(0.1, t_0=25),
    "warmup 10 steps, then cosine": schedules.warmup(schedules.cosine(0.1, t_max=90), steps=10),
}
fig, ax = plt.subplots(figsize=(7, 3.8))
rates = {name: [lr(int(s)) for s in t] for name, lr in shapes.items()}
for name, values in rates.items():
    ax.plot(t, values, label=name)
ax.set_xlabel("step")
ax.set_ylabel("learning rate")
ax.set_title("learning-rate schedules")
ax.legend(fontsize=8)
plt.show()

# %% [check]
check_figure(fig)
w = rates["warmup 10 steps, then cosine"]
assert (
    abs(w[0] - 0.01) < 1e-12
    and abs(w[9] - 0.1) < 1e-12
    and all(a < b for a, b in zip(w[:9], w[1:10]))
)
r = rates["cosine, restarts every 25"]
assert r[25] == r[50] == r[75] == 0.1 and r[24] < 0.001
assert rates["step decay (×0.5 every 30)"][30] == 0.05

# %% [markdown]
# ## Early stopping
#
# A network with enough weights can memorise its training set, noise included. Then the
# training loss keeps falling while the loss on *new* data (a validation set the
# optimizer never sees) starts to rise: it is *overfitting*. Early stopping watches the
# validation loss, stops after it has not improved for a number of epochs (the
# *patience*, here 20) and puts back the weights of the best epoch. Below, a wide network
# on only 30 noisy points. Look for the dotted line: the best validation epoch; to its
# right the two curves move apart.

# %%
X, y = nn.data.moons(30, noise=0.3, seed=1)
Xv, yv = nn.data.moons(60, noise=0.3, seed=2)
model = nn.MLP(2, [16, 16, 1], seed=1)
history = nn.fit(
    model,
    X,
    y,
    loss="hinge",
    optimizer=nn.Adam(model.parameters(), lr=0.03),
    epochs=200,
    val=(Xv, yv),
    early_stopping=20,
    verbose=False,
)
fig, ax = plt.subplots(figsize=(6.5, 3.8))
ax.plot(history["train_loss"], label="training loss")
ax.plot(history["val_loss"], label="validation loss")
ax.axvline(history.best_epoch, color="k", ls=":", label=f"best epoch ({history.best_epoch})")
ax.set_ylim(0, 0.6)
ax.set_xlabel("epoch")
ax.set_ylabel("hinge loss")
ax.set_title("early stopping, patience 20")
ax.legend()
plt.show()
print(
    f"stopped after {len(history)} epochs; the weights of epoch {history.best_epoch} were restored "
    f"(validation loss {history['val_loss'][history.best_epoch]:.4f}, "
    f"{history['val_loss'][-1]:.4f} at the last epoch)"
)

# %% [check]
check_figure(fig)
best, val, train_loss = history.best_epoch, history["val_loss"], history["train_loss"]
assert history.stopped_early and len(history) == best + 21
assert val[best] == min(val) and val[-1] > val[best] * 1.1
assert train_loss[-1] < train_loss[best]

# %% [markdown]
# ## Your turn
#
# **Your turn 1.** Write the momentum update yourself in the exercise
# `exercises/06_sgd_momentum`, then Adam's in `exercises/07_adam_step`
# (`pytest exercises/06_sgd_momentum exercises/07_adam_step`). Mind the convention: here
# the velocity sums gradients, $v \leftarrow \mu v + g$, and the step is $-\eta v$.

# %% [markdown]
# **Your turn 2.** On the ravine, raise SGD's learning rate from 0.4 to 0.5. Before you
# run it: the $y$ direction has curvature 4, so each step multiplies $y$ by
# $1 - 4\eta$. What happens at $\eta = 0.5$, and at $\eta = 0.6$?

# %%
# Your turn 2: path(ravine, (-9.0, 1.5), lambda p: nn.SGD(p, lr=0.5))

# %% [markdown]
# **Your turn 3.** Give the real-task Adam a warmup: `lr=schedules.warmup(0.02, steps=20)`.
# Does the loss curve change in the first epochs? Then try the early-stopping network
# with `nn.AdamW` and `weight_decay=0.05`: does the validation loss still rise?
