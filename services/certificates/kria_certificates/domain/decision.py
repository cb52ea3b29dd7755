"""An MSE decision as received (any channel) and its validated form.

Both intake channels (the JSON endpoint and the export file) map their input onto ``RawDecision``;
``parse`` turns it into a ``Decision`` or names the first field that is wrong, so both are validated
the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date

from kria_certificates.domain import limitations as mse_limitations
from kria_certificates.domain import snils as snils_rules
from kria_certificates.domain.dates import EARLIEST, LATEST, in_sane_range, parse_date
from kria_certificates.domain.outcomes import InvalidCode
from kria_certificates.domain.target_groups import TargetGroupCatalogue, split_codes

_PROTOCOL = re.compile(r"^(\d+)\.(\d+)\.(\d+)/(\d{4})$")  # sequence.bureau.region/year
_YES = {"да", "yes", "true", "1", "д", "y"}
_NO = {"нет", "no", "false", "0", "н", "n"}
MAX_TEXT = 1000  # characters in any one field; the longest real one (an address) is a few hundred
# Control characters (tab and line breaks aside) and lone surrogates: never in a real name or address, and NUL
# or a surrogate makes PostgreSQL refuse the row.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class RawDecision:
    """Text as it arrived; None or blank means absent."""

    protocol_number: str | None = None
    decided_on: str | None = None
    last_name: str | None = None
    first_name: str | None = None
    patronymic: str | None = None
    snils: str | None = None
    birth_date: str | None = None
    sex: str | None = None
    representative: str | None = None
    address: str | None = None
    municipality: str | None = None
    act_number: str | None = None
    ipra_number: str | None = None
    disability_established_on: str | None = None
    target_group: str | None = None
    additional_target_groups: str | None = None
    medical_indications: str | bool | None = None
    contraindications: str | bool | None = None
    first_time: str | bool | None = None  # a source's flag when it has one; absent: the history decides
    # the MSE's degree of limitation per life-activity category (export columns 17-23); absent: not given
    limitation_behaviour_control: str | None = None
    limitation_learning: str | None = None
    limitation_communication: str | None = None
    limitation_orientation: str | None = None
    limitation_mobility: str | None = None
    limitation_self_care: str | None = None
    limitation_work_play: str | None = None


@dataclass(frozen=True)
class Decision:
    protocol_number: str
    region: str
    decided_on: date
    last_name: str
    first_name: str
    patronymic: str
    snils: str  # eleven digits
    birth_date: date
    sex: str
    representative: str
    municipality: str
    act_number: str
    ipra_number: str
    disability_established_on: date
    main_group: str
    additional_groups: tuple[str, ...] = field(default_factory=tuple)
    medical_indications: bool = True
    contraindications: bool = False
    first_time: bool = True
    limitations: dict[str, int] = field(default_factory=dict)  # domain -> degree 0-3, only those given


@dataclass(frozen=True)
class Invalid:
    code: InvalidCode
    field: str
    reason: str


def _text(value: str | None) -> str:
    return (value or "").strip()


def _required(raw: RawDecision, name: str) -> str:
    value = _text(getattr(raw, name))
    if not value:
        raise _Stop(Invalid(InvalidCode.MISSING_FIELD, name, "required"))
    return value


def _date(raw: RawDecision, name: str) -> date:
    value = _required(raw, name)
    try:
        parsed = parse_date(value)
    except ValueError:
        raise _Stop(Invalid(InvalidCode.BAD_DATE, name, "expected dd.mm.yyyy or yyyy-mm-dd")) from None
    if not in_sane_range(parsed):
        raise _Stop(Invalid(InvalidCode.BAD_DATE, name, f"дата вне допустимого диапазона {EARLIEST}…{LATEST}"))
    return parsed


def _yes_no(raw: RawDecision, name: str, default: bool | None = None) -> bool:
    value = getattr(raw, name)
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if not text and default is not None:
        return default
    if not text:
        raise _Stop(Invalid(InvalidCode.MISSING_FIELD, name, "required (да/нет)"))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _Stop(Invalid(InvalidCode.BAD_VALUE, name, "expected да or нет"))


def _plain_text(raw: RawDecision) -> None:
    """Every text field: of a sane length and without control characters (the reason names no content)."""
    for f in fields(raw):
        value = getattr(raw, f.name)
        if not isinstance(value, str):
            continue
        if len(value) > MAX_TEXT:
            raise _Stop(Invalid(InvalidCode.BAD_VALUE, f.name, f"longer than {MAX_TEXT} characters"))
        if bad := _CONTROL.search(value):
            raise _Stop(Invalid(InvalidCode.BAD_VALUE, f.name,
                                f"control character U+{ord(bad[0]):04X} at position {bad.start() + 1}"))


def _limitations(raw: RawDecision) -> dict[str, int]:
    found: dict[str, int] = {}
    for name, domain in mse_limitations.FIELDS.items():
        text = _text(getattr(raw, name))
        if not text:
            continue
        try:
            found[domain] = mse_limitations.degree(text)
        except ValueError:
            raise _Stop(Invalid(InvalidCode.BAD_VALUE, name,
                                "expected Не установлено, Первая, Вторая or Третья (or 0-3)")) from None
    return found


class _Stop(Exception):
    def __init__(self, invalid: Invalid) -> None:
        self.invalid = invalid


def parse(raw: RawDecision, catalogue: TargetGroupCatalogue, municipality: str) -> Decision | Invalid:
    """Validate in a fixed order; the first problem found is the answer. ``municipality`` is pre-derived."""
    try:
        return _parse(raw, catalogue, municipality)
    except _Stop as stop:
        return stop.invalid


def _parse(raw: RawDecision, catalogue: TargetGroupCatalogue, municipality: str) -> Decision:
    _plain_text(raw)
    protocol = _required(raw, "protocol_number")
    match = _PROTOCOL.match(protocol)
    if not match:
        raise _Stop(Invalid(InvalidCode.BAD_VALUE, "protocol_number", "expected sequence.bureau.region/year"))
    try:
        snils = snils_rules.normalise(_required(raw, "snils"))
    except snils_rules.InvalidSnils as exc:
        raise _Stop(Invalid(InvalidCode.INVALID_SNILS, "snils", str(exc))) from None
    decided_on, birth_date = _date(raw, "decided_on"), _date(raw, "birth_date")
    established = _date(raw, "disability_established_on")
    if birth_date > decided_on:
        raise _Stop(Invalid(InvalidCode.BAD_DATE, "birth_date", "after the decision date"))
    if established < birth_date:
        raise _Stop(Invalid(InvalidCode.BAD_DATE, "disability_established_on", "before the birth date"))
    main = _required(raw, "target_group")
    additional = split_codes(_text(raw.additional_target_groups))
    for name, code in [("target_group", main), *(("additional_target_groups", c) for c in additional)]:
        if not catalogue.knows(code):
            raise _Stop(Invalid(InvalidCode.UNKNOWN_TARGET_GROUP, name, f"{code!r} is not in order No 176"))
    if len(additional) > 2:
        raise _Stop(Invalid(InvalidCode.BAD_VALUE, "additional_target_groups", "at most two codes"))
    if not municipality:
        raise _Stop(Invalid(InvalidCode.MISSING_FIELD, "municipality", "neither municipality nor address given"))
    return Decision(
        protocol_number=protocol,
        region=str(int(match[3])),
        decided_on=decided_on,
        last_name=_required(raw, "last_name"),
        first_name=_required(raw, "first_name"),
        patronymic=_text(raw.patronymic),
        snils=snils,
        birth_date=birth_date,
        sex=_text(raw.sex),
        representative=_text(raw.representative),
        municipality=municipality,
        act_number=_text(raw.act_number),
        ipra_number=_text(raw.ipra_number),
        disability_established_on=established,
        main_group=main,
        additional_groups=tuple(additional),
        medical_indications=_yes_no(raw, "medical_indications"),
        contraindications=_yes_no(raw, "contraindications"),
        first_time=_yes_no(raw, "first_time", default=True),
        limitations=_limitations(raw),
    )
