"""Test support shared by every service's tests: a real broker, a real PostgreSQL, helpers."""
