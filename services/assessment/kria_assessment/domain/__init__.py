"""The assessment domain: the course case, the activity journal, the rating scales and the protocol.

Pure rules only (no I/O, no framework, no ORM). Dates come in as arguments; configuration comes in as the
frozen dataclasses of ``rules`` and ``instruments``. The direction / activity-type / delivery / miss-reason
codes are the StrEnums of the event contracts, so the journal and the events can never drift apart.
"""
