"""The federal bureau's read window: what the page says when it is open or closed."""

from __future__ import annotations

from datetime import timedelta

from kria_console.domain.formats import MOSCOW, moscow_time, parse_instant

WINDOW_DAYS = 10  # the signing service's access.yaml; only used in the sentence, the service decides


def closed_sentence(access_until: str | None) -> str:
    """Why the page is closed: the ten days counted from the day after submission are over."""
    base = (f"Доступ федерального бюро к заключению открыт {WINDOW_DAYS} календарных дней со дня, следующего "
            "за днём его передачи в ЕЦП (ст. 191 ГК РФ)")
    if access_until:
        return f"{base}; он закрыт с {moscow_time(access_until)}. Заключение больше нельзя открыть из консоли."
    return (f"{base}. Сейчас доступ закрыт: срок истёк, заключение ещё не передано в ЕЦП или его номер указан "
            "неверно. Прочитать его из консоли федерального бюро нельзя.")


def open_sentence(access_until: str | None) -> str:
    """``federal_access_until`` is exclusive (00:00 MSK after the last day): say the last day a person can read."""
    if not access_until:
        return "Заключение доступно для чтения."
    until = parse_instant(access_until).astimezone(MOSCOW)
    last_day = (until - timedelta(microseconds=1)).date()
    return (f"Доступно для чтения по {last_day.strftime('%d.%m.%Y')} включительно "
            f"(доступ закрывается {moscow_time(access_until)}).")


def unknown_or_closed_sentence() -> str:
    """The service answers a closed window as an unknown id (so as not to confirm the conclusion exists)."""
    return (f"Заключение с этим номером не открывается: его нет, оно ещё не передано в ЕЦП или истекли "
            f"{WINDOW_DAYS} календарных дней доступа федерального бюро со дня, следующего за днём передачи "
            "(ст. 191 ГК РФ). Проверьте номер или найдите заключение в списке открытых.")
