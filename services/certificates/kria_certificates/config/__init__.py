"""Versioned configuration data of the certificates service (see README.md here)."""
