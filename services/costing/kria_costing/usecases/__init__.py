"""Use cases, one module per capability; each opens its own unit of work from the one dependencies object."""

from __future__ import annotations

from kria_costing.domain.standards import StandardsCatalogue
from kria_shared.deps import ServiceDeps

CostingDeps = ServiceDeps[StandardsCatalogue]  # config: the course standards in force
