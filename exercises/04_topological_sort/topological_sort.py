"""Exercise 4: the topological sort behind backward().

Return every node of root's graph (leaves included) so that each node comes after all of
its parents (``node.parents``). Do it without recursion: keep your own stack, so that a
graph 100,000 nodes deep works.  Check:  pytest exercises/04_topological_sort
"""


def topological_order(root):
    # TODO: an iterative depth-first search; a node goes in the list once all its
    # parents are in it.
    raise NotImplementedError("TODO: return the nodes, each after its parents, without recursion")
