"""Write the student notebooks in notebooks/ (run: python scripts/build_notebooks.py).

The notebooks are kept as source here, so that a change to them is a readable diff; the
.ipynb files are written without outputs and run top to bottom by `make test` (nbmake).
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

OUT = Path(__file__).parents[1] / "notebooks"


NOTEBOOKS: dict[str, list[tuple[str, str]]] = {}


def notebook(name: str, cells: list[tuple[str, str]]) -> None:
    """Declare a notebook: ("md", text) and ("code", source) cells."""
    NOTEBOOKS[name] = cells


def build(out: Path = OUT) -> list[Path]:
    """Write every notebook to ``out`` (cell ids fixed, so the files are reproducible)."""
    out.mkdir(exist_ok=True)
    written = []
    for name, cells in NOTEBOOKS.items():
        nb = new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                   "display_name": "Python 3"}})
        nb.cells = [new_markdown_cell(text, id=f"cell-{i}") if kind == "md" else
                    new_code_cell(text, id=f"cell-{i}") for i, (kind, text) in enumerate(cells)]
        nbformat.write(nb, out / f"{name}.ipynb")
        written.append(out / f"{name}.ipynb")
    return written


notebook("01_value_and_chain_rule", [
    ("md", "# 1. A Value and the chain rule\n\nEvery number is a `Value` node that remembers "
           "the op that made it. We build micrograd's neuron `o = tanh(x1*w1 + x2*w2 + b)`, "
           "work its gradients out by hand, then let `backward()` do it."),
    ("code", "import autograd\nimport viz\nfrom autograd.examples import neuron\n\n"
             "o, (x1, x2, w1, w2, b) = neuron()\nn = o.parents[0]\n"
             "viz.draw(o, show_grad=False)"),
    ("md", "## By hand\n\nThe chain rule says `do/dx1 = do/dn * dn/dx1`. Here "
           "`do/dn = 1 - tanh(n)^2 = 1 - o^2`, and `n = x1*w1 + x2*w2 + b` gives "
           "`dn/dx1 = w1`, `dn/dw1 = x1`, `dn/dx2 = w2`, `dn/dw2 = x2`, `dn/db = 1`."),
    ("code", "do_dn = 1 - o.data ** 2\nby_hand = {'x1': do_dn * w1.data, 'w1': do_dn * x1.data,\n"
             "           'x2': do_dn * w2.data, 'w2': do_dn * x2.data, 'b': do_dn}\nby_hand"),
    ("md", "## With `backward()`"),
    ("code", "o.backward()\nfor v in (x1, w1, x2, w2, b):\n"
             "    print(f'{v.label:>2}: backward {v.grad: .4f}   by hand {by_hand[v.label]: .4f}')\n"
             "    assert abs(v.grad - by_hand[v.label]) < 1e-12"),
    ("md", "Red boxes have positive gradients, blue negative; each edge carries its local "
           "derivative."),
    ("code", "viz.draw(o, colour=True, show_local=True)"),
    ("md", "The same graph as a listing, one line per node:"),
    ("code", "print(autograd.trace(o))"),
    ("md", "## Step through the backward pass\n\nPress Next (or the arrow keys): each "
           "step is one use of the chain rule."),
    ("code", "viz.step_through(o, colour=True)"),
])

notebook("02_neuron_layer_mlp", [
    ("md", "# 2. Neuron, layer, MLP: XOR\n\nXOR is the classic problem one neuron cannot "
           "solve: its classes cannot be split by one straight line."),
    ("code", "import matplotlib.pyplot as plt\nimport numpy as np\n\nimport nn\nimport viz\n"
             "from autograd import Value\n\nX, y = nn.data.xor()\nX, y"),
    ("code", "neuron = nn.Neuron(2, 'tanh', seed=0)\n"
             "history = nn.fit(neuron, X, y, loss='hinge', optimizer=nn.Adam(neuron.parameters(), "
             "lr=0.05), epochs=300, verbose=False)\n"
             "print('one neuron, accuracy:', history['accuracy'][-1])\n"
             "assert history['accuracy'][-1] <= 0.75"),
    ("md", "With a hidden layer of 4 neurons the network can bend its decision boundary:"),
    ("code", "model = nn.MLP(2, [4, 1], activation='tanh', seed=1)\n"
             "history = nn.fit(model, X, y, loss='hinge', optimizer=nn.Adam(model.parameters(), "
             "lr=0.05), epochs=300, verbose=False)\n"
             "print('MLP(2, [4, 1]), accuracy:', history['accuracy'][-1])\n"
             "assert history['accuracy'][-1] == 1.0\nmodel"),
    ("md", "The trained network, one cluster per neuron (its weights and bias inside):"),
    ("code", "out = model([Value(1.0, label='in0'), Value(0.0, label='in1')])\nout.backward()\n"
             "viz.draw(out, group_scopes=True, colour=True)"),
    ("md", "## The decision boundary"),
    ("code", "xs = np.linspace(-0.5, 1.5, 41)\ngrid = np.array([[a, b] for b in xs for a in xs])\n"
             "scores = np.array([p.data for p in nn.predict(model, grid)]).reshape(len(xs), len(xs))\n"
             "plt.contourf(xs, xs, scores > 0, alpha=0.3, cmap='coolwarm')\n"
             "plt.scatter(X[:, 0], X[:, 1], c=y, cmap='coolwarm', edgecolors='k')\n"
             "plt.title('MLP(2, [4, 1]) on XOR'); plt.show()"),
])

notebook("03_training", [
    ("md", "# 3. Training: losses, optimizers, schedules, early stopping\n\n"
           "Two moons, 60 points, and an `MLP(2, [8, 8, 1])`."),
    ("code", "import matplotlib.pyplot as plt\n\nimport nn\nfrom nn import schedules\n\n"
             "X, y = nn.data.moons(60, noise=0.1, seed=1)\nXv, yv = nn.data.moons(40, noise=0.1, seed=2)"),
    ("md", "## Four optimizers on one plot"),
    ("code", "optimizers = {\n    'SGD': lambda p: nn.SGD(p, lr=0.05),\n"
             "    'SGD + momentum': lambda p: nn.SGD(p, lr=0.05, momentum=0.9),\n"
             "    'RMSProp': lambda p: nn.RMSProp(p, lr=0.01),\n"
             "    'Adam': lambda p: nn.Adam(p, lr=0.02),\n}\ncurves = {}\n"
             "for name, make in optimizers.items():\n"
             "    model = nn.MLP(2, [8, 8, 1], seed=0)\n"
             "    history = nn.fit(model, X, y, loss='hinge', optimizer=make(model.parameters()),\n"
             "                     epochs=30, verbose=False)\n"
             "    curves[name] = history['train_loss']\n"
             "    plt.plot(curves[name], label=f\"{name} ({history['accuracy'][-1]:.0%})\")\n"
             "plt.yscale('log'); plt.xlabel('epoch'); plt.ylabel('hinge loss'); plt.legend(); plt.show()\n"
             "assert curves['Adam'][-1] < curves['Adam'][0]"),
    ("md", "## Losses\n\nThe same scores under different losses (targets -1 and 1):"),
    ("code", "from autograd import Value\nscores = [Value(s) for s in (-2.0, -0.5, 0.5, 2.0)]\n"
             "targets = [1, 1, 1, 1]\nprint('hinge          ', round(nn.hinge(scores, targets).data, 4))\n"
             "print('bce_with_logits', round(nn.bce_with_logits(scores, [1, 1, 1, 1]).data, 4))\n"
             "print('mse            ', round(nn.mse(scores, targets).data, 4))"),
    ("md", "## Learning-rate schedules"),
    ("code", "steps = range(100)\nfor name, lr in {\n"
             "    'step decay': schedules.step_decay(0.1, 30, 0.5),\n"
             "    'exponential': schedules.exponential(0.1, 0.97),\n"
             "    'cosine': schedules.cosine(0.1, t_max=100),\n"
             "    'cosine restarts': schedules.cosine_restarts(0.1, t_0=25),\n"
             "    'warmup + cosine': schedules.warmup(schedules.cosine(0.1, t_max=90), steps=10),\n"
             "}.items():\n    plt.plot([lr(t) for t in steps], label=name)\n"
             "plt.xlabel('step'); plt.ylabel('learning rate'); plt.legend(); plt.show()"),
    ("md", "## Early stopping\n\nStop when the validation loss has not improved for 5 "
           "epochs, and keep the best weights."),
    ("code", "model = nn.MLP(2, [8, 8, 1], seed=0)\n"
             "history = nn.fit(model, X, y, loss='hinge', optimizer=nn.Adam(model.parameters(), lr=0.05),\n"
             "                 epochs=200, val=(Xv, yv), early_stopping=5, verbose=False)\n"
             "print(f'stopped after {len(history)} epochs; best epoch {history.best_epoch}')\n"
             "plt.plot(history['train_loss'], label='train'); plt.plot(history['val_loss'], label='validation')\n"
             "plt.axvline(history.best_epoch, color='k', ls=':'); plt.legend(); plt.show()"),
])

notebook("04_signal_and_gradient_flow", [
    ("md", "# 4. Signal and gradient flow\n\nA 10-layer network, three ways: sigmoid, ReLU "
           "with micrograd's uniform init, ReLU with He init. We look at each layer's "
           "activations and gradient norms after one pass."),
    ("code", "import matplotlib.pyplot as plt\n\nimport nn\nimport viz\n\n"
             "X, y = nn.data.moons(20, seed=0)\nsizes = [8] * 9 + [1]\nconfigs = {\n"
             "    'sigmoid': dict(activation='sigmoid', init='uniform'),\n"
             "    'relu': dict(activation='relu', init='uniform'),\n"
             "    'relu + He': dict(activation='relu', init='he'),\n}\nhistories = {}\n"
             "for name, options in configs.items():\n"
             "    model = nn.MLP(2, sizes, seed=0, **options)\n"
             "    histories[name] = nn.fit(model, X, y, loss='hinge', epochs=1, verbose=False)"),
    ("code", "for name, history in histories.items():\n"
             "    layers = history.epochs[0]['layers']\n"
             "    plt.plot([s['grad_norm'] for s in layers.values()], 'o-', label=name)\n"
             "plt.yscale('log'); plt.xlabel('layer'); plt.ylabel('gradient norm'); plt.legend()\n"
             "plt.title('gradient norm per layer'); plt.show()"),
    ("md", "Read the three lines. With sigmoid every layer's gradient is around 1e-5, "
           "thousands of times below ReLU with He init: each sigmoid multiplies the "
           "backward signal by at most 1/4, so after ten layers almost nothing is left "
           "(*vanishing* gradients). ReLU with micrograd's U(-1, 1) weights runs the other "
           "way, with gradients of several units: its activations grow from layer to layer "
           "(the start of *exploding* gradients). He init scales each layer's weights by "
           "its fan-in so the signal keeps its size."),
    ("code", "def norms(name):\n"
             "    return [s['grad_norm'] for s in histories[name].epochs[0]['layers'].values()]\n"
             "assert max(norms('sigmoid')) < min(norms('relu + He')) / 100   # vanished\n"
             "assert min(norms('relu')) > max(norms('relu + He'))            # too large"),
    ("md", "The gradient-flow chart of one history:"),
    ("code", "viz.flow(histories['sigmoid'])"),
    ("code", "viz.flow(histories['relu + He'])"),
    ("md", "## Gradient clipping\n\nWith large weights gradients *explode*; clipping the "
           "global norm keeps a step bounded."),
    ("code", "model = nn.MLP(2, sizes, activation='relu', init='he', seed=0)\n"
             "for p in model.parameters():\n    p.data *= 3.0\n"
             "loss = nn.hinge([model(list(x)) for x in X], y)\nloss.backward()\n"
             "before = nn.clip_grad_norm(model.parameters(), max_norm=1.0)\n"
             "after = nn.grad_norm(model.parameters())\n"
             "print(f'gradient norm {before:.3g} clipped to {after:.3g}')\nassert after <= 1.0 + 1e-6"),
])

notebook("05_higher_order_and_saliency", [
    ("md", "# 5. Gradients of gradients, Newton's method, saliency"),
    ("code", "import math\n\nimport matplotlib.pyplot as plt\nimport numpy as np\n\n"
             "import nn\nfrom autograd import grad\n\n"
             "f = lambda x: x.tanh()\nfor x in (0.0, 0.5, 1.0):\n"
             "    t = math.tanh(x)\n"
             "    print(x, grad(f)(x), grad(grad(f))(x), 'by hand:', 1 - t * t, -2 * t * (1 - t * t))\n"
             "    assert abs(grad(grad(f))(x) - (-2 * t * (1 - t * t))) < 1e-12"),
    ("md", "## A Newton step\n\nNewton's method finds a minimum of `f` with "
           "`x <- x - f'(x) / f''(x)`: both derivatives come from `grad`."),
    ("code", "f = lambda x: x ** 4 - 3 * x ** 2 + x\ndf, d2f = grad(f), grad(grad(f))\nx = 2.0\n"
             "for step in range(6):\n    x = x - df(x) / d2f(x)\n"
             "    print(step, round(x, 10), round(df(x), 12))\nassert abs(df(x)) < 1e-9"),
    ("md", "## Saliency\n\nThe gradient of a trained model's output with respect to each "
           "input feature: where the output is most sensitive."),
    ("code", "X, y = nn.data.circles(80, seed=0)\nmodel = nn.MLP(2, [8, 8, 1], seed=0)\n"
             "history = nn.fit(model, X, y, loss='hinge', optimizer=nn.Adam(model.parameters(), lr=0.05),\n"
             "                 epochs=40, verbose=False)\nprint('accuracy', history['accuracy'][-1])\n"
             "xs = np.linspace(-1.4, 1.4, 25)\n"
             "heat = np.array([[np.abs(nn.saliency(model, [a, b])).sum() for a in xs] for b in xs])\n"
             "plt.imshow(heat, extent=(xs[0], xs[-1], xs[0], xs[-1]), origin='lower', cmap='magma')\n"
             "plt.scatter(X[:, 0], X[:, 1], c=y, cmap='coolwarm', s=12)\n"
             "plt.colorbar(label='|d out/d x0| + |d out/d x1|'); plt.title('saliency'); plt.show()"),
])

if __name__ == "__main__":
    print("wrote", ", ".join(p.name for p in build()))
