"""The signing service's settings and versioned configuration (loader.py + the data files beside it)."""
