"""`qms check`: rules (functions from a handbook to findings), the run that applies them,
and the output formats that only render findings."""
