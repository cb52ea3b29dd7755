"""Pure costing rules: course standards, cost normalisation, price lists, estimates and settlement.

No I/O and no framework here: every function takes its inputs and returns values (mypy --strict clean).
Money is integer kopecks; intermediate figures are exact fractions of a kopeck, rounded half-up only at the
unit price (DOMAIN.md §3).
"""
