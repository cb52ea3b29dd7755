"""The console's pure rules: how figures, dates, refusals and lists are shown to a person (no I/O, no framework)."""
