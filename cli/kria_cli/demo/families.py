"""The demo's families (legal representatives): the dev sign-in of the console offers the same people
(console/kria_console/people.py DEMO_FAMILIES; tests/unit/demo/test_families.py keeps the two equal)."""

from __future__ import annotations

DEMO_FAMILY_SNILS = (("family-1", "Смирнова Мария Викторовна", "700-100-001 70"),
                     ("family-2", "Кузнецова Ольга Ивановна", "700-100-002 71"))
