"""Use cases of the certificates service: one module per capability; each opens its own unit of work."""
