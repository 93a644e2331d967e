"""tracegrad's neural-network package (neurons, layers, MLPs): being built, see the nn issue."""
