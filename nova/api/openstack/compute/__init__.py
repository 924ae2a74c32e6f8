"""Compute API resources (one module per resource) and their route table."""
