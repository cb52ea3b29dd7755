"""One child through the pilot over HTTP, for every driver: the demo (`kria demo`, and through it the e2e tests),
the bench (`kria bench`) and the chaos suite's load.

- ``child``: ``Journey``, the state and the steps of one child's journey (reserve, start, rate, journal, finish,
  protocol) and what its provider reads back;
- ``actors``: the people and systems, each with its own token, calling the services (``Actor``, ``wait_for``);
- ``journal``: a 21-day course's journal, day by day, from the estimate's plan;
- ``lookups``: what a driver asks once before the journeys (the register's offers, the bureau head).
"""

from kria_cli.journey.child import Instruments, Journey, Ratings

__all__ = ["Instruments", "Journey", "Ratings"]
