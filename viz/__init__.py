"""tracegrad's Graphviz diagrams: being built, see the viz issue."""
