"""The monitoring summary: counts by state and sums in kopecks by region, target group and organisation."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kria_certificates.domain.reports import SUMS, ReportItem, summarise

items = st.builds(
    ReportItem,
    state=st.sampled_from(["issued", "reserved", "settled"]),
    region=st.sampled_from(["66", "58", "54"]),
    target_group=st.sampled_from([str(g) for g in range(1, 12)]),
    organisation_id=st.one_of(st.none(), st.sampled_from(["org-a", "org-b"])),
    face_value_max_kopecks=st.integers(0, 20_000_000),
    value_kopecks=st.integers(0, 20_000_000),
    paid_kopecks=st.integers(0, 20_000_000),
    released_kopecks=st.integers(0, 20_000_000),
    travel_kopecks=st.integers(0, 1_000_000),
)


def test_a_small_example() -> None:
    report = summarise([
        ReportItem("settled", "66", "6", "org-a", 11_539_500, 11_539_500, 9_000_000, 2_539_500, 350_000),
        ReportItem("issued", "66", "1", None, 11_539_500),
        ReportItem("reserved", "58", "6", "org-b", 11_539_500, 10_000_000),
    ])
    total = report["total"]
    assert total == {"certificates": 3, "by_state": {"issued": 1, "reserved": 1, "settled": 1},
                     "face_value_max_kopecks": 34_618_500, "value_kopecks": 21_539_500, "paid_kopecks": 9_000_000,
                     "released_kopecks": 2_539_500, "travel_kopecks": 350_000}
    assert [r["region"] for r in report["by_region"]] == ["58", "66"]
    assert [g["target_group"] for g in report["by_target_group"]] == ["1", "6"]
    assert [o["organisation_id"] for o in report["by_organisation"]] == ["org-a", "org-b"]


@given(st.lists(items, max_size=60))
def test_every_breakdown_adds_up_to_the_total_exactly(batch: list[ReportItem]) -> None:
    report = summarise(batch)
    total = report["total"]
    for breakdown in ("by_region", "by_target_group"):
        for name in (*SUMS, "certificates"):
            assert sum(b[name] for b in report[breakdown]) == total[name]
    assert total["paid_kopecks"] == sum(i.paid_kopecks for i in batch)
    with_org = [i for i in batch if i.organisation_id]
    assert sum(o["value_kopecks"] for o in report["by_organisation"]) == sum(i.value_kopecks for i in with_org)
