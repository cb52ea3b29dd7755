"""What both documents show, gathered from a stored price list (its inputs, derivation and approval)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from kria_costing.store.models import PriceListRow
from kria_shared.errors import Conflict


def row_document(row: PriceListRow) -> dict[str, Any]:
    if "accompanying" not in row.document:  # stored before the documents existed: its derivation lacks their parts
        raise Conflict("document_unavailable", f"price list {row.version} predates its documents: post the "
                       "normalisation again for a new draft", state=row.status, allowed=["create_draft"])
    return {
        "organisation_id": row.organisation_id,
        "version": row.version,
        "status": row.status,
        "created_by": row.created_by,
        "created_at": row.created_at.isoformat(),
        "approved_by": row.approved_by,
        "order_number": row.order_number,
        "order_date": row.order_date.strftime("%d.%m.%Y") if row.order_date else None,
        "effective_from": row.effective_from.strftime("%d.%m.%Y") if row.effective_from else None,
        "inputs": row.inputs,
        "derivation": row.document,
    }


def file_stem(doc: dict[str, Any]) -> str:
    return f"preyskurant-{doc['organisation_id']}-v{doc['version']}"


def attachment(row: PriceListRow, ext: str) -> dict[str, str]:
    name = f"preyskurant-{row.organisation_id}-v{row.version}.{ext}"
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
