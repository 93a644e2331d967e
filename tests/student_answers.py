"""Plausible student answers to every exercise: right ones written in other styles (they
must pass) and wrong ones (they must fail, with the feedback given here).

``ANSWERS[folder]`` is a list of ``(name, feedback, source)``: ``feedback`` is None for a
right answer, else a piece of text the failure must show.
"""

from textwrap import dedent

MUL = {
    "right_plain": (None, """
        def mul(F, a, b):
            return a * b, (b, a)
    """),
    "right_numpy": (None, """
        import numpy as np

        def mul(F, a, b):
            return np.multiply(a, b), np.array([b, a])
    """),
    "right_lists": (None, """
        def mul(F, a, b):
            out = a * b
            return [out, [b, a]]
    """),
    "wrong_swapped": ("d out/da, the local derivative of your mul with respect to a, is wrong", """
        def mul(F, a, b):
            return a * b, (a, b)
    """),
    "wrong_add_consistent": ("the value of your mul is wrong", """
        def mul(F, a, b):
            return a + b, (1.0, 1.0)
    """),
    "wrong_three_values": ("your mul returned 3 values where 2 were expected", """
        def mul(F, a, b):
            out = a * b
            return out, b, a
    """),
    "wrong_no_tuple": ("your mul returned a float where a tuple of 2 derivatives was expected", """
        def mul(F, a, b):
            out = a * b
            return out, b
    """),
    "wrong_no_return": ("your mul returned None where a tuple (value, derivatives) was expected",
                        """
        def mul(F, a, b):
            out = a * b
            local = (b, a)
    """),
    "wrong_one_derivative": ("your mul returned 1 derivative where 2 derivatives", """
        def mul(F, a, b):
            return a * b, (b,)
    """),
}

TANH = {
    "right_plain": (None, """
        def tanh(F, a):
            out = F.tanh(a)
            return out, (1 - out ** 2,)
    """),
    "right_exp": (None, """
        import math

        def tanh(F, a):
            e, f = math.exp(a), math.exp(-a)
            out = (e - f) / (e + f)
            return out, (1.0 - out * out,)
    """),
    "right_cosh": (None, """
        import math

        def tanh(F, a):
            return math.sinh(a) / math.cosh(a), (1.0 / math.cosh(a) ** 2,)
    """),
    "right_numpy": (None, """
        import numpy as np

        def tanh(F, a):
            out = np.tanh(a)
            return out, (1.0 - np.square(out),)
    """),
    "wrong_one_minus_out": ("d out/da, the local derivative of your tanh", """
        def tanh(F, a):
            out = F.tanh(a)
            return out, (1.0 - out,)
    """),
    "wrong_one_minus_a_squared": ("yours", """
        def tanh(F, a):
            out = F.tanh(a)
            return out, (1.0 - a * a,)
    """),
    "wrong_no_tuple": ("your tanh returned a float where a tuple of 1 derivative was expected",
                       """
        def tanh(F, a):
            out = F.tanh(a)
            return out, 1 - out * out
    """),
    "wrong_value_and_derivative_swapped": ("the value of your tanh is wrong", """
        def tanh(F, a):
            out = F.tanh(a)
            return 1 - out * out, (out,)
    """),
    "wrong_sigmoid_rule": ("expected", """
        def tanh(F, a):
            out = F.tanh(a)
            return out, (out * (1 - out),)
    """),
}

POW = {
    "right_plain": (None, """
        def pow(F, a, b):
            out = F.pow(a, b)
            return out, (b * F.pow(a, b - 1.0), out * F.log(a))
    """),
    "right_math": (None, """
        import math

        def pow(F, a, b):
            return a ** b, (b * a ** (b - 1), math.log(a) * a ** b)
    """),
    "wrong_b_constant": ("with respect to b, is wrong", """
        def pow(F, a, b):
            out = F.pow(a, b)
            return out, (b * F.pow(a, b - 1.0), 0.0)
    """),
    "wrong_missing_log": ("with respect to b, is wrong", """
        def pow(F, a, b):
            out = F.pow(a, b)
            return out, (b * F.pow(a, b - 1.0), out)
    """),
    "wrong_exponent_kept": ("with respect to a, is wrong", """
        def pow(F, a, b):
            out = F.pow(a, b)
            return out, (b * out, out * F.log(a))
    """),
}

TOPO = {
    "right_dfs_flags": (None, """
        def topological_order(root):
            order, seen, stack = [], set(), [(root, False)]
            while stack:
                node, done = stack.pop()
                if done:
                    order.append(node)
                elif node not in seen:
                    seen.add(node)
                    stack.append((node, True))
                    stack.extend((p, False) for p in node.parents if p not in seen)
            return order
    """),
    "right_dfs_reversed_parents": (None, """
        def topological_order(root):
            order, seen, stack = [], set(), [(root, False)]
            while stack:
                node, done = stack.pop()
                if done:
                    order.append(node)
                elif node not in seen:
                    seen.add(node)
                    stack.append((node, True))
                    for p in reversed(node.parents):
                        stack.append((p, False))
            return order
    """),
    "right_dfs_iterators": (None, """
        def topological_order(root):
            order, done = [], set()
            stack = [(root, iter(root.parents))]
            on_stack = {root}
            while stack:
                node, parents = stack[-1]
                for p in parents:
                    if p not in done and p not in on_stack:
                        stack.append((p, iter(p.parents)))
                        on_stack.add(p)
                        break
                else:
                    stack.pop()
                    done.add(node)
                    order.append(node)
            return order
    """),
    "right_kahn": (None, """
        from collections import deque

        def topological_order(root):
            nodes, todo = {root}, [root]
            while todo:
                for p in todo.pop().parents:
                    if p not in nodes:
                        nodes.add(p)
                        todo.append(p)
            waiting = {v: len(set(v.parents)) for v in nodes}
            children = {v: [] for v in nodes}
            for v in nodes:
                for p in set(v.parents):
                    children[p].append(v)
            ready = deque(v for v in nodes if waiting[v] == 0)
            order = []
            while ready:
                v = ready.popleft()
                order.append(v)
                for c in children[v]:
                    waiting[c] -= 1
                    if waiting[c] == 0:
                        ready.append(c)
            return order
    """),
    "wrong_reversed_bfs": ("comes before its parent", """
        from collections import deque

        def topological_order(root):
            order, seen, queue = [], {root}, deque([root])
            while queue:
                node = queue.popleft()
                order.append(node)
                for p in node.parents:
                    if p not in seen:
                        seen.add(p)
                        queue.append(p)
            return order[::-1]
    """),
    "wrong_seen_on_push": ("comes before its parent", """
        def topological_order(root):
            order, seen, stack = [], {root}, [(root, False)]
            while stack:
                node, done = stack.pop()
                if done:
                    order.append(node)
                    continue
                stack.append((node, True))
                for p in node.parents:
                    if p not in seen:
                        seen.add(p)
                        stack.append((p, False))
            return order
    """),
    "wrong_recursive_with_raised_limit": ("recursion detected", """
        import sys

        def topological_order(root):
            sys.setrecursionlimit(1_000_000)
            topo, visited = [], set()

            def build_topo(v):
                if v not in visited:
                    visited.add(v)
                    for child in v._prev:
                        build_topo(child)
                    topo.append(v)
            build_topo(root)
            return topo
    """),
    "wrong_no_seen_set": ("is listed twice", """
        def topological_order(root):
            order, stack = [], [(root, False)]
            while stack:
                node, done = stack.pop()
                if done:
                    order.append(node)
                    continue
                stack.append((node, True))
                stack.extend((p, False) for p in node.parents)
            return order
    """),
    "wrong_no_leaves": ("missing", """
        def topological_order(root):
            order, seen, stack = [], set(), [(root, False)]
            while stack:
                node, done = stack.pop()
                if done:
                    order.append(node)
                elif node not in seen and node.parents:
                    seen.add(node)
                    stack.append((node, True))
                    stack.extend((p, False) for p in node.parents)
            return order
    """),
}

MSE = {
    "right_autograd_sum": (None, """
        import autograd

        def mse(predictions, targets):
            return autograd.sum([(p - t) ** 2 for p, t in zip(predictions, targets)]) / len(targets)
    """),
    "right_python_sum": (None, """
        def mse(predictions, targets):
            return sum((p - t) ** 2 for p, t in zip(predictions, targets)) / len(predictions)
    """),
    "right_loop": (None, """
        def mse(predictions, targets):
            total = 0.0
            for p, t in zip(predictions, targets):
                d = p - t
                total = total + d * d
            return total * (1.0 / len(targets))
    """),
    "right_numpy": (None, """
        import numpy as np

        def mse(predictions, targets):
            return np.mean([(p - t) ** 2 for p, t in zip(predictions, targets)])
    """),
    "wrong_sum_over_2": ("you halved the sum of squares", """
        def mse(predictions, targets):
            return sum((p - t) ** 2 for p, t in zip(predictions, targets)) / 2
    """),
    "wrong_half_sum": ("you halved the sum of squares", """
        def mse(predictions, targets):
            return 0.5 * sum((p - t) ** 2 for p, t in zip(predictions, targets))
    """),
    "wrong_no_mean": ("you summed the squares without dividing by n", """
        def mse(predictions, targets):
            return sum((p - t) ** 2 for p, t in zip(predictions, targets))
    """),
    "wrong_cuts_graph": ("does not depend on the inputs", """
        from autograd import Value

        def mse(predictions, targets):
            n = len(targets)
            return Value(sum((p.data - t) ** 2 for p, t in zip(predictions, targets)) / n)
    """),
    "wrong_returns_float": ("your mse returned a float where a Value was expected", """
        def mse(predictions, targets):
            n = len(targets)
            return sum((p - t) ** 2 for p, t in zip(predictions, targets)).data / n
    """),
    "wrong_not_squared": ("without squaring", """
        def mse(predictions, targets):
            return sum(p - t for p, t in zip(predictions, targets)) / len(targets)
    """),
}

SGD = {
    "right_plain": (None, """
        def sgd_momentum_step(params, velocities, lr, momentum):
            new = []
            for p, v in zip(params, velocities):
                v = momentum * v + p.grad
                p.data = p.data - lr * v
                new.append(v)
            return new
    """),
    "right_numpy": (None, """
        import numpy as np

        def sgd_momentum_step(params, velocities, lr, momentum):
            v = momentum * np.asarray(velocities) + np.array([p.grad for p in params])
            for p, vi in zip(params, v):
                p.data -= lr * vi
            return v
    """),
    "wrong_other_convention": ("you used the convention v = momentum*v - lr*grad; p += v", """
        def sgd_momentum_step(params, velocities, lr, momentum):
            new = []
            for p, v in zip(params, velocities):
                v = momentum * v - lr * p.grad
                p.data += v
                new.append(v)
            return new
    """),
    "wrong_dampened": ("you damped the gradient", """
        def sgd_momentum_step(params, velocities, lr, momentum):
            new = []
            for p, v in zip(params, velocities):
                v = momentum * v + (1 - momentum) * p.grad
                p.data -= lr * v
                new.append(v)
            return new
    """),
    "wrong_old_velocity": ("the parameters' data after the step are wrong", """
        def sgd_momentum_step(params, velocities, lr, momentum):
            new = []
            for p, v in zip(params, velocities):
                p.data -= lr * v
                new.append(momentum * v + p.grad)
            return new
    """),
    "wrong_no_return": ("your function returned None", """
        def sgd_momentum_step(params, velocities, lr, momentum):
            for i, p in enumerate(params):
                velocities[i] = momentum * velocities[i] + p.grad
                p.data -= lr * velocities[i]
    """),
}

ADAM = {
    "right_plain": (None, """
        import math

        def adam_step(params, ms, vs, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
            new_m, new_v = [], []
            for p, m, v in zip(params, ms, vs):
                m = b1 * m + (1 - b1) * p.grad
                v = b2 * v + (1 - b2) * p.grad ** 2
                p.data -= lr * (m / (1 - b1 ** t)) / (math.sqrt(v / (1 - b2 ** t)) + eps)
                new_m.append(m)
                new_v.append(v)
            return new_m, new_v
    """),
    "right_efficient_form": (None, """
        import math

        def adam_step(params, ms, vs, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
            # Kingma and Ba's "more efficient" order: one step size for every parameter
            step = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            ms = [b1 * m + (1 - b1) * p.grad for p, m in zip(params, ms)]
            vs = [b2 * v + (1 - b2) * p.grad * p.grad for p, v in zip(params, vs)]
            for p, m, v in zip(params, ms, vs):
                p.data -= step * m / (math.sqrt(v) + eps)
            return ms, vs
    """),
    "right_numpy": (None, """
        import numpy as np

        def adam_step(params, ms, vs, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
            g = np.array([p.grad for p in params])
            m = b1 * np.asarray(ms) + (1 - b1) * g
            v = b2 * np.asarray(vs) + (1 - b2) * g ** 2
            update = lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
            for p, u in zip(params, update):
                p.data -= float(u)
            return m, v
    """),
    "wrong_no_bias_correction": ("you left out the bias correction", """
        import math

        def adam_step(params, ms, vs, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
            new_m, new_v = [], []
            for p, m, v in zip(params, ms, vs):
                m = b1 * m + (1 - b1) * p.grad
                v = b2 * v + (1 - b2) * p.grad ** 2
                p.data -= lr * m / (math.sqrt(v) + eps)
                new_m.append(m)
                new_v.append(v)
            return new_m, new_v
    """),
    "wrong_v_not_squared": ("the second moments v after step 1 are wrong", """
        import math

        def adam_step(params, ms, vs, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
            new_m, new_v = [], []
            for p, m, v in zip(params, ms, vs):
                m = b1 * m + (1 - b1) * p.grad
                v = b2 * v + (1 - b2) * abs(p.grad)
                p.data -= lr * (m / (1 - b1 ** t)) / (math.sqrt(v / (1 - b2 ** t)) + eps)
                new_m.append(m)
                new_v.append(v)
            return new_m, new_v
    """),
    "wrong_t_from_zero": ("raised ZeroDivisionError", """
        import math

        def adam_step(params, ms, vs, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
            new_m, new_v = [], []
            for p, m, v in zip(params, ms, vs):
                m = b1 * m + (1 - b1) * p.grad
                v = b2 * v + (1 - b2) * p.grad ** 2
                m_hat = m / (1 - b1 ** (t - 1))
                p.data -= lr * m_hat / (math.sqrt(v / (1 - b2 ** (t - 1))) + eps)
                new_m.append(m)
                new_v.append(v)
            return new_m, new_v
    """),
}

LOOP = {
    "right_plain": (None, """
        from autograd import Value

        def apply_chain_rule(order):
            for v in order:
                for arg, local in zip(v.args, v.local_grads):
                    if isinstance(arg, Value):
                        arg.grad += v.grad * local
    """),
    "right_indices": (None, """
        def apply_chain_rule(order):
            for node in order:
                for i, arg in enumerate(node.args):
                    if hasattr(arg, "grad"):
                        arg.grad = arg.grad + node.grad * node.local_grads[i]
    """),
    "wrong_assign_not_add": ("you assigned (=) where a node used twice must add up (+=)", """
        from autograd import Value

        def apply_chain_rule(order):
            for v in order:
                for arg, local in zip(v.args, v.local_grads):
                    if isinstance(arg, Value):
                        arg.grad = v.grad * local
    """),
    "wrong_reversed_order": ("you went through the order backwards", """
        from autograd import Value

        def apply_chain_rule(order):
            for v in reversed(order):
                for arg, local in zip(v.args, v.local_grads):
                    if isinstance(arg, Value):
                        arg.grad += v.grad * local
    """),
    "wrong_parents_with_local_grads": ("you paired node.parents with node.local_grads", """
        def apply_chain_rule(order):
            for v in order:
                for p, local in zip(v.parents, v.local_grads):
                    p.grad += v.grad * local
    """),
    "wrong_no_upstream": ("multiply it by node.grad", """
        from autograd import Value

        def apply_chain_rule(order):
            for v in order:
                for arg, local in zip(v.args, v.local_grads):
                    if isinstance(arg, Value):
                        arg.grad += local
    """),
}

NUMERIC = {
    "right_plain": (None, """
        def numerical_gradient(f, xs, eps=1e-5):
            grads = []
            for i in range(len(xs)):
                up, down = list(xs), list(xs)
                up[i] += eps
                down[i] -= eps
                grads.append((f(up) - f(down)) / (2 * eps))
            return grads

        def gradient_check(f, xs, analytic, eps=1e-5, tol=1e-4):
            numeric = numerical_gradient(f, xs, eps)
            for a, n in zip(analytic, numeric):
                if abs(a - n) > tol * max(1.0, abs(a), abs(n)):
                    return False
            return True
    """),
    "right_numpy_restoring": (None, """
        import numpy as np

        def numerical_gradient(f, xs, eps=1e-5):
            x = np.array(xs, dtype=float)
            grads = np.zeros_like(x)
            for i in range(len(x)):
                old = x[i]
                x[i] = old + eps
                high = f(list(x))
                x[i] = old - eps
                low = f(list(x))
                x[i] = old
                grads[i] = (high - low) / (2 * eps)
            return grads

        def gradient_check(f, xs, analytic, eps=1e-5, tol=1e-4):
            a = np.asarray(analytic, dtype=float)
            n = numerical_gradient(f, xs, eps)
            scale = np.maximum(1.0, np.maximum(np.abs(a), np.abs(n)))
            return bool(np.all(np.abs(a - n) <= tol * scale))
    """),
    "wrong_forward_differences": ("you used forward differences (f(x + eps) - f(x)) / eps", """
        def numerical_gradient(f, xs, eps=1e-5):
            base = f(xs)
            grads = []
            for i in range(len(xs)):
                up = list(xs)
                up[i] += eps
                grads.append((f(up) - base) / eps)
            return grads

        def gradient_check(f, xs, analytic, eps=1e-5, tol=1e-4):
            n = numerical_gradient(f, xs, eps)
            return all(abs(a - b) <= tol * max(1.0, abs(a), abs(b)) for a, b in zip(analytic, n))
    """),
    "wrong_forward_differences_numpy": ("you used forward differences", """
        import numpy as np

        def numerical_gradient(f, xs, eps=1e-5):
            x = np.asarray(xs, dtype=float)
            return [(f(list(x + eps * e)) - f(list(x))) / eps for e in np.eye(len(x))]

        def gradient_check(f, xs, analytic, eps=1e-5, tol=1e-4):
            n = numerical_gradient(f, xs, eps)
            return all(abs(a - b) <= tol * max(1.0, abs(a), abs(b)) for a, b in zip(analytic, n))
    """),
    "wrong_divides_by_eps": ("you divided by eps where central differences divide by 2 eps", """
        def numerical_gradient(f, xs, eps=1e-5):
            grads = []
            for i in range(len(xs)):
                up, down = list(xs), list(xs)
                up[i] += eps
                down[i] -= eps
                grads.append((f(up) - f(down)) / eps)
            return grads

        def gradient_check(f, xs, analytic, eps=1e-5, tol=1e-4):
            n = numerical_gradient(f, xs, eps)
            return all(abs(a - b) <= tol * max(1.0, abs(a), abs(b)) for a, b in zip(analytic, n))
    """),
    "wrong_mutates_caller": ("changed the caller's list", """
        def numerical_gradient(f, xs, eps=1e-5):
            grads = []
            for i in range(len(xs)):
                xs[i] += eps
                high = f(xs)
                xs[i] -= 2 * eps
                low = f(xs)
                grads.append((high - low) / (2 * eps))
            return grads

        def gradient_check(f, xs, analytic, eps=1e-5, tol=1e-4):
            n = numerical_gradient(f, list(xs), eps)
            return all(abs(a - b) <= tol * max(1.0, abs(a), abs(b)) for a, b in zip(analytic, n))
    """),
    "wrong_check_absolute_only": ("an error small relative to 20000", """
        def numerical_gradient(f, xs, eps=1e-5):
            grads = []
            for i in range(len(xs)):
                up, down = list(xs), list(xs)
                up[i] += eps
                down[i] -= eps
                grads.append((f(up) - f(down)) / (2 * eps))
            return grads

        def gradient_check(f, xs, analytic, eps=1e-5, tol=1e-4):
            n = numerical_gradient(f, xs, eps)
            return all(abs(a - b) <= tol for a, b in zip(analytic, n))
    """),
    "wrong_check_first_only": ("the gradient with its last entry off by 1%", """
        def numerical_gradient(f, xs, eps=1e-5):
            grads = []
            for i in range(len(xs)):
                up, down = list(xs), list(xs)
                up[i] += eps
                down[i] -= eps
                grads.append((f(up) - f(down)) / (2 * eps))
            return grads

        def gradient_check(f, xs, analytic, eps=1e-5, tol=1e-4):
            for a, b in zip(analytic, numerical_gradient(f, xs, eps)):
                return abs(a - b) <= tol * max(1.0, abs(a), abs(b))
    """),
}

SIGMOID = {
    "right_plain": (None, """
        def sigmoid(F, a):
            out = F.sigmoid(a)
            return out, (out * (1.0 - out),)
    """),
    "right_exp": (None, """
        import math

        def sigmoid(F, a):
            e = math.exp(-a)
            return 1.0 / (1.0 + e), (e / (1.0 + e) ** 2,)
    """),
    "wrong_plus": ("d out/da, the local derivative of your sigmoid", """
        def sigmoid(F, a):
            out = F.sigmoid(a)
            return out, (out * (1.0 + out),)
    """),
    "wrong_tanh_rule": ("expected", """
        def sigmoid(F, a):
            out = F.sigmoid(a)
            return out, (1.0 - out * out,)
    """),
    "wrong_uses_input": ("yours", """
        def sigmoid(F, a):
            out = F.sigmoid(a)
            return out, (out * (1.0 - a),)
    """),
}

SOFTMAX = {
    "right_plain": (None, """
        import autograd

        def softmax_cross_entropy(logits, target):
            m = max(z.data for z in logits)
            return autograd.sum([(z - m).exp() for z in logits]).log() + m - logits[target]
    """),
    "right_value_max_and_probability": (None, """
        def softmax_cross_entropy(logits, target):
            m = max(logits)                  # a Value: the shift cancels in the gradient
            exps = [(z - m).exp() for z in logits]
            total = sum(exps)
            return -(exps[target] / total).log()
    """),
    "wrong_no_max_subtraction": ("subtract the largest logit", """
        import autograd

        def softmax_cross_entropy(logits, target):
            return autograd.sum([z.exp() for z in logits]).log() - logits[target]
    """),
    "wrong_forgets_m": ("you left out the largest logit m", """
        import autograd

        def softmax_cross_entropy(logits, target):
            m = max(z.data for z in logits)
            return autograd.sum([(z - m).exp() for z in logits]).log() - logits[target]
    """),
    "wrong_sign": ("its sign is flipped", """
        import autograd

        def softmax_cross_entropy(logits, target):
            m = max(z.data for z in logits)
            return logits[target] - (autograd.sum([(z - m).exp() for z in logits]).log() + m)
    """),
    "wrong_cuts_graph": ("does not depend on the inputs", """
        import math

        from autograd import Value

        def softmax_cross_entropy(logits, target):
            m = max(z.data for z in logits)
            s = sum(math.exp(z.data - m) for z in logits)
            return Value(math.log(s) + m - logits[target].data)
    """),
}

CLIP = {
    "right_plain": (None, """
        import math

        def clip_grad_norm(params, max_norm):
            norm = math.sqrt(sum(p.grad ** 2 for p in params))
            if norm > max_norm:
                for p in params:
                    p.grad = p.grad * max_norm / norm
            return norm
    """),
    "right_numpy_torch_eps": (None, """
        import numpy as np

        def clip_grad_norm(params, max_norm):
            norm = np.linalg.norm([p.grad for p in params])
            scale = max_norm / (norm + 1e-6)
            if scale < 1:
                for p in params:
                    p.grad *= scale
            return norm
    """),
    "wrong_each_grad": ("you clipped each grad to [-max_norm, max_norm] on its own", """
        def clip_grad_norm(params, max_norm):
            for p in params:
                p.grad = max(-max_norm, min(max_norm, p.grad))
            return sum(p.grad ** 2 for p in params) ** 0.5
    """),
    "wrong_always_scales": ("you scaled grads that were already within max_norm", """
        import math

        def clip_grad_norm(params, max_norm):
            norm = math.sqrt(sum(p.grad ** 2 for p in params))
            for p in params:
                p.grad *= max_norm / norm
            return norm
    """),
    "wrong_no_sqrt": ("you forgot the square root in the norm", """
        def clip_grad_norm(params, max_norm):
            norm = sum(p.grad ** 2 for p in params)
            if norm > max_norm:
                for p in params:
                    p.grad *= max_norm / norm
            return norm
    """),
    "wrong_norm_after": ("you returned the norm after clipping", """
        import math

        def clip_grad_norm(params, max_norm):
            norm = math.sqrt(sum(p.grad ** 2 for p in params))
            if norm > max_norm:
                for p in params:
                    p.grad *= max_norm / norm
            return math.sqrt(sum(p.grad ** 2 for p in params))
    """),
}

ANSWERS = {
    "01_mul_backward": MUL, "02_tanh_backward": TANH, "03_pow_backward": POW,
    "04_topological_sort": TOPO, "05_mse_loss": MSE, "06_sgd_momentum": SGD,
    "07_adam_step": ADAM, "08_backward_loop": LOOP, "09_numerical_gradient": NUMERIC,
    "10_sigmoid_backward": SIGMOID, "11_softmax_cross_entropy": SOFTMAX,
    "12_clip_grad_norm": CLIP,
}
ANSWERS = {folder: [(name, feedback, dedent(source).lstrip())
                    for name, (feedback, source) in answers.items()]
           for folder, answers in ANSWERS.items()}
