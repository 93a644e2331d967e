# %% [markdown]
# # 6. Looking inside
#
# The gradient is not only for training. The same backward pass that tells a weight how
# to change can tell *you* things about a trained network and about a function: which
# inputs an output is sensitive to (a **saliency map**), how the slope itself changes (a
# **gradient of a gradient**, which gives Newton's method and tells a minimum from a
# maximum), and what exactly was computed (the **trace**: a listing of every node, and a
# tape that can replay the computation on new numbers). This notebook uses all three.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

import autograd
import nn
from autograd import grad
from autograd.examples import neuron

# %% [markdown]
# ## Saliency: which input matters, where
#
# Train a small tanh network to separate two circles. The **saliency** of an input
# point is the gradient of the network's output with respect to the *input* (not the
# weights): `nn.saliency(model, x)` returns $(\partial\,\text{out}/\partial x_0,\
# \partial\,\text{out}/\partial x_1)$. Its size $\lVert \nabla_x \text{out} \rVert$ says how
# much the output changes when the point moves a little. It is a length, so it is never
# negative: its colour scale starts at 0 and runs one way (a *sequential* colour map),
# and its colour bar belongs to that map only. The training points are drawn on top in
# two fixed colours, with a legend, not on a colour scale of their own.

# %%
X, y = nn.data.circles(80, seed=0)
model = nn.MLP(2, [8, 8, 1], activation="tanh", seed=0)
history = nn.fit(
    model,
    X,
    y,
    loss="hinge",
    optimizer=nn.Adam(model.parameters(), lr=0.1),
    epochs=40,
    verbose=False,
)
print(f"training accuracy {history['accuracy'][-1]:.0%}")

xs = np.linspace(-1.5, 1.5, 31)
saliency = np.array([[np.linalg.norm(nn.saliency(model, [a, b])) for a in xs] for b in xs])
output = np.array([[p.data for p in nn.predict(model, [[a, b] for a in xs])] for b in xs])

fig, ax = plt.subplots(figsize=(6, 5))
heat = ax.imshow(
    saliency, extent=(xs[0], xs[-1], xs[0], xs[-1]), origin="lower", cmap="magma", vmin=0
)
fig.colorbar(heat, ax=ax, label="saliency ‖∂ out / ∂ x‖ (never negative)")
ax.contour(xs, xs, output, levels=[0], colors="white", linestyles="--")
for label, colour, name in (
    (-1, "#4daf4a", "outer circle (−1)"),
    (1, "#00bfff", "inner circle (+1)"),
):
    ax.scatter(*X[y == label].T, s=14, color=colour, edgecolors="k", linewidths=0.4, label=name)
ax.set_xlabel("x0")
ax.set_ylabel("x1")
ax.set_title("saliency of a tanh MLP on two circles")
ax.legend(loc="upper right", fontsize=8)
plt.show()

# %% [markdown]
# The bright band follows the dashed white line, the **decision boundary** (where the
# output is 0): there a small move of the point changes the answer fastest. Far from the
# boundary the map is dark. The tanh units have saturated there (notebook 2: flat tanh,
# slope near 0), so moving the point barely changes the output; the network is
# confidently the same everywhere around. The numbers: the mean saliency of grid points
# near the boundary (|output| < 0.3) against points far from it (|output| > 1).

# %%
near, far = np.abs(output) < 0.3, np.abs(output) > 1.0
print(
    f"mean saliency near the boundary {saliency[near].mean():.4f},"
    f" far from it {saliency[far].mean():.4f}"
)

# %% [check]
check_figure(fig)
assert heat.colorbar is not None and heat.colorbar.mappable is heat  # the bar is the saliency's
assert heat.norm.vmin == 0 and (saliency >= 0).all()
assert saliency[near].mean() > 2 * saliency[far].mean()
assert history["accuracy"][-1] == 1.0

# %% [markdown]
# The size hides the *direction*. For one point, the two components are signed: a
# positive $\partial\,\text{out}/\partial x_0$ means moving right raises the output
# (towards the inner class). At the point $(0.7, 0)$, between the circles near the boundary, moving
# outwards (right) should lower the output, and moving up or down barely matters by
# symmetry: read the bars.

# %%
point = [0.7, 0.0]
components = nn.saliency(model, point)
fig, ax = plt.subplots(figsize=(4.5, 3))
ax.bar(
    ["∂ out / ∂ x0", "∂ out / ∂ x1"],
    components,
    color=["#d62728" if c > 0 else "#1f77b4" for c in components],
)
ax.axhline(0, color="k", lw=0.6)
ax.set_xlabel("input feature")
ax.set_ylabel("gradient (signed)")
ax.set_title(f"saliency at {tuple(point)}")
plt.show()
print("components:", [round(c, 4) for c in components])

# %% [check]
check_figure(fig)
assert components[0] < 0 and abs(components[1]) < abs(components[0]) / 2

# %% [markdown]
# ## Gradients of gradients, and Newton's method
#
# tracegrad can differentiate its own backward pass: `grad(f)` is a function, so
# `grad(grad(f))` is the second derivative. A quick check on tanh, whose derivatives
# are known in closed form: $\tanh' = 1 - t^2$ and $\tanh'' = -2t(1 - t^2)$ with
# $t = \tanh x$.

# %%


def tanh(x):
    return x.tanh()


print(
    f"{'x':>4}  {'tanh′ (grad)':>12}  {'1 − t²':>8}"
    f"  {'tanh″ (grad of grad)':>20}  {'−2t(1 − t²)':>12}"
)
for x in (0.0, 0.5, 1.0, 2.0):
    t = math.tanh(x)
    print(
        f"{x:4.1f}  {grad(tanh)(x):12.4f}  {1 - t * t:8.4f}"
        f"  {grad(grad(tanh))(x) + 0.0:20.4f}  {-2 * t * (1 - t * t) + 0.0:12.4f}"
    )

# %% [check]
for x in (0.0, 0.5, 1.0, 2.0):
    t = math.tanh(x)
    assert abs(grad(grad(tanh))(x) + 2 * t * (1 - t * t)) < 1e-12

# %% [markdown]
# **Newton's method** looks for a point where $f'(x) = 0$ by jumping to where the
# tangent of $f'$ crosses zero: $x \leftarrow x - f'(x)/f''(x)$. It needs both
# derivatives, which `grad` gives. But $f' = 0$ holds at a minimum, at a maximum and at
# an inflection point alike: Newton's method finds *stationary points*, not minima. Take
# $f(x) = x^4 - 3x^2 + x$, which has two minima and a maximum between them, and start
# Newton at two places, $x = 2$ and $x = 0.1$.

# %%


def f(x):
    return x**4 - 3 * x**2 + x


df, d2f = grad(f), grad(grad(f))


def newton(x, steps=8):
    xs = [x]
    for _ in range(steps):
        x = x - df(x) / d2f(x)
        xs.append(x)
    return xs


runs = {start: newton(start) for start in (2.0, 0.1)}
for start, xs_ in runs.items():
    end = xs_[-1]
    kind = "a minimum" if d2f(end) > 0 else "a maximum" if d2f(end) < 0 else "undecided"
    print(f"from x = {start}: x = {end:.4f}, f′ = {df(end):.1e}, f″ = {d2f(end):.4f}  →  {kind}")

# %% [markdown]
# Both runs converge: $f'$ is zero to within rounding at both ends. The second
# derivative says what was found. From $x = 2$, $f'' > 0$: the curve bends upwards, a
# **minimum**. From $x = 0.1$, $f'' < 0$: the curve bends downwards, a **maximum**.
# Newton's method happily climbed to it, because near a maximum the step
# $-f'/f''$ points uphill. A safe minimiser checks the sign: where $f'' \le 0$ it takes
# a plain gradient step downhill instead of the Newton step.


# %%
def safe_newton(x, steps=12, lr=0.1):
    xs = [x]
    for _ in range(steps):
        curvature = d2f(x)
        x = x - df(x) / curvature if curvature > 0 else x - lr * df(x)
        xs.append(x)
    return xs


runs["0.1, checking f″ > 0"] = safe_newton(0.1)
grid = np.linspace(-2, 2, 200)
fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(grid, grid**4 - 3 * grid**2 + grid, color="grey", label="f(x) = x⁴ − 3x² + x")
for (name, xs_), colour in zip(runs.items(), ["tab:green", "tab:red", "tab:blue"]):
    ys = [f(autograd.Value(x)).data for x in xs_]
    kind = "minimum" if d2f(xs_[-1]) > 0 else "maximum"
    ax.plot(xs_, ys, "o--", color=colour, ms=4, label=f"Newton from {name}: ends at a {kind}")
    ax.plot(xs_[-1], ys[-1], "*", color=colour, ms=16)
ax.set_xlabel("x")
ax.set_ylabel("f(x)")
ax.set_title("Newton's method finds where f′ = 0; f″ says which kind")
ax.legend(fontsize=8)
plt.show()
end = runs["0.1, checking f″ > 0"][-1]
print(
    f"safe Newton from 0.1: x = {end:.4f}, f′ = {df(end):.1e}, f″ = {d2f(end):.4f} > 0: a minimum"
)

# %% [check]
check_figure(fig)
a, b, c = runs[2.0][-1], runs[0.1][-1], runs["0.1, checking f″ > 0"][-1]
assert abs(df(a)) < 1e-9 and d2f(a) > 0  # from 2: a minimum
assert abs(df(b)) < 1e-9 and d2f(b) < 0  # from 0.1: a maximum
assert abs(df(c)) < 1e-9 and d2f(c) > 0 and f(autograd.Value(c)).data < f(autograd.Value(b)).data

# %% [markdown]
# ## The trace: a listing and a tape
#
# Every number the network or a function computes is a node, and `autograd.trace_fn`
# records them all. Its listing reads like assembly: one line per node, each using
# nodes above it (`%2` is node 2), the op, the value and the gradient. Here is the
# Newton function's $f$ at $x = 0.1$. Look for how the numbers used as constants
# (`4.0`, `3.0`) sit inside the lines instead of being nodes of their own.

# %%
tape = autograd.trace_fn(lambda x: x**4 - 3 * x**2 + x, 0.1)
tape.backward()
print(tape)

# %% [markdown]
# The graph is also a **tape**: `tape.forward(x=...)` re-runs every node, in order, on
# a new input, using each op's rule from the op table, without calling the Python
# function again; `tape.backward()` then gives the gradient there. This is how a
# tracing compiler works: record once, replay many times. The replayed gradient must be
# exactly what a fresh `grad(f)` gives.

# %%
print(f"{'x':>5}  {'f(x) from the tape':>18}  {'f′ from the tape':>16}  {'f′ from grad(f)':>15}")
replayed = []
for x in (-1.5, 0.1, 1.2):
    value = tape.forward(x=x)
    tape.zero_grad()
    tape.backward()
    slope = tape.inputs[0].grad
    replayed.append((x, value, slope))
    print(f"{x:5.1f}  {value:18.4f}  {slope:16.4f}  {df(x):15.4f}")

# %% [check]
for x, value, slope in replayed:
    assert value == f(autograd.Value(x)).data and slope == df(x)

# %% [markdown]
# ## The backward pass written out as a program
#
# `to_python()` writes a traced graph out as straight-line Python: one line per node
# forward, named as in the listing (a label, or `n5` for `%5`), then one line per edge
# backward, in the order `backward()` applies the chain rule. `g_x1` holds
# $\partial o/\partial x_1$; each `g_a += g_n * local` is one use of the chain rule, and
# every line comes from the op table. Here is micrograd's lecture neuron: compare the
# backward half with the gradients you worked out by hand in notebook 1.

# %%
o, _ = neuron()
graph = autograd.trace(o)
print(graph.to_python("neuron"))

# %% [markdown]
# `compile()` turns that source into a function of the inputs that returns the output
# and every input's gradient: the same numbers as `backward()`, bit for bit, without
# building a graph again. With `compile(backend="numpy")` the same program runs on
# arrays, one sample per element, which is how a graph traced for one sample trains on
# a whole batch (README, "Outgrowing scalars").

# %%
program = graph.compile()
value, grads = program(*[n.data for n in graph.inputs])
o.backward()
for node, g in zip(graph.inputs, grads):
    print(f"{node.label:>2}: compiled {g: .6f}   backward() {node.grad: .6f}")

# %% [check]
assert value == o.data and list(grads) == [n.grad for n in graph.inputs]

# %% [markdown]
# ## Your turn
#
# **Your turn 1.** Start Newton's method at $x = -0.5$ and at $x = 0.5$. Predict from the
# plot which stationary point each will reach, then check with $f''$. Is there a start
# from which Newton's method jumps *over* the maximum?

# %%
# Your turn 1: newton(-0.5)[-1], newton(0.5)[-1], and d2f at each

# %% [markdown]
# **Your turn 2.** Redraw the saliency map for a ReLU network
# (`activation="relu"`). Is saliency still concentrated on the boundary? ReLU does not
# saturate for positive inputs: explain what you see.

# %% [markdown]
# **Your turn 3.** The listing is in topological order: every node after its
# arguments. Write that ordering yourself, without recursion, in the exercise
# `exercises/04_topological_sort` (`pytest exercises/04_topological_sort`).
