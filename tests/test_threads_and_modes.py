"""Modes per thread (and per asyncio task), and reusable, re-entrant mode objects
(issue 12, items 1 and 16)."""

import asyncio
import math
import threading

import pytest

import autograd
import nn
from autograd import Value, current_scope, detect_anomaly, enable_grad, is_grad_enabled, no_grad
from autograd import scope as scope_

TIMEOUT = 30


def run_beside(hold, work):
    """Run ``work()`` in this thread while another thread sits inside ``with hold:``."""
    inside, done, errors = threading.Event(), threading.Event(), []

    def holder():
        try:
            with hold:
                inside.set()
                done.wait(TIMEOUT)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    t = threading.Thread(target=holder)
    t.start()
    assert inside.wait(TIMEOUT)
    try:
        return work()
    finally:
        done.set()
        t.join(TIMEOUT)
        assert not errors


def test_a_thread_in_no_grad_does_not_stop_another_from_recording():
    def work():
        w = Value(3.0)
        y = w * w
        assert not y.is_leaf and is_grad_enabled()
        y.backward()
        return w.grad
    assert run_beside(no_grad(), work) == 6.0


def test_fit_trains_beside_a_thread_in_no_grad():
    X, y = nn.data.xor()
    model = nn.MLP(2, [4, 1], activation="tanh", seed=1)
    before = [p.data for p in model.parameters()]
    history = run_beside(no_grad(), lambda: nn.fit(
        model, X, y, loss="mse", optimizer=nn.Adam(model.parameters(), lr=0.05), epochs=30,
        verbose=False))
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert [p.data for p in model.parameters()] != before


def test_scope_and_detect_anomaly_in_one_thread_leave_another_alone():
    assert run_beside(scope_("other"), lambda: (Value(1.0) * 2).scope) == ""
    assert math.isnan(run_beside(detect_anomaly(), lambda: (Value(math.inf) * 0).data))


def test_a_new_thread_starts_recording_even_from_inside_no_grad():
    seen = []
    with no_grad():
        t = threading.Thread(target=lambda: seen.append((is_grad_enabled(), current_scope())))
        t.start()
        t.join(TIMEOUT)
    assert seen == [(True, "")]


def test_overlapping_no_grad_blocks_in_two_threads_restore_both():
    """Thread 1 enters, thread 2 enters, thread 1 leaves, thread 2 leaves (one shared
    object, too): afterwards every thread records again."""
    shared = no_grad()
    steps = [threading.Event() for _ in range(4)]
    after = {}

    def one():
        with shared:
            steps[0].set()
            steps[1].wait(TIMEOUT)
            after["one inside"] = is_grad_enabled()
        after["one"] = is_grad_enabled()
        steps[2].set()

    def two():
        steps[0].wait(TIMEOUT)
        with shared:
            steps[1].set()
            steps[2].wait(TIMEOUT)
            after["two inside"] = is_grad_enabled()
        after["two"] = is_grad_enabled()

    threads = [threading.Thread(target=one), threading.Thread(target=two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert after == {"one inside": False, "one": True, "two inside": False, "two": True}
    assert is_grad_enabled() and not (Value(2.0) * 2).is_leaf


def test_asyncio_tasks_each_have_their_own_modes():
    async def main():
        inside = asyncio.Event()
        release = asyncio.Event()

        async def quiet():
            with no_grad():
                inside.set()
                await release.wait()
                return (Value(1.0) * 2).is_leaf

        async def loud():
            await inside.wait()
            y = Value(1.0) * 2
            release.set()
            return y.is_leaf

        return await asyncio.gather(quiet(), loud())

    assert asyncio.run(main()) == [True, False]


# --- item 16: mode objects are reusable and re-entrant ------------------------------------

@pytest.mark.parametrize("make", [no_grad, enable_grad, detect_anomaly])
def test_a_mode_object_can_be_entered_again(make):
    m = make()
    for _ in range(3):
        with m:
            pass
    with m:
        with m:
            pass
    assert is_grad_enabled() and autograd.modes.state().anomaly is False


def test_nested_reuse_of_one_no_grad_restores_each_level():
    m = no_grad()
    with m:
        with enable_grad():
            with m:
                assert not is_grad_enabled()
            assert is_grad_enabled()
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_the_same_scope_entered_twice_nested_leaves_no_scope_behind():
    s = scope_("block")
    with s as outer:
        with s as inner:
            assert (outer, inner, (Value(1.0) * 2).scope) == ("block", "block.block",
                                                               "block.block")
        assert current_scope() == "block"
    assert current_scope() == ""
    with s:
        assert current_scope() == "block"


def test_modes_work_as_decorators():
    @no_grad()
    def f(x):
        return x * 2

    @scope_("layer")
    def g(x):
        return x * 2

    @no_grad
    def h(x):
        return x * 2

    x = Value(1.0)
    assert f(x).is_leaf and h(x).is_leaf and f.__name__ == "f" and h.__name__ == "h"
    assert g(x).scope == "layer" and not g(x).is_leaf
    assert is_grad_enabled() and current_scope() == ""


def test_leaving_a_mode_never_entered_in_this_thread_is_an_error():
    with pytest.raises(RuntimeError, match="without a matching __enter__"):
        no_grad().__exit__(None, None, None)


def test_modes_are_restored_after_an_exception():
    m = scope_("s")
    with pytest.raises(KeyError):
        with no_grad(), m:
            raise KeyError("inside")
    assert is_grad_enabled() and current_scope() == ""


def test_the_first_op_in_a_fresh_context_settles_its_modes():
    """In a context where another ContextVar was set first (as Jupyter and asyncio do),
    reading an unset one searches on every call: the first op sets the modes once."""
    import contextvars
    seen = []

    def fresh():
        contextvars.ContextVar("someone_else").set(1)
        seen.append(autograd.modes.state() is autograd.modes.UNSET)
        y = Value(1.0) * 2
        seen.append((autograd.modes.state() is autograd.modes.UNSET, y.is_leaf))

    contextvars.Context().run(fresh)
    assert seen == [True, (False, False)]


# --- a mode object pushes the same state again when entered from the same place ----------

def test_a_scope_entered_from_different_places_gives_each_its_own_modes():
    """The state a mode object remembers is reused only when entered from the very same
    state: never a stale path or grad mode."""
    s = scope_("b")
    outer = scope_("a")
    seen = []
    for _ in range(2):
        for around in (None, outer, no_grad(), detect_anomaly()):
            if around is None:
                with s as path:
                    seen.append((path, current_scope(), is_grad_enabled(),
                                 autograd.modes.state().anomaly))
            else:
                with around, s as path:
                    seen.append((path, current_scope(), is_grad_enabled(),
                                 autograd.modes.state().anomaly))
    expected = [("b", "b", True, False), ("a.b", "a.b", True, False),
                ("b", "b", False, False), ("b", "b", True, True)]
    assert seen == expected * 2
    assert (current_scope(), is_grad_enabled()) == ("", True)


def test_one_scope_shared_by_threads_entered_from_different_places():
    s, errors = scope_("shared"), []
    barrier = threading.Barrier(2, timeout=TIMEOUT)

    def worker(outer):
        try:
            for _ in range(200):
                barrier.wait()
                if outer is None:
                    with s:
                        got = ((Value(1.0) * 2).scope, is_grad_enabled())
                    want = ("shared", True)
                else:
                    with scope_(outer), no_grad(), s:
                        got = ((Value(1.0) * 2).scope, is_grad_enabled())
                    want = (f"{outer}.shared", False)
                if got != want:
                    errors.append((got, want))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(o,)) for o in (None, "outer")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert errors == []


def test_a_module_enters_one_scope_object_on_every_call():
    """nn makes a module's scope once (scope objects are reusable): two calls run in the
    very same state; renaming the module's scope takes effect at its next call."""
    seen = []

    class Probe(nn.Module):
        def forward(self, x):
            seen.append(autograd.modes.state())
            return x * 2

    p = Probe()
    assert p(Value(1.0)).scope == "probe" and p(Value(1.0)).scope == "probe"
    assert seen[0] is seen[1]
    p.scope_name = "renamed"
    assert p(Value(1.0)).scope == "renamed"
    with no_grad():
        y = p(Value(1.0))
    assert y.is_leaf and y.scope == "renamed" and not p(Value(1.0)).is_leaf
    model = nn.MLP(2, [2, 1], seed=0)
    for _ in range(2):
        groups = autograd.trace(model([1.0, -1.0])).by_scope()
        assert {"mlp.layer0.neuron0", "mlp.layer0.neuron1", "mlp.layer1.neuron0"} <= set(groups)


def test_copies_of_a_module_and_of_mode_objects_are_fresh_and_work():
    import copy
    import pickle
    model = nn.MLP(2, [2, 1], seed=0)
    model([1.0, 2.0])                                  # its scopes are made and entered
    twin = copy.deepcopy(model)
    assert twin([1.0, 2.0]).data == model([1.0, 2.0]).data
    assert set(autograd.trace(twin([1.0, 2.0])).by_scope()) == \
        set(autograd.trace(model([1.0, 2.0])).by_scope())
    for m in (scope_("s"), no_grad(), enable_grad(), detect_anomaly()):
        for twin in (copy.copy(m), copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
            assert type(twin) is type(m) and twin is not m and repr(twin) == repr(m)
            with m, twin:
                pass
    with scope_("s"):
        pass
    assert (current_scope(), is_grad_enabled()) == ("", True)


def test_mode_objects_leave_no_reference_cycles():
    """A mode object remembers the state it pushed; the state names it by a key, not by
    the object, so a dropped mode object (or module) is freed by reference counting."""
    import gc

    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for make in (no_grad, enable_grad, detect_anomaly, lambda: scope_("s")):
            m = make()
            with m:
                with m:
                    pass
            with m:
                pass
            del m
        with no_grad(), scope_("a"), detect_anomaly():
            pass
        model = nn.MLP(2, [2, 1], seed=0)
        model([1.0, 2.0])
        del model
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()
