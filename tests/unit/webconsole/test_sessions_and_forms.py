"""Sign-in, sessions and forms: cookie flags, session renewal, CSRF, safe redirects, roles, production refusals."""

from __future__ import annotations

import jwt
import pytest
from pydantic import ValidationError

from kria_console.settings import ConsoleSettings
from kria_console.web import safe_next

from .fakes import Services, client, csrf_of, sign_in


@pytest.mark.parametrize("raw", ["//evil.example/x", "/\\evil.example", "https://evil.example/", "evil", "",
                                 "/signin?next=//evil", "/a\r\nLocation: //evil"])
def test_a_sign_in_never_returns_to_another_site(raw: str) -> None:
    assert safe_next(raw) == "/"


def test_a_next_path_of_the_console_is_kept() -> None:
    assert safe_next("/bureau/worklist?verdict=ineffective") == "/bureau/worklist?verdict=ineffective"


def test_the_session_cookie_is_httponly_secure_samesite_and_renewed_at_sign_in() -> None:
    with client(Services()) as c:
        first = c.get("/signin")
        cookie = first.headers["set-cookie"]
        assert cookie.startswith("__Host-kria_console_session=")
        assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        before = c.cookies.get("__Host-kria_console_session")
        r = c.post("/signin/dev", data={"csrf": csrf_of(first.text), "person": "mse-expert-1",
                                        "next": "//evil.example/"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"
        after = c.cookies.get("__Host-kria_console_session")
        assert after and after != before
        # The id planted before sign-in is not signed in: a fixated session is worth nothing.
        c.cookies.clear()
        c.cookies.set("__Host-kria_console_session", before or "")
        assert c.get("/bureau/worklist", follow_redirects=False).headers["location"].startswith("/signin")


def test_a_form_without_its_csrf_token_is_refused_in_russian() -> None:
    services = Services()
    with client(services) as c:
        c.get("/signin")
        r = c.post("/signin/dev", data={"csrf": "forged", "person": "mse-expert-1"}, follow_redirects=False)
        assert r.status_code == 403 and "токен формы" in r.text
        sign_in(c)
        assert c.post("/signout", data={"csrf": "forged"}, follow_redirects=False).status_code == 403
        services.json("PUT", r"/v1/conclusions/c-1/reason", 200, {})
        r = c.post("/bureau/conclusions/c-1/reason", data={"reason": "child_health"}, follow_redirects=False)
        assert r.status_code == 403 and not services.made("PUT", "/v1/conclusions/c-1/reason")


def test_the_services_get_the_persons_own_development_token() -> None:
    services = Services()
    services.json("GET", r"/v1/conclusions", 200, {"items": [], "limit": 500, "offset": 0})
    with client(services) as c:
        sign_in(c, "mse-head")
        assert c.get("/bureau/sign").status_code == 200
    auth = services.made("GET", "/v1/conclusions")[-1][2] or ""
    claims = jwt.decode(auth.removeprefix("Bearer "), options={"verify_signature": False})
    assert claims["sub"] == "mse-head" and claims["roles"] == ["mse_head"] and claims["snils"] == "112-233-445 95"
    assert set(claims["aud"]) == {"kria-certificates", "kria-costing", "kria-assessment", "kria-signing"}


def test_logout_ends_the_session() -> None:
    with client(Services()) as c:
        sign_in(c)
        page = c.get("/federal", follow_redirects=False)  # an expert is not the federal bureau
        assert page.status_code == 403 and "другой роли" in page.text
        worklist = c.get("/signin")
        r = c.post("/signout", data={"csrf": csrf_of(worklist.text)}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/signin"
        assert c.get("/bureau/worklist", follow_redirects=False).status_code == 303


def test_a_page_for_another_role_is_refused_and_anonymous_people_are_sent_to_sign_in() -> None:
    with client(Services()) as c:
        r = c.get("/office/import?x=1", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/signin?next=/office/import%3Fx%3D1"
        sign_in(c)
        assert c.get("/office/import").status_code == 403


def test_production_refuses_the_development_sign_in_and_needs_oidc_and_secure_cookies() -> None:
    with pytest.raises(ValidationError, match="KRIA_CONSOLE_OIDC_ISSUER"):
        ConsoleSettings(environment="production")
    with pytest.raises(ValidationError, match="COOKIE_SECURE"):
        ConsoleSettings(environment="production", oidc_issuer="https://idp", oidc_client_id="c", cookie_secure=False)
    with client(Services(), environment="production", oidc_issuer="https://idp.example", oidc_client_id="kria") as c:
        page = c.get("/signin")
        assert "Демонстрация" not in page.text and "поставщика удостоверений" in page.text
        r = c.post("/signin/dev", data={"csrf": csrf_of(page.text) if 'name="csrf"' in page.text else "",
                                        "person": "mse-expert-1"}, follow_redirects=False)
        assert r.status_code == 403


def test_pages_carry_security_headers() -> None:
    with client(Services()) as c:
        r = c.get("/signin")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["cache-control"] == "no-store"


def test_a_person_not_in_the_demo_is_refused_naming_the_field() -> None:
    with client(Services()) as c:
        page = c.get("/signin")
        r = c.post("/signin/dev", data={"csrf": csrf_of(page.text), "person": "intruder", "next": "/office/import"},
                   follow_redirects=False)
        assert r.status_code == 422 and "Поле «пользователь»" in r.text
        sign_in(c, "sfr-operator-1")
        page = c.get("/signin")
        r = c.post("/signin/dev", data={"csrf": csrf_of(page.text), "person": "mse-head", "next": "/bureau/sign"},
                   follow_redirects=False)
        assert r.headers["location"] == "/bureau/sign"
