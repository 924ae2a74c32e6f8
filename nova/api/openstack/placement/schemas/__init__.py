"""Request contracts (JSON schemas) of the placement API, one module per
resource, selected by handlers per microversion."""
