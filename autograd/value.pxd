# C types for the compiled engine (scripts/build_core.py); value.py is the source.
from autograd.modes cimport State


cdef class Value:
    # numbers as C doubles, not float objects: 96 bytes a node, with nothing else to free
    cdef public double data, grad, _da, _db
    cdef public object op, _a, _b, _info


# Compiled, a Value is born untracked by the cyclic garbage collector: a graph has no
# cycles, so reference counting frees it, and the collector, which otherwise walks every
# live node each time it runs, never sees it (value.py: untrack_at_birth, collectable,
# settled; a node made from a tracked argument is tracked: inherit).
cdef extern from *:
    """
    static inline PyObject *tracegrad_untracked_alloc(PyTypeObject *type, Py_ssize_t n) {
        /* PyType_GenericAlloc less its GC tracking (a Value has no variable part: n is
           0); Cython's tp_new sets the object fields, the doubles start at 0.0 */
        PyObject *o = (PyObject *)PyObject_GC_New(PyObject, type);
        if (o) memset((char *)o + sizeof(PyObject), 0, type->tp_basicsize - sizeof(PyObject));
        return o;
    }
    static inline void tracegrad_untrack_at_birth(PyObject *type) {
        ((PyTypeObject *)type)->tp_alloc = tracegrad_untracked_alloc;
    }
    static inline int *tracegrad_any_tracked(void) {
        /* set once a Value is put under the collector (here, the only place a plain
           Value is tracked): until then no argument of a fast-path op can be tracked */
        static int any = 0;
        return &any;
    }
    /* The counters below are statics of this module (value): other modules read them
       through value's Python functions (grads_put_aside), never by cimporting these,
       which would give them copies of their own. */
    static inline long *tracegrad_grads_put_aside(void) {
        /* how many times a grad that is not a float (a Value, under create_graph) was
           stored beside a node, whose double field cannot hold it: while 0, no grad
           needs looking for elsewhere; a change says a closure just put one aside */
        static long count = 0;
        return &count;
    }
    static inline int *tracegrad_any_subclass(void) {
        /* set once a subclass of Value is defined: its properties may stand for data
           or grad, which typed code would not call */
        static int any = 0;
        return &any;
    }
    static inline int tracegrad_track(PyObject *o) {  /* 1 if o was untracked */
        if (!PyObject_IS_GC(o) || PyObject_GC_IsTracked(o)) return 0;
        *tracegrad_any_tracked() = 1;
        PyObject_GC_Track(o);
        return 1;
    }
    static inline int tracegrad_inherit(PyObject *v, PyObject *x, PyObject *y) {
        /* a node made from a tracked argument is tracked: it may close a cycle. 1 when
           the other argument is an untracked object, to go in with its ancestors */
        if (!*tracegrad_any_tracked()) return 0;
        int tx = PyObject_GC_IsTracked(x), ty = PyObject_GC_IsTracked(y);
        if (!tx && !ty) return 0;
        tracegrad_track(v);
        return (!tx && PyObject_IS_GC(x)) || (!ty && PyObject_IS_GC(y));
    }
    """
    void tracegrad_untrack_at_birth(object type)
    bint tracegrad_track(object o)
    long *tracegrad_grads_put_aside()
    int *tracegrad_any_subclass()
    bint tracegrad_inherit(object v, object x, object y)
    bint PyObject_GC_IsTracked(object o)
    void PyObject_GC_UnTrack(object o)


cdef extern from "<math.h>":
    double c_log "log"(double x) nogil   # what math.log calls for a positive float
