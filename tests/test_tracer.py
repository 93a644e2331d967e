"""The tracer: Graph structure, listing, tape replay, stepping, JSON, scopes, scale."""

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import inputs, programs, run

import autograd
from autograd import Graph, GraphFormatError, Value, scope, trace, trace_fn
from autograd.examples import neuron  # noqa: E402


def test_nodes_are_topological_inputs_first_with_stable_ids():
    o, leaves = neuron()
    g = trace(o)
    assert len(g) == 5 + 5          # 5 leaves, 2 mul, 2 add, 1 tanh
    assert [n.id for n in g] == list(range(len(g)))
    assert {n.value for n in g.inputs} == set(leaves)
    assert all(n.op is None for n in g.inputs) and g.outputs[0].value is o
    for n in g:
        assert all(p < n.id for p in n.parents)
    assert g.depth == 4                  # mul, add, add, tanh
    assert g.op_counts == {"mul": 2, "add": 2, "tanh": 1}
    assert [n.id for n in trace(o)] == [n.id for n in g]  # stable
    assert g.node_of(o) is g.outputs[0]


def test_listing_lines_and_summary():
    o, _ = neuron()
    o.backward()
    text = str(trace(o))
    last_node_line = text.splitlines()[-2]
    assert "%8 = add(%7, %4)" in text and text.splitlines()[-3].endswith("[n]")
    assert last_node_line.startswith("%9 = tanh(%8)")
    assert "data=0.7071" in last_node_line and "grad=1.0000" in last_node_line
    assert last_node_line.endswith("[o]")
    assert "%5 = mul(%0, %1)" in text and "%8 = add(%7, %4)" in text
    assert text.splitlines()[-1] == \
        "# 10 nodes (5 inputs, 1 output), depth 4; ops: add 2, mul 2, tanh 1"


def test_constants_appear_inline_in_the_listing():
    x = Value(1.0, label="x")
    text = str(trace(2 - x * 3))
    assert "%1 = mul(%0, 3.0)" in text and "%2 = sub(2.0, %1)" in text


def test_a_big_graph_prints_head_tail_and_summary_only():
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0
    lines = trace(y).listing(head=30, tail=10).splitlines()
    assert len(lines) == 30 + 1 + 10 + 1
    assert lines[30] == "... 4,961 more nodes ..."
    assert lines[-1] == "# 5,001 nodes (1 input, 1 output), depth 5,000; ops: mul 5000"


def test_several_roots_and_a_leaf_root():
    x = Value(3.0, label="x")
    a, b = x * 2, x * x
    g = trace(a, b)
    assert [n.value for n in g.outputs] == [a, b] and len(g) == 3
    assert len(trace([a, b])) == 3
    assert len(trace(x)) == 1 and g.inputs[0].label == "x"
    with pytest.raises(TypeError):
        trace(3.0)
    with pytest.raises(TypeError):
        trace()


def test_trace_fn_names_inputs_after_parameters_and_replays():
    def f(x, y):
        return (x * y + x.exp()).tanh()

    g = trace_fn(f, 0.3, -1.0)
    assert [n.label for n in g.inputs] == ["x", "y"]
    assert g.forward(x=0.5, y=2.0) == f(Value(0.5), Value(2.0)).data
    assert g.forward(0.7, 0.1) == f(Value(0.7), Value(0.1)).data
    g.zero_grad()
    g.backward()
    x, y = Value(0.7), Value(0.1)
    f(x, y).backward()
    assert (g.inputs[0].grad, g.inputs[1].grad) == (x.grad, y.grad)


def test_forward_errors():
    g = trace_fn(lambda x: x.log(), 2.0)
    with pytest.raises(KeyError, match="'z'"):
        g.forward(z=1.0)
    with pytest.raises(TypeError, match="expected a number"):
        g.forward(x="1")
    with pytest.raises(TypeError, match="2 values for 1 inputs"):
        g.forward(1.0, 2.0)
    with pytest.raises(autograd.DomainError, match=r"log\(-1.0\)"):
        g.forward(x=-1.0)
    with pytest.raises(TypeError, match="returned float"):
        trace_fn(lambda x: 1.0, 2.0)


@settings(max_examples=80, deadline=None)
@given(programs, inputs, st.lists(st.floats(-2.0, 2.0), min_size=4, max_size=4))
def test_replay_gives_exactly_what_rebuilding_gives(program, xs, new):
    g = trace_fn(lambda *vs: run(program, list(vs)), *xs)
    replayed = g.forward(*new[:len(xs)])
    g.zero_grad()
    g.backward()
    fresh = [Value(x) for x in new[:len(xs)]]
    rebuilt = run(program, fresh)
    rebuilt.backward()
    assert replayed == rebuilt.data or (math.isnan(replayed) and math.isnan(rebuilt.data))
    assert [n.grad for n in g.inputs] == [v.grad for v in fresh]


def test_forward_steps_one_per_node():
    o, _ = neuron()
    g = trace(o)
    steps = list(g.forward_steps())
    assert [s.node for s in steps] == g.nodes
    tanh_step = steps[-1]
    assert tanh_step.op.name == "tanh" and tanh_step.output == o.data
    assert tanh_step.inputs == (g[8].data,)
    mul = steps[5]
    assert mul.inputs == (2.0, -3.0) and mul.output == -6.0


def test_backward_steps_spell_out_the_chain_rule():
    o, (x1, x2, w1, w2, b) = neuron()
    g = trace(o)
    steps = list(g.backward_steps())
    first = steps[0]
    assert first.node.value is o and first.upstream == 1.0
    assert first.local == pytest.approx(1 - o.data ** 2)
    assert first.contribution == first.upstream * first.local
    assert len(steps) == sum(len(n.parents) for n in g)  # one per edge
    assert all(s.parent_grad == pytest.approx(s.contribution) for s in steps
               if s.parent.op is None)  # each leaf is used once here
    assert x1.grad == 0.0  # stepping changes no grad


@settings(max_examples=80, deadline=None)
@given(programs, inputs)
def test_summing_backward_step_contributions_is_exactly_backward(program, xs):
    leaves = [Value(x) for x in xs]
    out = run(program, leaves)
    g = trace(out)
    totals = {}
    for s in g.backward_steps():
        totals[s.parent.id] = totals.get(s.parent.id, 0.0) + s.contribution
        assert s.parent_grad == totals[s.parent.id]
    out.backward()
    for n in g.inputs:
        assert totals.get(n.id, 0.0) == n.grad


def test_json_round_trip_rebuilds_an_equivalent_graph():
    o, _ = neuron()
    with scope("layer"):
        o2 = o * 2 + autograd.sum([o, 1.0]) + autograd.dot([o], [3.0])
    o2.backward()
    g = trace(o2)
    text = g.to_json()
    h = Graph.from_json(text)
    assert h.to_dict() == g.to_dict() == json.loads(text)
    assert str(h) == str(g)
    assert all(a.value is not b.value for a, b in zip(g, h))
    assert h.forward() == g.forward()
    h.zero_grad()
    g.zero_grad()
    h.backward()
    g.backward()
    assert [n.grad for n in h] == [n.grad for n in g]
    assert h.nodes[-1].scope == "layer"


@pytest.mark.parametrize("broken, message", [
    ("{not json", "not JSON: Expecting property name"),
    ("[]", "format"),
    ('{"format": "tracegrad.graph", "version": 99}', "unsupported version 99"),
    ('{"format": "tracegrad.graph", "version": 1, "nodes": {}}', "must be lists"),
])
def test_malformed_json_raises_a_clear_error(broken, message):
    with pytest.raises(GraphFormatError, match=message):
        Graph.from_json(broken)


def _valid():
    return trace_fn(lambda x, y: (x * y).tanh(), 1.0, 2.0).to_dict()


@pytest.mark.parametrize("corrupt, message", [
    (lambda d: d["nodes"][2].update(op="frobnicate"), "node 2: unknown op 'frobnicate'"),
    (lambda d: d["nodes"][2].update(args=[0, 7]), "node 2: argument 7"),
    (lambda d: d["nodes"][2].update(args=[0]), "node 2: 'args' and 'local'"),
    (lambda d: d["nodes"][3].update(local=["x"]), "node 3: 'local' must be a number, got 'x'"),
    (lambda d: d["nodes"][1].update(data="big"), "node 1: 'data' must be a number, got 'big'"),
    (lambda d: d["nodes"][1].update(id=5), "node 1: expected a dict with id 1"),
    (lambda d: d.update(outputs=[9]), "'outputs' must be node ids"),
    (lambda d: d.update(inputs=[0]), "every leaf must be listed"),
])
def test_corrupt_graph_dicts_name_the_problem(corrupt, message):
    data = _valid()
    corrupt(data)
    with pytest.raises(GraphFormatError, match=message.replace("(", r"\(")):
        Graph.from_dict(data)


def test_scopes_nest_and_group_nodes():
    x = Value(1.0, label="x")
    with scope("mlp"):
        with scope("layer1"):
            h = x * 2
            assert autograd.current_scope() == "mlp.layer1"
        y = h + 1
    z = y.tanh()
    assert (x.scope, h.scope, y.scope, z.scope) == ("", "mlp.layer1", "mlp", "")
    groups = trace(z).by_scope()
    assert [n.value for n in groups["mlp.layer1"]] == [h]
    assert [n.value for n in groups["mlp"]] == [y]
    assert [n.value for n in groups[""]] == [x, z]
    with pytest.raises(ValueError, match="without dots"):
        with scope("a.b"):
            pass
    assert autograd.current_scope() == ""


def test_tracing_a_million_nodes():
    x = Value(0.5)
    y = x
    for _ in range(1_000_000 - 1):
        y = y + 1.0
    g = trace(y)
    assert len(g) == 1_000_000 and g.depth == 999_999
    assert g.nodes[-1].value is y and g.inputs[0].value is x


# --- issue 12, item 9: a failed forward leaves the tape as it was ---------------------------

def _log_tape():
    def f(x, y):
        h = (x * y + 1).log()
        h.label = "h"
        return h * y
    return trace_fn(f, 2.0, 3.0)


def _snapshot(g):
    return [(n.data, n.grad, n.local_grads) for n in g]


def test_a_forward_that_fails_partway_changes_nothing_and_names_the_node():
    g = _log_tape()
    g.backward()
    before = _snapshot(g)
    x, y = g.inputs
    # analytic: d/dx log(xy+1)*y = y^2/(xy+1), d/dy = log(xy+1) + xy/(xy+1)
    assert x.grad == pytest.approx(9 / 7) and y.grad == pytest.approx(math.log(7) + 6 / 7)
    log_node = next(n for n in g if n.op is not None and n.op.name == "log")
    # the nodes before the log (mul, add) would succeed at x=-1; the log fails on -2
    with pytest.raises(autograd.DomainError,
                       match=rf"node %{log_node.id} \('h'\) = log\(-2.0\).*tape is unchanged"):
        g.forward(x=-1.0, y=3.0)
    assert _snapshot(g) == before
    g.zero_grad()
    g.backward()
    assert (x.grad, y.grad) == (before[0][1], before[1][1])    # the old gradients, exactly


@pytest.mark.parametrize("call, error", [
    (lambda g: g.forward(5.0, "a"), TypeError),        # the first input would be valid
    (lambda g: g.forward(5.0, z=1.0), KeyError),       # an unknown label after a good value
    (lambda g: g.forward(y=2.0, x=[1.0]), TypeError),
])
def test_a_forward_with_a_bad_input_changes_no_input(call, error):
    g = _log_tape()
    before = _snapshot(g)
    with pytest.raises(error):
        call(g)
    assert _snapshot(g) == before


# --- issue 12, item 11: malformed graph files raise GraphFormatError naming the node ---------

def _valid_json(**replace):
    """_valid()'s JSON with node 1 ('y') fields replaced by raw JSON text."""
    text = json.dumps(_valid())
    node1 = json.dumps(_valid()["nodes"][1])
    assert node1 in text
    fields = dict(json.loads(node1))
    raw = ", ".join(f'"{k}": {replace[k] if k in replace else json.dumps(v)}'
                    for k, v in fields.items())
    return text.replace(node1, "{" + raw + "}")


@pytest.mark.parametrize("text, message", [
    (_valid_json(label="[" * 100_000 + "]" * 100_000), "node 1: nested too deeply"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    (_valid_json(data="1e400"), "node 1: 'data' must be a number, got <number 1e400, too large"),
    (_valid_json(data="-" + "9" * 5000), "node 1: 'data' must be a number, got <number -9"),
    (_valid_json(grad="1" + "0" * 400), "node 1: 'grad' must be a number, got <number 1"),
    (_valid_json(grad='"0.5"'), "node 1: 'grad' must be a number, got '0.5'"),
    (_valid_json(grad="true"), "node 1: 'grad' must be a number, got True"),
    (_valid_json(label="{[}"), "node 1: not JSON"),
])
def test_hostile_json_raises_a_graph_format_error_naming_the_node(text, message):
    with pytest.raises(GraphFormatError, match=re.escape(message)):
        Graph.from_json(text)


def test_invalid_utf8_bytes_name_the_node_and_valid_bytes_load():
    text = json.dumps(_valid())
    assert len(Graph.from_json(text.encode())) == 4
    broken = text.encode().replace(b'"label": "y"', b'"label": "y\xff\xfe"')
    with pytest.raises(GraphFormatError, match="node 1: not UTF-8 text: byte .* is 0xff"):
        Graph.from_json(broken)
    with pytest.raises(GraphFormatError, match="expected JSON text"):
        Graph.from_json(12)


def _deep_list(depth):
    inner = []
    for _ in range(depth):
        inner = [inner]
    return inner


@pytest.mark.parametrize("corrupt, message", [
    (lambda d: d["nodes"][2].update(op=["mul"]), "node 2: unknown op ['mul']"),
    (lambda d: d["nodes"][2].update(op={"name": "mul"}), "node 2: unknown op"),
    (lambda d: d["nodes"][1].update(data=10 ** 400), "node 1: 'data' must be a number"),
    (lambda d: d["nodes"][3].update(local=[10 ** 400]), "node 3: 'local' must be a number"),
    (lambda d: d["nodes"][2].update(args=[0, {"const": 10 ** 400}]),
     "node 2: a constant argument must be a number"),
    (lambda d: d["nodes"][2].update(args=[0, _deep_list(100_000)]),
     "node 2: argument [[[[[[[...]]]]]]] is neither"),
    (lambda d: d["nodes"][1].update(label=_deep_list(100_000)), "node 1: 'label' must be a str"),
    (lambda d: d["nodes"][2].update(op="sum", args=[], local=[]),
     "node 2: sum takes at least 1 arguments, got 0"),
    (lambda d: d["nodes"][2].update(op="dot", args=[0, 1, {"const": 2.0}], local=[1, 1, 1]),
     "node 2: dot takes an even number of (at least 2) arguments, got 3"),
    (lambda d: d["nodes"][2].update(op="dot", args=[], local=[]), "node 2: dot takes an even"),
    (lambda d: d["nodes"][1].update(grad="0.5"), "node 1: 'grad' must be a number, got '0.5'"),
    (lambda d: d["nodes"][1].update(scope=5), "node 1: 'scope' must be a dotted path"),
    (lambda d: d["nodes"][1].update(scope="mlp..layer0"), "node 1: 'scope' must be a dotted"),
    (lambda d: d["nodes"][1].update(scope=".mlp"), "node 1: 'scope' must be a dotted path"),
    (lambda d: d["nodes"][1].update(scope=["mlp"]), "node 1: 'scope' must be a dotted path"),
    (lambda d: d["nodes"][1].update(id=True), "node 1: expected a dict with id 1"),
    (lambda d: d.update(outputs=[True]), "'outputs' must be node ids, got [True]"),
    (lambda d: d.update(outputs=[3.0]), "'outputs' must be node ids"),
    (lambda d: d.update(inputs=[False, True]), "'inputs' must be the ids"),
    (lambda d: d.update(version=True), "unsupported version True"),
])
def test_graph_dicts_that_used_to_load_or_crash_are_refused(corrupt, message):
    data = _valid()
    corrupt(data)
    with pytest.raises(GraphFormatError, match=re.escape(message)):
        Graph.from_dict(data)


def test_a_valid_dotted_scope_and_sum_and_dot_still_load():
    x = Value(1.0, label="x")
    with scope("mlp"), scope("layer0"):
        y = autograd.sum([x]) + autograd.dot([x, x], [2.0, 3.0])
    h = Graph.from_json(trace(y).to_json())
    assert h.nodes[-1].scope == "mlp.layer0" and h.forward() == y.data == 6.0


# --- issue 19: a listing a student can read, in a terminal and in a notebook -----------------

def test_long_argument_lists_are_elided_with_a_count():
    xs = [Value(float(i)) for i in range(7)]
    text = str(trace(autograd.sum(xs[:6]), autograd.sum(xs + [2.5])))
    assert " = sum(%0, %1, %2, %3, %4, %5)  " in text          # six: all shown
    assert " = sum(%0, %1, %2, …, 2.5; 8 args)  " in text       # eight: first three, last


def test_printing_the_loss_of_an_mlp_on_100_points_keeps_lines_short():
    import nn
    X, y = nn.data.moons(100, noise=0.1, seed=1)
    model = nn.MLP(2, [16, 16, 1], seed=1)
    loss = nn.mse([model(list(x)) for x in X], list(y))
    loss.label = "a label far longer than anything a listing should spell out in full"
    lines = str(trace(loss)).splitlines()
    assert max(map(len, lines[:-1])) <= 100, max(lines[:-1], key=len)   # was about 745
    assert lines[-1].startswith("# 10,339 nodes (337 inputs, 1 output)")  # the summary
    assert any(" = sum(%" in line and "; 100 args)  data=" in line for line in lines)
    assert lines[-2].endswith("[a label far longer than anythin…]")
    # short expressions stay aligned in one column
    assert len({line.index("data=") for line in lines if " = input " in line}) == 1


def test_big_numbers_keep_the_listing_narrow():
    x = Value(1e300, label="x")
    lines = str(trace(x * 2.0)).splitlines()
    assert "data=1.0000e+300  grad=0.0000  [x]" in lines[0]
    assert "data=2.0000e+300" in lines[1] and "data=inf" in str(trace(x * 1e10))
    assert "data=999999.0000" in str(trace(Value(999999.0)))


def test_a_graph_at_the_end_of_a_notebook_cell_shows_its_listing():
    x = Value(2.0, label="<script>alert(1)</script>")
    with scope("a&b"):
        o = (x * 3).tanh()
    o.label = 'say "hi"'
    g = trace(o)
    page = g._repr_html_()
    assert page.startswith('<div class="tracegrad-graph"') and page.count("<tr>") == 1 + 3
    # the summary is a one-line paragraph above the table, not a caption wrapped to its width
    summary = re.search(r'<p style="white-space:nowrap[^"]*">([^<]*)</p><table>', page)
    assert summary and summary.group(1).startswith("3 nodes") and "<caption" not in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a&amp;b" in page and "say &quot;hi&quot;" in page
    assert "mul(%0, 3.0)" in page and "3 nodes (1 input, 1 output)" in page

    formatter = pytest.importorskip("IPython.core.formatters")   # what Jupyter calls
    shown, _ = formatter.DisplayFormatter().format(g)
    assert shown["text/html"] == page and shown["text/plain"] == str(g)
    assert repr(g) == "<Graph 3 nodes (1 input, 1 output), depth 2; ops: mul 1, tanh 1>"


def test_a_big_graph_in_a_notebook_shows_head_and_tail():
    y = Value(0.5)
    for _ in range(100):
        y = y * 1.0
    page = trace(y)._repr_html_()
    assert page.count("<tr>") == 1 + 30 + 1 + 10 and "… 61 more nodes …" in page



def test_the_listing_names_shared_labels_by_scope_as_the_diagrams_do():
    import nn
    viz = pytest.importorskip("viz")
    model = nn.MLP(2, [2, 1], seed=0)
    g = trace(model([1.0, 2.0]))
    labels = re.findall(r"\[(\S+)\]$", str(g), flags=re.M)
    assert labels[:4] == ["layer0.neuron0.w0", "layer0.neuron0.w1", "layer0.neuron0.b",
                          "layer0.neuron1.w0"]
    assert len(labels) == len(set(labels)) == 9
    named = viz.palette.names(g)                 # one naming for listings and diagrams
    assert labels == [named[n.id] for n in g if n.label]
    assert all(f">{name}</td>" in g._repr_html_() for name in labels)   # and the table
    x = Value(1.0, label="x")
    assert str(trace(x * 2)).splitlines()[0].endswith("[x]")   # a unique label stays as it is

# --- tape replay sorts a rule's result out as the forward pass does -------------------------

def _custom_op(name, rule, arity=1):
    """An op made by the engine's own factories, for a rule that misbehaves on replay."""
    from autograd.ops import Op
    from autograd.value import _FACTORY
    return _FACTORY[arity](Op(name, name, arity, rule, "a test's rule"))


def _tape_through(op_function, arity=1):
    """x -> 2x -> op (labelled 's') -> +1, traced at x = 1 (where the rule is well-behaved)."""
    def f(x):
        h = x * 2.0
        s = op_function(h) if arity == 1 else op_function(h, 3.0)
        s.label = "s"
        return s + 1.0
    return trace_fn(f, 1.0)


@pytest.mark.parametrize("bad, arity, shown", [
    (lambda a: a * a, 1, "got 144.0"),                            # a bare number
    (lambda a: (a * a, (2 * a, 0.0)), 1, "got (144.0, (24.0, 0.0))"),  # one derivative too many
    (lambda a: (a * 3, 1.0), 2, "got (36.0, 1.0)"),                   # derivatives not a tuple
])
def test_a_replayed_rule_with_the_wrong_shape_is_a_type_error_and_changes_nothing(bad, arity,
                                                                                  shown):
    # well-shaped below 10 (where the tape was recorded), malformed from 10 on
    if arity == 1:
        def rule(F, a):
            return (a * a, (2 * a,)) if a < 10 else bad(a)
    else:
        def rule(F, a, b):
            return (a * b, (b, a)) if a < 10 else bad(a)
    g = _tape_through(_custom_op("shaky", rule, arity), arity)
    g.backward()
    before = _snapshot(g)
    with pytest.raises(TypeError) as info:
        g.forward(6.0)                 # 2x = 12: the rule's result is malformed
    message = str(info.value)
    assert not isinstance(info.value, autograd.DomainError)
    s = next(n for n in g if n.label == "s")
    for part in (f"node %{s.id} ('s')", "op 'shaky'", "(value, tuple of", shown,
                 "tape is unchanged"):
        assert part in message
    assert _snapshot(g) == before
    assert g.forward(2.0) == (4.0 * 4.0 if arity == 1 else 4.0 * 3.0) + 1.0   # still replays


def test_a_replayed_rule_whose_math_fails_is_a_domain_error_naming_op_values_and_node():
    shaky = _custom_op("reciprocal", lambda F, a: (1.0 / a, (-1.0 / (a * a),)))
    g = _tape_through(shaky)
    before = _snapshot(g)
    s = next(n for n in g if n.label == "s")
    with pytest.raises(autograd.DomainError,
                       match=rf"node %{s.id} \('s'\) = reciprocal\(0.0\).*tape is unchanged"):
        g.forward(0.0)                 # 1/0: ZeroDivisionError from the math
    assert _snapshot(g) == before
    g = trace_fn(lambda x: x ** 0.5, 4.0)
    with pytest.raises(autograd.DomainError, match=r"node %1 = pow\(-4.0, 0.5\)"):
        g.forward(-4.0)


def _same(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


@pytest.mark.parametrize("f, x, value", [
    (lambda x: x ** 2, 1e200, math.inf),              # pow overflow: IEEE inf
    (lambda x: 2.0 ** x, 2000.0, math.inf),
    (lambda x: x.exp(), 1000.0, math.inf),
    (lambda x: x * 10.0, 1e308, math.inf),
    (lambda x: x.sin(), math.inf, math.nan),          # sin(inf): IEEE NaN, not an error
    (lambda x: x ** 3, math.nan, math.nan),
])
def test_replay_at_ieee_edges_gives_what_the_forward_pass_gives(f, x, value):
    g = trace_fn(f, 1.5)
    replayed = g.forward(x)
    rebuilt = f(Value(x))
    assert _same(replayed, value) and _same(rebuilt.data, value)
    assert all(map(_same, g.nodes[-1].local_grads, rebuilt.local_grads))
