"""Use cases: one transaction each (lock the course, check, change, emit), metrics counted after commit."""

from kria_assessment.config import AssessmentConfig
from kria_shared.deps import ServiceDeps

# The kit's one dependencies object with this service's configuration (built by runtime.deps in app.py).
Deps = ServiceDeps[AssessmentConfig]
