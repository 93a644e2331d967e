"""`make demo`: a neuron forward and backward, an MLP trained on XOR, all drawn to out/.

Writes the forward diagram, the backward diagram coloured by gradient, the step-through
player and its quiz (open them in a browser), the gate view of one op, the trained MLP
with one cluster per neuron, and the gradient-flow chart; prints each path.
"""

from pathlib import Path

import nn
import viz
from autograd import Value, trace
from autograd.examples import neuron

OUT = Path("out")

# the neuron o = tanh(x1*w1 + x2*w2 + b), as in micrograd's lecture
o, _ = neuron()

written = [viz.render(o, OUT / "neuron_forward.svg", show_grad=False)]
o.backward()
print("micrograd's neuron o = tanh(x1*w1 + x2*w2 + b) after o.backward(), print(trace(o)):")
print(trace(o))
print()
written.append(viz.render(o, OUT / "neuron_backward.svg", colour=True, show_local=True))
for suffix in (".svg", ".png"):   # for a 16:9 slide
    written.append(viz.render(o, OUT / f"neuron_slide{suffix}", colour=True, show_local=True,
                              preset="slide"))
written.append(viz.step_through(o, colour=True).save(OUT / "neuron_steps.html"))
written.append(viz.step_through(o, quiz=True).save(OUT / "neuron_quiz.html"))
gate = viz.gate(trace(o)[5].value, root=o)        # %5 = x1 * w1, one op in isolation
for fmt in ("svg", "png"):
    written.append(OUT / f"neuron_gate.{fmt}")
    written[-1].write_bytes(gate.pipe(format=fmt))

# an MLP learns XOR
X, y = nn.data.xor()
model = nn.MLP(2, [4, 1], activation="tanh", seed=1)
history = nn.fit(model, X, y, loss="mse", optimizer=nn.Adam(model.parameters(), lr=0.05),
                 epochs=300, verbose=False)
predictions = [round(p.data, 2) for p in nn.predict(model, X)]
print(f"XOR after {len(history)} epochs: loss {history['train_loss'][-1]:.4f}, "
      f"predictions {predictions} for targets {y.tolist()}")
trained = model([Value(1.0, label="in0"), Value(0.0, label="in1")])
trained.label = "out"
model.zero_grad()  # drop training's last gradients: this diagram shows this backward alone
trained.backward()
written.append(viz.render(trained, OUT / "xor_mlp.svg", group_scopes=True, colour=True))
written.append(viz.flow(history).save(OUT / "xor_gradient_flow.svg"))

print("\nwrote:")
for path in written:
    print(f"  {path}")
