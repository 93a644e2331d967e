# %% [markdown]
# # 3. The training loop
#
# A network learns by repeating four steps: **forward** (compute the predictions),
# **loss** (one number saying how wrong they are), **backward** (the gradient of that
# number with respect to every parameter) and **update** (move each parameter a little
# against its gradient). Notebook 2 hid this loop inside `nn.fit`. Here we write it out:
# first one step in full, small enough to follow every number; then the losses you can
# choose from and, more importantly, the gradients they send back; then mini-batches and
# epochs, the way the loop is run on real data.

# %%
import matplotlib.pyplot as plt
import numpy as np

import autograd
import nn
import viz
from autograd import Value

# %% [markdown]
# ## One step, in full
#
# The smallest model that still has everything: one linear neuron
# $\hat y = w_0 x_0 + w_1 x_1 + b$ and two training examples. The loss is the mean
# squared error $L = \frac{1}{2}\sum_i (\hat y_i - y_i)^2$.

# %%
model = nn.Neuron(2, "linear", seed=3)
X = [[1.0, 2.0], [-1.0, 0.5]]
y = [1.0, -1.0]
predictions = [model(row) for row in X]  # 1. forward
loss = nn.mse(predictions, y)  # 2. loss
loss.label = "loss"
model.zero_grad()
loss.backward()  # 3. backward
print(f"loss before the step: {loss.data:.4f}")

# %% [markdown]
# Step through the backward pass of that loss. Each step is one edge: the caption
# gives the upstream gradient, the local derivative and their product. Notice the two
# branches, one per example, meeting at the mean: every weight collects one
# contribution per example (a node used twice, as in notebook 1), so the gradient of a
# mean loss is the mean of the per-example gradients.

# %%
viz.step_through(loss, colour=True)

# %% [markdown]
# Now the update, **gradient descent**: $w \leftarrow w - \eta \, \partial L/\partial w$
# with the *learning rate* $\eta = 0.1$. The minus sign is the whole trick: the gradient
# points uphill, so a small step against it lowers the loss. The table shows each
# parameter before, its gradient and after; then we run the forward pass again.

# %%
lr = 0.1
before = {name: p.data for name, p in model.named_parameters()}
for p in model.parameters():  # 4. update
    p.data -= lr * p.grad
print(f"{'parameter':>9}  {'before':>8}  {'grad':>8}  {'after':>8}")
for name, p in model.named_parameters():
    print(f"{name:>9}  {before[name]:8.4f}  {p.grad:8.4f}  {p.data:8.4f}")
new_loss = nn.mse([model(row) for row in X], y)
print(f"loss after one step: {new_loss.data:.4f} (was {loss.data:.4f})")

# %% [check]
for name, p in model.named_parameters():
    assert abs(p.data - (before[name] - lr * p.grad)) < 1e-12
assert new_loss.data < loss.data

# %% [markdown]
# That is all of training. Repeating those four lines many times is `nn.fit`, and the
# rest of this course is about doing them well: which loss, which update rule, which
# learning rate, how to start.
#
# ## Losses and the gradients they send back
#
# The loss decides the *first* gradient of the backward pass, $\partial L / \partial
# \hat y$, and everything else is that number times local derivatives. So compare losses
# by their gradients. Below, one example with target $+1$ and a prediction (a *score*)
# $s$ from $-3$ to $3$. Left: the loss; right: its gradient with respect to $s$,
# computed by `autograd.grad`. What to look at:
#
# * **MSE** $(s-1)^2$: the gradient grows in proportion to the error, and it also
#   punishes being "too right" ($s = 3$ is pushed back down).
# * **MAE** $|s-1|$: the gradient is $\pm 1$ whatever the size of the error, so one
#   outlier cannot dominate.
# * **Huber**: MSE near the target, MAE far from it; its gradient is MSE's, clipped to
#   $[-1, 1]$.
# * **hinge** $\max(0, 1 - s)$: zero gradient once $s \ge 1$ ("far enough on the right
#   side, stop caring"), $-1$ otherwise.
# * **binary cross-entropy** on the logit $s$ (`bce_with_logits`): gradient
#   $\sigma(s) - 1$, large when confidently wrong, fading smoothly to 0 when right.
# * **cross-entropy** over two classes with logits $(s, 0)$ and the right class first:
#   exactly the same curve as binary cross-entropy, which is the two-class case of it.

# %%
scores = np.linspace(-3, 3, 121)
losses = {
    "MSE": lambda s: nn.mse([s], [1.0]),
    "MAE": lambda s: nn.mae([s], [1.0]),
    "Huber (δ=1)": lambda s: nn.huber([s], [1.0]),
    "hinge": lambda s: nn.hinge([s], [1.0]),
    "BCE with logits": lambda s: nn.bce_with_logits([s], [1.0]),
    "cross-entropy, 2 classes": lambda s: nn.cross_entropy([[s, Value(0.0)]], [0]),
}
table = {}
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
for (name, loss_fn), style in zip(losses.items(), ["-", "-", "-", "-", "-", ":"]):
    values = [loss_fn(Value(float(s))).data for s in scores]
    slopes = [autograd.grad(loss_fn)(float(s)) for s in scores]
    table[name] = (values, slopes)
    left.plot(scores, values, style, lw=2, label=name)
    right.plot(scores, slopes, style, lw=2, label=name)
left.set_ylim(0, 6)
left.set_title("loss for target +1")
left.set_xlabel("prediction s")
left.set_ylabel("loss")
right.set_ylim(-4.5, 4.5)
right.set_title("gradient ∂loss/∂s sent back")
right.set_xlabel("prediction s")
right.set_ylabel("∂loss/∂s")
right.axhline(0, color="grey", lw=0.5)
left.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [check]
check_figure(fig)
s = scores
sig = 1 / (1 + np.exp(-s))
assert np.allclose(table["MSE"][1], 2 * (s - 1))
assert set(np.round(table["MAE"][1], 9)) <= {-1.0, 0.0, 1.0}
assert np.allclose(table["Huber (δ=1)"][1], np.clip(s - 1, -1, 1))
assert np.allclose(np.array(table["hinge"][1])[s > 1.0001], 0) and np.allclose(
    np.array(table["hinge"][1])[s < 0.9999], -1
)
assert np.allclose(table["BCE with logits"][1], sig - 1)
assert np.allclose(table["cross-entropy, 2 classes"][0], table["BCE with logits"][0])
assert np.allclose(table["cross-entropy, 2 classes"][1], table["BCE with logits"][1])

# %% [markdown]
# Read the right panel once more at $s = 3$, a confident and correct prediction: MSE
# still sends back a gradient of 4, the hinge sends 0, cross-entropy a small $-0.05$.
# At $s = -3$, confidently wrong, cross-entropy sends almost $-1$, its largest.
# For classification, that is what you want: spend the updates on the mistakes.
#
# ## Mini-batches and epochs
#
# With many examples, computing the loss over all of them for every step is slow, and
# not needed: the gradient over a random **mini-batch** of a few examples points
# roughly the same way. One **epoch** is one pass over the whole training set, in
# mini-batches, in a shuffled order. The loop below is `nn.fit` written out. We train
# the same network on 64 points of the two-moons data twice, for the same 30 epochs:
# once with the whole set as one batch (one update per epoch), once with mini-batches
# of 8 (eight updates per epoch), recording the loss of every update.

# %%
X, y = nn.data.moons(64, noise=0.1, seed=1)


def train(batch_size, epochs=30, lr=0.1):
    model = nn.MLP(2, [8, 8, 1], seed=0)
    optimizer = nn.SGD(model.parameters(), lr=lr)
    step_losses, epoch_losses = [], []
    for epoch in range(epochs):
        for xb, yb in nn.data.batches(X, y, batch_size, seed=epoch):  # shuffled
            predictions = [model(list(row)) for row in xb]  # forward
            loss = nn.hinge(predictions, yb)  # loss
            optimizer.zero_grad()
            loss.backward()  # backward
            optimizer.step()  # update
            step_losses.append(loss.data)
        epoch_losses.append(nn.hinge(nn.predict(model, X), y).data)
    return step_losses, epoch_losses


runs = {size: train(size) for size in (64, 8)}
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
for size, (steps, epochs) in runs.items():
    label = f"batch of {size} ({len(steps) // 30} update{'s' if size < 64 else ''} per epoch)"
    left.plot(np.arange(1, len(steps) + 1) / (len(steps) / 30), steps, lw=1, label=label)
    right.plot(range(1, 31), epochs, "o-", ms=3, label=label)
left.set_title("loss of each mini-batch")
left.set_xlabel("epoch")
left.set_ylabel("hinge loss of the batch")
right.set_title("loss on all 64 points, after each epoch")
right.set_xlabel("epoch")
right.set_ylabel("hinge loss")
left.legend(fontsize=8)
right.legend(fontsize=8)
fig.tight_layout()
plt.show()
print(
    f"after 30 epochs: whole-set loss {runs[64][1][-1]:.4f} with one batch, "
    f"{runs[8][1][-1]:.4f} with batches of 8"
)

# %% [check]
check_figure(fig)
assert len(runs[64][0]) == 30 and len(runs[8][0]) == 240
assert runs[8][1][-1] < runs[64][1][-1]


def noise(v):
    return np.abs(np.diff(v)).mean()


assert noise(runs[8][0]) > noise(runs[64][0])

# %% [markdown]
# Two things to see. On the left, the mini-batch curve is *noisy*: each batch is a
# different sample of 8 points, so its loss jumps around even while the trend goes
# down. On the right, measured on all 64 points after each epoch, the mini-batch run
# ends lower: in the same 30 passes over the data it made eight times as many updates.
# Each update was cheaper (8 examples instead of 64) and only a little less accurate.
# That trade is why almost all networks are trained with mini-batches.

# %% [markdown]
# ## Your turn
#
# **Your turn 1.** Write the MSE loss yourself, as a graph of `Value` ops, in the
# exercise `exercises/05_mse_loss` (`pytest exercises/05_mse_loss` checks it). Then
# predict, before plotting: what is the gradient of your loss at $s = 3$ for target 1?

# %% [markdown]
# **Your turn 2.** Change the batch size in `train` to 1 (pure *stochastic* gradient
# descent) and to 32. Plot the whole-set loss per epoch for all four sizes. Which is
# best per epoch, and which would be best per second of computing?

# %%
# Your turn 2: runs[1] = train(1); runs[32] = train(32); then plot runs[size][1]

# %% [markdown]
# **Your turn 3.** In the one-step example, try learning rates 0.01, 0.5 and 2.0. For
# which does the loss go down after one step, and for which does it go *up*? The
# gradient is the same each time: only the step size changed.
