"""The signing service's tables (models.py) and repositories over them."""
