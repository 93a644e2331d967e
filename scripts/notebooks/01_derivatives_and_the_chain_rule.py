# %% [markdown]
# # 1. Derivatives and the chain rule on a graph
#
# This course builds backpropagation from the ground up, in seven notebooks: one
# derivative, then a graph of them, a neuron, a training loop, optimizers, the flow of
# signal through a deep network, the tools for looking inside one, and finally a tiny
# language model that writes names. Everything runs on tracegrad, a library in which
# every number is a `Value` node you can print, draw and step through.
#
# This first notebook holds the one idea the rest depends on. A derivative says how much
# an output moves when an input is nudged. A program is a graph of small operations, each
# of which knows its own *local* derivatives; the **chain rule** multiplies them along the
# paths from the output back to each input. Backpropagation is nothing more than doing
# that multiplication in the right order, once per edge.
#
# You will: estimate a slope with a ruler (finite differences), build a small expression
# as a graph, watch values flow left to right and gradients right to left, run the chain
# rule yourself one node at a time, and see why a node used twice must *add up* its
# gradients.

# %%
import matplotlib.pyplot as plt
import numpy as np

import autograd
import viz
from autograd import Value

# %% [markdown]
# ## A slope by finite differences
#
# Take the function from Karpathy's micrograd lecture, $f(x) = 3x^2 - 4x + 5$. Its
# derivative at $x$ is the limit of the *forward difference* $(f(x + h) - f(x)) / h$ as
# the step $h$ shrinks. We cannot take a limit on a computer, but we can try smaller
# and smaller steps and compare with the exact answer from calculus:
# $f'(x) = 6x - 4$, so $f'(3) = 14$.
#
# Look at the error column. It falls as $h$ shrinks (in proportion to $h$: each row is
# ten times smaller), then *rises* again for very small $h$: $f(x+h)$ and $f(x)$ become
# so close that subtracting them loses most of the 16 digits a float holds (round-off).
# The last column is the *central* difference $(f(x+h) - f(x-h)) / 2h$, whose error
# shrinks like $h^2$; for a parabola that error term is exactly zero, so all that is left
# is round-off, which again grows for tiny $h$. Finite differences are a good way to
# *check* gradients and a poor way to *compute* them.


# %%
def f(x):
    return 3 * x**2 - 4 * x + 5


x0 = 3.0
steps = [10.0**-k for k in range(1, 13)]
forward = [(f(x0 + h) - f(x0)) / h for h in steps]
errors = [abs(s - 14.0) for s in forward]
central_errors = [abs((f(x0 + h) - f(x0 - h)) / (2 * h) - 14.0) for h in steps]
print(f"{'h':>8}  {'forward difference':>18}  {'its error':>10}  {'central error':>13}")
for h, s, e, ce in zip(steps, forward, errors, central_errors):
    print(f"{h:8.0e}  {s:18.8f}  {e:10.2e}  {ce:13.2e}")

# %% [check]
best = steps[errors.index(min(errors))]
assert 1e-10 <= best <= 1e-5, best  # the error is smallest in the middle
assert errors[-1] > 100 * min(errors)  # and rises again: round-off
assert abs(errors[0] - 0.3) < 1e-9 and abs(errors[1] - 0.03) < 1e-9  # 3h: falls like h
assert max(central_errors[:3]) < 1e-9 and central_errors[-1] > 1e-4

# %% [markdown]
# The picture of the same idea: the slope is the tangent line touching the curve at
# $x = 3$. The dashed line is drawn with the slope measured by a central difference with
# $h = 10^{-4}$; it touches the parabola at one point, as a tangent should.

# %%
xs = np.linspace(0, 5, 101)
slope = (f(x0 + 1e-4) - f(x0 - 1e-4)) / 2e-4
fig, ax = plt.subplots(figsize=(5, 3.2))
ax.plot(xs, f(xs), label="f(x) = 3x² − 4x + 5")
ax.plot(xs, f(x0) + slope * (xs - x0), "--", label=f"tangent at x = 3, slope {slope:.4f}")
ax.plot([x0], [f(x0)], "ko")
ax.set_ylim(-5, 65)
ax.set_xlabel("x")
ax.set_ylabel("f(x)")
ax.set_title("The derivative is the slope of the tangent")
ax.legend()
plt.show()

# %% [check]
check_figure(fig)
assert abs(slope - 14.0) < 1e-6

# %% [markdown]
# ## The same number from `backward()`
#
# Now let tracegrad compute it. Each operation on a `Value` records a node: its
# arguments and its local derivatives. `y.backward()` walks the nodes from `y` back to
# `x`, multiplying local derivatives, and leaves $dy/dx$ in `x.grad`. No step size, no
# round-off trade-off: the answer is exact up to the last bit of a float.

# %%
x = Value(3.0, label="x")
y = 3 * x**2 - 4 * x + 5
y.backward()
print(f"f(3) = {y.data:.4f},  dy/dx from backward() = {x.grad:.4f}")

# %% [check]
assert x.grad == 14.0 and y.data == 20.0

# %% [markdown]
# ## An expression as a graph
#
# The lecture's next example has several inputs:
# $e = a \cdot b$, $d = e + c$, $L = d \cdot f$. Draw it. Each box is a `Value` (its
# label and its number); each small circle is the op that made the box to its right.
# Read it **left to right**: that is the *forward pass*, every value computed from
# values already known.

# %%
a, b, c, f_ = (
    Value(2.0, label="a"),
    Value(-3.0, label="b"),
    Value(10.0, label="c"),
    Value(-2.0, label="f"),
)
e = a * b
e.label = "e"
d = e + c
d.label = "d"
L = d * f_
L.label = "L"
viz.draw(L, show_grad=False, preset="notebook")

# %% [markdown]
# The same graph as a listing, one line per node in the order the forward pass
# computes them: inputs first, each later line using only lines above it. `%3` is node 3.

# %%
print(autograd.trace(L))

# %% [markdown]
# ## One node, forward and backward
#
# Backpropagation needs only one fact per node. Take the multiply node $e = a \cdot b$.
# Going **forward** it receives $a = 2$ and $b = -3$ and sends out $e = -6$. Going
# **backward** it receives $\partial L / \partial e$ from whatever used $e$ (here
# $-2$, because $L = (e + c) \cdot f$ and $f = -2$), and it sends back to each input the
# upstream gradient times its *local* derivative:
#
# $$\frac{\partial L}{\partial a} = \frac{\partial L}{\partial e}\cdot\frac{\partial e}{\partial a}
# = (-2)\cdot b = 6,
# \qquad
# \frac{\partial L}{\partial b} = \frac{\partial L}{\partial e}\cdot\frac{\partial e}{\partial b}
# = (-2)\cdot a = -4.$$
#
# The node does not need to know anything about the rest of the graph. tracegrad's
# *gate view* draws exactly this: on the left the forward pass of this one node, on the
# right its backward pass, the upstream gradient arriving from the right and each
# input's gradient leaving to the left, with the multiplication spelled out.

# %%
L.backward()
gate = viz.gate(e, root=L)
gate

# %% [check]
assert (e.grad, a.grad, b.grad) == (-2.0, 6.0, -4.0)
assert all(f"<b>{x}</b>" in gate.source for x in ("-6", "-2", "6", "-4"))
assert e.local_grads == (b.data, a.data)

# %% [markdown]
# Three patterns are worth learning by heart, because you can then read gradients off a
# graph without writing anything down (CS231n's backprop notes call these gates a
# distributor, a switcher and a router):
#
# * **add distributes**: $d = e + c$ has local derivative 1 for both inputs, so it passes
#   its upstream gradient unchanged to each of them;
# * **multiply swaps**: $e = a \cdot b$ sends $a$ the upstream times $b$, and $b$ the
#   upstream times $a$ (look at the gate view: $a$ got $-2 \cdot (-3)$);
# * **max routes**: $\max(a, b)$ sends the whole gradient to the larger input and zero to
#   the other; `relu` is $\max(x, 0)$, so it either passes the gradient or blocks it.

# %%
p, q = Value(4.0, label="p"), Value(-1.5, label="q")
for name, out in {"add": p + q, "mul": p * q, "relu (max with 0)": q.relu()}.items():
    print(f"{name:>18}: local derivatives {tuple(round(g, 4) for g in out.local_grads)}")

# %% [check]
assert (p + q).local_grads == (1.0, 1.0) and (p * q).local_grads == (q.data, p.data)
assert q.relu().local_grads == (0.0,) and p.relu().local_grads == (1.0,)

# %% [markdown]
# ## Backprop by hand, node by node
#
# Now do what `backward()` does, yourself. Every node stored its local derivatives at
# forward time (`node.local_grads`, one per argument). One node's step of the chain rule
# is: for each argument, *add* `node.grad * local` to the argument's grad. The
# micrograd lecture calls this step `node._backward()`; here it is three lines. Start
# with $\partial L/\partial L = 1$ and step the nodes from the output back to the inputs
# (`autograd.backward_order(L)` gives that order: every node before its arguments).


# %%
def backward_step(node):
    """The chain rule for one node (micrograd's node._backward())."""
    for arg, local in zip(node.args, node.local_grads):
        if isinstance(arg, Value):  # numbers stored as constants get no grad
            arg.grad += node.grad * local


for v in (a, b, c, f_, e, d, L):
    v.grad = 0.0
L.grad = 1.0
for node in autograd.backward_order(L):
    backward_step(node)
    shown = ", ".join(f"∂L/∂{p.label} = {p.grad:.4g}" for p in node.parents)
    print(f"step {node.label}: {shown}")
by_hand = {v.label: v.grad for v in (a, b, c, f_, e, d)}

# %% [markdown]
# Compare with `backward()`. The two columns should agree exactly, because `backward()`
# runs the same loop: the order, and one multiply-add per edge.

# %%
for v in (a, b, c, f_, e, d):
    v.grad = 0.0
L.backward()
print(f"{'node':>4}  {'by hand':>8}  {'backward()':>10}")
for v in (a, b, c, f_, e, d):
    print(f"{v.label:>4}  {by_hand[v.label]:8.4f}  {v.grad:10.4f}")

# %% [check]
assert all(by_hand[v.label] == v.grad for v in (a, b, c, f_, e, d))
assert by_hand == {"a": 6.0, "b": -4.0, "c": -2.0, "f": 4.0, "e": -2.0, "d": -2.0}

# %% [markdown]
# tracegrad has this step built in: `node.backward_step()`, also under the lecture's
# name `node._backward()`. The lecture's sequence, one call per node from the output
# back, with nothing but the three lines above behind each call, gives the same numbers
# once more:

# %%
for v in (a, b, c, f_, e, d, L):
    v.grad = 0.0
L.grad = 1.0
L._backward()  # ∂L/∂d and ∂L/∂f
d._backward()  # ∂L/∂e and ∂L/∂c
e._backward()  # ∂L/∂a and ∂L/∂b
print(", ".join(f"∂L/∂{v.label} = {v.grad:.4g}" for v in (a, b, c, f_, e, d)))

# %% [check]
assert {v.label: v.grad for v in (a, b, c, f_, e, d)} == by_hand

# %% [markdown]
# ## A node used twice: why gradients add up
#
# In $y = x \cdot x$ the node $x$ feeds the multiply twice. Nudging $x$ moves *both*
# factors, so the two effects add: $dy/dx = x + x = 2x$. In the backward pass this
# means $x$ receives one contribution per use, and they must be **summed**. That is why
# `backward_step` uses `+=`: with `=` the second contribution would overwrite the first.
# This was a real bug in an early micrograd, shown in the lecture. Watch it happen.


# %%
def backward_step_overwriting(node):
    """The bug: = instead of +=."""
    for arg, local in zip(node.args, node.local_grads):
        if isinstance(arg, Value):
            arg.grad = node.grad * local


def run(step, x_value=3.0):
    x = Value(x_value, label="x")
    y = x * x
    y.grad = 1.0
    step(y)
    return x.grad


h = 1e-5
numeric = ((3.0 + h) ** 2 - (3.0 - h) ** 2) / (2 * h)
print(f"finite difference dy/dx = {numeric:.4f}")
print(f"with +=                 = {run(backward_step):.4f}")
print(f"with =  (the bug)       = {run(backward_step_overwriting):.4f}")

# %% [check]
assert run(backward_step) == 6.0 and run(backward_step_overwriting) == 3.0
assert abs(numeric - 6.0) < 1e-6

# %% [markdown]
# A node used twice in a bigger graph: $a$ feeds both $d = a \cdot b$ and $s = a + b$,
# and $g = d \cdot s$. The trace's backward steps list every edge the chain rule visits,
# with its contribution. Find the two rows whose parent is `a`: the last column shows
# $a$'s gradient after each, $-6$ from the first use, then $-6 + 3 = -3$ once the second
# contribution is *added*.

# %%
a2, b2 = Value(-2.0, label="a"), Value(3.0, label="b")
d2 = a2 * b2
d2.label = "d"
s2 = a2 + b2
s2.label = "s"
g2 = d2 * s2
g2.label = "g"
graph = autograd.trace(g2)
print(
    f"{'node':>4} → {'parent':<6} {'upstream':>9} {'local':>7}"
    f" {'contribution':>13} {'parent grad':>12}"
)
for st in graph.backward_steps():
    print(
        f"{st.node.label:>4} → {st.parent.label:<6} {st.upstream:9.4f} {st.local:7.4f} "
        f"{st.contribution:13.4f} {st.parent_grad:12.4f}"
    )
g2.backward()
print(f"backward(): dg/da = {a2.grad:.4f}, dg/db = {b2.grad:.4f}")

# %% [check]
rows_a = [st for st in graph.backward_steps() if st.parent.label == "a"]
assert len(rows_a) == 2 and rows_a[-1].parent_grad == a2.grad
assert a2.grad == b2.data * (a2.data + b2.data) + a2.data * b2.data  # product rule: -3

# %% [markdown]
# ## Your move: the backward pass as a quiz
#
# The player below steps through the same backward pass, one edge per step: the
# highlighted node and edge, and a caption with the chain rule for that step. It is in
# *quiz mode*: before each step is revealed, type the gradient contribution you expect
# (upstream × local) and press **Check**; it tells you whether you were right, shows the
# formula, and keeps your score.

# %%
viz.step_through(g2, quiz=True)

# %% [markdown]
# ## Your turn
#
# **Your turn 1.** Change `f` in the first code cell to $f(x) = x^3$ and the point to
# $x = 2$. Before running: what should the slope be? Check it three ways, by calculus,
# by the central difference and by `backward()`. Then write the central difference and
# a gradient check yourself in the exercise `exercises/09_numerical_gradient` (run
# `pytest exercises/09_numerical_gradient`), and the local derivatives of `**` in
# `exercises/03_pow_backward`.

# %% [markdown]
# **Your turn 2.** "Multiply swaps": write the backward rule of the multiply node in the
# exercise `exercises/01_mul_backward`, then use `backward_step` above to backprop
# $h = (a \cdot b) \cdot a$ by hand. How many contributions does `a` receive, and what
# do they add up to?

# %%
# Your turn 2: build h = (a * b) * a here and call backward_step on each node.

# %% [markdown]
# **Your turn 3.** micrograd's neuron `o = tanh(x1*w1 + x2*w2 + b)` is in
# `autograd.examples.neuron()`. Backprop it by hand node by node with `backward_step`
# and check every input's gradient against `backward()`. Then write the whole loop of
# `backward()` yourself, the order and one multiply-add per edge, in the exercise
# `exercises/08_backward_loop`: its tests use graphs where a node is used twice, so `=`
# instead of `+=` fails.
