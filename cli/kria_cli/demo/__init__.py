"""``kria demo``: a pilot region played against the four real services."""
