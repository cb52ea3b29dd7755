"""Repository functions over an AsyncSession: rows in, domain objects out."""
