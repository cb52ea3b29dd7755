"""Use cases, one module per capability; each opens its own unit of work."""
