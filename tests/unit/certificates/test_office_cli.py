"""``kria-certificates monitoring`` and ``settlements``: the СФР office's downloads from a running service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from kria_certificates.cli import main


def fake_get(seen: list[dict[str, Any]], status: int = 200) -> Any:
    def get(url: str, *, params: dict[str, Any], headers: dict[str, str], timeout: float) -> httpx.Response:
        seen.append({"url": url, "params": params, "auth": headers["authorization"]})
        if url.endswith("/xlsx"):
            return httpx.Response(status, content=b"PK\x03\x04 workbook")
        return httpx.Response(status, json={"count": 0, "items": []})
    return get


def test_monitoring_writes_the_downloaded_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(httpx, "get", fake_get(seen))
    out = tmp_path / "reports" / "m.xlsx"
    with pytest.raises(SystemExit) as done:
        main(["monitoring", "--year", "2026", "--period", "h1", "--out", str(out), "--token", "T",
              "--url", "http://svc:1/"])
    assert done.value.code == 0 and out.read_bytes().startswith(b"PK")
    assert seen == [{"url": "http://svc:1/v1/reports/monitoring/xlsx", "params": {"year": 2026, "period": "h1"},
                     "auth": "Bearer T"}]


def test_settlements_prints_json_and_a_refusal_is_an_error(capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(httpx, "get", fake_get(seen))
    with pytest.raises(SystemExit) as done:
        main(["settlements", "--from", "2026-11-01", "--to", "2026-11-30", "--token", "T"])
    assert done.value.code == 0 and '"count": 0' in capsys.readouterr().out
    assert seen[0]["params"] == {"from": "2026-11-01", "to": "2026-11-30"}
    monkeypatch.setattr(httpx, "get", fake_get([], status=403))
    with pytest.raises(SystemExit) as refused:
        main(["settlements", "--token", "T"])
    assert refused.value.code == 1
