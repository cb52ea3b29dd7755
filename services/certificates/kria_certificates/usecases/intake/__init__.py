"""Intake of MSE decisions: the JSON endpoint and the export file, validated by the same code."""
