"""Issue 12 leftovers: pickling models, optimizer state and schedule checks, bce's
log(1 - p) digits, UTF-8 only graph files, overflow in a registered rule."""

import math
import pickle

import pytest

import autograd
import nn
from autograd import Graph, GraphFormatError, Value, trace

# --- models pickle (for multiprocessing; model files stay JSON/npz) -----------------------


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "elu", "sigmoid", "tanh",
                                        "linear"])
def test_models_pickle_and_compute_the_same(activation):
    model = nn.MLP(2, [3, 1], activation=activation, output_activation=activation, seed=0)
    copy = pickle.loads(pickle.dumps(model))
    assert [p.data for p in copy.parameters()] == [p.data for p in model.parameters()]
    x = [0.3, -0.7]
    assert copy(x).data == model(x).data
    assert copy is not model and copy.parameters()[0] is not model.parameters()[0]


def test_a_pickled_neuron_finds_its_activation_by_name():
    neuron = nn.Neuron(2, "tanh", seed=0)
    data = pickle.dumps(neuron)
    assert b"_act" not in data and b"tanh" in data           # by name, not the function
    copy = pickle.loads(data)
    assert copy.activation == "tanh" and copy([0.5, -1.0]).data == neuron([0.5, -1.0]).data
    copy.nonlin = False                                   # still switchable, as micrograd's
    assert copy([0.5, -1.0]).data == pytest.approx(math.atanh(neuron([0.5, -1.0]).data))


# --- optimizer state and schedules --------------------------------------------------------

def _trained_adam(cls=nn.Adam):
    w = Value(1.0)
    opt = cls([w], lr=0.1)
    (w * w).backward()
    opt.step()
    return w, opt


@pytest.mark.parametrize("cls, buffer", [(nn.Adam, "exp_avg_sq"), (nn.AdamW, "exp_avg_sq"),
                                         (nn.RMSProp, "square_avg")])
def test_a_negative_second_moment_is_refused_at_load(cls, buffer):
    w, opt = _trained_adam(cls)
    before = opt.state_dict()
    state = opt.state_dict()
    state["state"][buffer] = [-1e-3]
    with pytest.raises(ValueError, match=f"{cls.__name__}.*{buffer}.*-0.001.*never negative"):
        opt.load_state_dict(state)
    assert opt.state_dict() == before
    opt.step()                                    # still works: no math domain error
    assert math.isfinite(w.data)


def test_a_negative_first_moment_is_fine():
    w, opt = _trained_adam()
    state = opt.state_dict()
    state["state"]["exp_avg"] = [-0.5]
    opt.load_state_dict(state)
    assert opt.state["exp_avg"] == [-0.5]


@pytest.mark.parametrize("bad", [-1, math.nan, "0.1", math.inf, None, True])
def test_a_schedule_returning_a_bad_rate_is_a_clear_error_at_step(bad):
    w = Value(1.0)
    opt = nn.SGD([w], lr=lambda t: bad)
    (w * w).backward()
    with pytest.raises(ValueError, match=r"SGD: the learning-rate schedule gave .* at step 0"):
        opt.step()
    assert w.data == 1.0 and opt.steps == 0 and w.grad == 2.0


def test_schedules_may_reach_zero_and_numpy_numbers_are_numbers():
    np = pytest.importorskip("numpy")
    w = Value(1.0)
    opt = nn.SGD([w], lr=lambda t: np.float64(0.5) if t == 0 else 0)
    (w * w).backward()
    opt.step()
    opt.step()
    assert w.data == 0.0 and opt.steps == 2          # 1 - 0.5 * 2, then lr 0


# --- bce keeps the digits of log(1 - p) ----------------------------------------------------

def test_bce_at_a_tiny_probability_keeps_its_digits():
    p = Value(1e-9)
    loss = nn.bce([p], [0])
    loss.backward()
    assert loss.data == pytest.approx(-math.log1p(-1e-9), rel=1e-15, abs=0)  # 1.0000000005e-9
    assert p.grad == pytest.approx(1 / (1 - 1e-9), rel=1e-15)
    h = 1e-12
    numeric = (nn.bce([Value(1e-9 + h)], [0]).data - nn.bce([Value(1e-9 - h)], [0]).data) / (2 * h)
    assert numeric == pytest.approx(p.grad, rel=1e-5)


def test_bce_stays_twice_differentiable():
    # d²/dp² of -log(1 - p) is 1 / (1 - p)^2
    assert autograd.grad(autograd.grad(lambda p: nn.bce([p], [0])))(0.25) \
        == pytest.approx(1 / 0.75 ** 2, rel=1e-14)


def test_bce_matches_pytorch_at_tiny_and_ordinary_probabilities():
    torch = pytest.importorskip("torch", reason="PyTorch parity needs torch: make test TORCH=1 "
                                "installs it")
    for x, t in [(1e-9, 0.0), (1e-5, 0.0), (0.3, 0.0), (0.3, 0.4), (1 - 1e-9, 1.0), (0.9, 1.0)]:
        p = Value(x)
        loss = nn.bce([p], [t])
        loss.backward()
        tp = torch.tensor([x], dtype=torch.float64, requires_grad=True)
        tl = torch.nn.functional.binary_cross_entropy(tp, torch.tensor([t], dtype=torch.float64))
        tl.backward()
        assert loss.data == pytest.approx(tl.item(), rel=1e-14, abs=0), (x, t)
        assert p.grad == pytest.approx(tp.grad.item(), rel=1e-12, abs=0), (x, t)


# --- graph files are UTF-8 -----------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_graph_files_that_are_not_utf8_are_refused(encoding):
    text = trace(Value(1.0, label="x") * 2).to_json()
    with pytest.raises(GraphFormatError, match=f"not UTF-8 text.*{encoding[:6].upper()}"):
        Graph.from_json(text.encode(encoding))


def test_utf8_graph_files_load_with_or_without_a_byte_order_mark():
    text = trace(Value(1.0, label="é") * 2).to_json()
    for data in (text.encode("utf-8"), text.encode("utf-8-sig")):
        g = Graph.from_json(data)
        assert g.inputs[0].label == "é" and g.outputs[0].data == 2.0


# --- overflow inside a registered rule ------------------------------------------------------

@pytest.fixture
def raw_exp():
    @autograd.register_op("raw_exp")
    def raw_exp(F, a):
        e = math.exp(a)                     # raises OverflowError where F.exp gives inf
        return e, (e,)
    yield autograd.apply["raw_exp"]
    autograd.unregister_op("raw_exp")


def test_overflow_in_a_registered_rule_says_overflow_not_no_real_result(raw_exp):
    with pytest.raises(OverflowError, match=r"raw_exp\(1000.0 \(node 'z'\)\): overflow.*F\.exp") \
            as err:
        raw_exp(Value(1000.0, label="z"))
    assert not isinstance(err.value, autograd.DomainError)
    assert "no real result" not in str(err.value)
    assert raw_exp(Value(1.0)).data == math.e


def test_overflow_in_a_registered_rule_on_the_tape_names_the_node(raw_exp):
    x = Value(1.0, label="x")
    g = trace(raw_exp(x))
    with pytest.raises(OverflowError, match=r"forward: node %1 = raw_exp\(1000.0\): "
                                            r"overflow.*tape is unchanged"):
        g.forward(1000.0)
    assert g.outputs[0].data == math.e and g.inputs[0].data == 1.0


def test_the_same_rule_with_f_exp_gives_inf_as_built_in_ops():
    @autograd.register_op("f_exp")
    def f_exp(F, a):
        e = F.exp(a)
        return e, (e,)
    try:
        assert autograd.apply["f_exp"](Value(1000.0)).data == math.inf
        assert Value(1000.0).exp().data == math.inf
    finally:
        autograd.unregister_op("f_exp")
