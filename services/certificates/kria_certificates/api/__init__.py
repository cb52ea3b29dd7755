"""HTTP routers of the certificates service, one module per resource."""
