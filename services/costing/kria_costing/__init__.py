"""KRiA costing service: course standards, cost normalisation and price lists, estimates and settlement."""
