"""Pure rules of the certificates service: no I/O, no framework, no ORM (mypy --strict)."""
