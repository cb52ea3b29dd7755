"""One child through the pilot over HTTP: the steps and the state of one journey (``Journey``) and what a driver
asks the register once (``register``). The demo, the bench and the chaos suite's load drive children with it; the
e2e tests run the demo."""

from kria_cli.journey.child import Instruments, Journey, Ratings

__all__ = ["Instruments", "Journey", "Ratings"]
