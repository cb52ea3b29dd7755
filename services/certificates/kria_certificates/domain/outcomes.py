"""The outcome of an MSE decision and the reason codes.

The names are the issue's, except the additions marked below for cases none of its names describes
(listed with their meaning in services/certificates/API.md); ``unprocessable`` is the importer's.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    ISSUED = "issued"
    REFUSED = "refused"
    INVALID = "invalid"
    HELD = "held"  # the pilot's region list for the decision's year is not configured: taken up once it is


class HoldCode(StrEnum):
    PILOT_REGIONS_NOT_CONFIGURED = "pilot_regions_not_configured"


class RefusalCode(StrEnum):
    AGE_OUT_OF_RANGE = "age_out_of_range"
    NOT_PILOT_REGION = "not_pilot_region"
    NO_MEDICAL_INDICATIONS = "no_medical_indications"
    CONTRAINDICATIONS = "contraindications"
    ACTIVE_CERTIFICATE_EXISTS = "active_certificate_exists"
    RIGHT_EXPIRED = "right_expired"
    NOT_FIRST_TIME = "not_first_time"  # addition: the source's first-time flag says no
    EARLIER_CERTIFICATE_EXISTS = "earlier_certificate_exists"  # addition: the child's history has a certificate
    NO_FACE_VALUE = "no_face_value"  # addition: a pilot region with no face value configured for the year


class InvalidCode(StrEnum):
    INVALID_SNILS = "invalid_snils"
    UNKNOWN_TARGET_GROUP = "unknown_target_group"
    MISSING_FIELD = "missing_field"
    BAD_DATE = "bad_date"
    BAD_VALUE = "bad_value"  # addition: a present value of the wrong shape (protocol number, да/нет, too many ЦРГ)
    MALFORMED_ROW = "malformed_row"  # addition: an export record that is not well-formed CSV (e.g. an unbalanced quote)
