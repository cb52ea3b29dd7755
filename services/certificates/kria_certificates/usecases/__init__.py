"""Use cases of the certificates service: one module per capability; each opens its own unit of work."""

from __future__ import annotations

from kria_certificates.config.loader import CertificatesConfig
from kria_shared.deps import ServiceDeps

# The one dependencies object (the kit's), typed with this service's configuration.
Deps = ServiceDeps[CertificatesConfig]
