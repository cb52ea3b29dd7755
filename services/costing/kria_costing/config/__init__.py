"""Versioned data the region can change (course standards) and the example normalisation, with their loader."""
