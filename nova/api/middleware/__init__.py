"""WSGI middleware of the Compute API, one module per concern."""
