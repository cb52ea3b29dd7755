"""The costing store: SQLModel tables (models.py) and repository functions per aggregate."""
