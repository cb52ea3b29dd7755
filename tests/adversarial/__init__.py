"""The attack of issue 20, kept: forged tokens, hostile bodies and roles against the real services."""
