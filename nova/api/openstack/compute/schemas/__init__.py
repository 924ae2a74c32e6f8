"""Request schemas, one module per resource, selected by version range."""
