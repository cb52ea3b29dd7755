"""Versioned configuration data of the assessment service ([config] numbers of DOMAIN.md) and its loader."""

from kria_assessment.config.loader import AssessmentConfig, load_config

__all__ = ["AssessmentConfig", "load_config"]
