"""The summary table printed at the end of `kria demo` (the JSON report holds the same figures)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def print_summary(console: Console, r: dict[str, Any]) -> None:
    table = Table(title="KRiA pilot demo")
    table.add_column("what")
    table.add_column("figures")
    table.add_row("children", str(r["children"]))
    table.add_row("import", ", ".join(f"{k} {v}" for k, v in sorted(r["import"]["outcomes"].items())))
    table.add_row("reason codes", ", ".join(f"{k} {v}" for k, v in sorted(r["import"]["codes"].items())) or "-")
    table.add_row("certificates", ", ".join(f"{k} {v}" for k, v in sorted(r["certificates"].items())))
    table.add_row("courses", ", ".join(f"{k} {v}" for k, v in r["courses"].items()))
    c = r["conclusions"]
    table.add_row("conclusions", f"effective {c['effective']}, ineffective {c['ineffective']}, signed {c['signed']}, "
                  f"verified {c['verified']}, submitted {c['submitted']}; ineffective by reason "
                  f"{c['ineffective_by_reason']}")
    cal = r.get("calibration")
    if cal:
        d, p = cal["demo"], cal["published"]
        table.add_row("effective, %", f"demo {d['effective_percent']} of {d['conclusions']}; published "
                      f"{p['effective_percent']} (band {p['effective_band_percent']})")
        table.add_row("average value, RUB", f"demo {d['average_value_rub']}; published ≈ {p['average_value_band_rub']}")
        table.add_row("unused / expired / annulled", f"{d['certificates_unused']} / {d['certificates_expired']} / "
                      f"{d['certificates_annulled']}")
    m = r["money"]
    table.add_row("money, RUB", ", ".join(f"{k.removesuffix('_kopecks')} {v / 100:,.2f}" for k, v in m.items()))
    for name, ok in r["invariants"].items():
        table.add_row(f"invariant {name}", "[green]true[/green]" if ok else "[red]FALSE[/red]")
    fed = r.get("federal_access", {})
    if fed.get("checked"):
        table.add_row("federal access", f"read after submission {fed['after_submission']}, on day 11 {fed['day_11']}; "
                      f"{len(fed['inside_window'])} conclusions listed inside the window, "
                      f"{fed['listed_on_day_11']} on day 11")
    for name, listed in r.get("documents", {}).items():  # a path (the monitoring report) or a list of documents
        table.add_row(f"document {name}", listed if isinstance(listed, str) else f"{len(listed)} listed in the report")
    table.add_row("events on Kafka", str(r["events_total"]))
    table.add_row("elapsed", f"{r['elapsed_s']} s")
    console.print(table)
