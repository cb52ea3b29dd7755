"""Use cases of the signing service: one module per capability; each opens its own unit of work."""

from __future__ import annotations

from kria_shared.deps import ServiceDeps
from kria_signing.config.loader import SigningConfig

# The one dependencies object (the kit's), typed with this service's configuration.
SigningDeps = ServiceDeps[SigningConfig]
