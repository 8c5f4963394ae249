"""A build's heartbeat thread works for the build's partnership.

The heartbeat records ``heartbeat_at`` from a thread of its own, with a connection of its own.
Under row-level security its update finds the report's row only if that thread's transactions
carry the build's partnership (``partnership.scope``); a thread starts with a context of its
own, so the heartbeat runs in a copy of the build's.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace

from partnership import scope
from reports import services


def test_the_heartbeat_thread_works_for_the_partnership_of_the_build(monkeypatch, settings):
    settings.REPORT_BUILD_LEASE_SECONDS = 3  # a beat every second
    seen: list[int | None] = []
    beaten = threading.Event()

    def record(self) -> None:
        seen.append(scope.current_id())
        beaten.set()

    monkeypatch.setattr(services._Heartbeat, "_beat", record)
    token = scope.enter_for_task(7)
    try:
        with services._Heartbeat(SimpleNamespace(pk=1)):
            assert beaten.wait(timeout=30)
    finally:
        scope.leave_for_task(token)
    assert seen and set(seen) == {7}
