"""The federal progress figures: counts by verdict, reason and region, and the exact effective share."""

from __future__ import annotations

from kria_signing.domain.progress import Verdict, progress


def test_progress_counts_every_verdict_once_by_region_and_reason() -> None:
    figures = progress([Verdict("66", True, None), Verdict("58", False, "child_health"), Verdict("58", True, None),
                        Verdict(None, False, None)])
    assert figures["conclusions"] == 4 and figures["by_verdict"] == {"effective": 2, "ineffective": 2}
    assert figures["effective_share"] == {"effective": 2, "of": 4, "percent": 50.0}
    assert figures["ineffective_by_reason"] == {"child_health": 1, "unknown": 1}
    assert [(r["region"], r["conclusions"], r["effective"]) for r in figures["by_region"]] == [
        ("58", 2, 1), ("66", 1, 1), ("unknown", 1, 0)]
    assert progress([])["effective_share"] is None
