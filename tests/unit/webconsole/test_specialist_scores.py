"""The specialist's two scored forms (the scale's ratings, the parental questionnaire) as the console sends them to
assessment, over fake services: the stage from the form's action, the version, the date; a score in words is not
sent."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from .fakes import Services, body_of, client, csrf_of, sign_in

PROVIDERS = [{"organisation_id": "org-66-1", "name": "Центр «Радуга»", "region": "66"}]


def services() -> Services:
    s = Services()
    s.on("GET", r"/v1/providers", lambda r: httpx.Response(200, json=PROVIDERS))
    s.on("PUT", r"/v1/courses/cert-1/(ratings|questionnaire)/\w+", lambda r: httpx.Response(200, json={}))
    return s


@pytest.mark.parametrize(("action", "path", "sent"), [
    ("ratings-baseline", "ratings/baseline", {"scale_version": "icf-7-v1", "ratings": {"self_care": 3, "mobility": 2},
                                              "assessed_on": "2026-11-02"}),
    ("ratings-control", "ratings/control", {"scale_version": "icf-7-v1", "ratings": {"self_care": 3, "mobility": 2},
                                            "assessed_on": "2026-11-02"}),
    ("questionnaire-before", "questionnaire/before", {"questionnaire_version": "parental-competence-v1",
                                                      "answers": {"knows_goals": 3}, "answered_on": "2026-11-02"}),
    ("questionnaire-after", "questionnaire/after", {"questionnaire_version": "parental-competence-v1",
                                                    "answers": {"knows_goals": 3}, "answered_on": "2026-11-02"}),
])
def test_a_scored_form_is_sent_to_its_stage(tmp_path: Path, action: str, path: str, sent: dict[str, object]) -> None:
    svc = services()
    kind = action.split("-")[0]
    fields = ({"scale_version": "icf-7-v1", "r-self_care": "3", "r-mobility": " 2 "} if kind == "ratings" else
              {"questionnaire_version": "parental-competence-v1", "q-knows_goals": "3"})
    with client(svc, var_dir=tmp_path) as c:
        sign_in(c, "specialist-1")
        csrf = csrf_of(c.get("/org/price-lists").text)
        r = c.post(f"/specialist/children/cert-1/{action}", data={"csrf": csrf, "on": "2026-11-02", **fields},
                   follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/specialist/children/cert-1?done={kind}"
    [made] = svc.made("PUT", f"/v1/courses/cert-1/{path}")
    assert body_of(made) == sent


def test_a_score_in_words_is_refused_and_nothing_is_sent(tmp_path: Path) -> None:
    svc = services()
    with client(svc, var_dir=tmp_path) as c:
        sign_in(c, "specialist-1")
        csrf = csrf_of(c.get("/org/price-lists").text)
        r = c.post("/specialist/children/cert-1/questionnaire-after",
                   data={"csrf": csrf, "questionnaire_version": "v", "q-knows_goals": "много"},
                   follow_redirects=False)
        assert r.status_code >= 400  # the child's page again (the fake has no course: its 404), never a redirect
    assert not [x for x in svc.calls if x[0] == "PUT"]
