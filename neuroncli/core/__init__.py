"""The numeric core: pure numpy functions on float64 arrays, with no I/O."""
