"""Rows <-> domain objects: the SQLModel tables (models.py) and the repositories (repository.py)."""
