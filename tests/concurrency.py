"""Requests racing each other for real (PostgreSQL, one thread and connection each): the one helper of the tests
that prove a row lock or a constraint decides."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection


def race(racers: int, worker, *, refusal=lambda exc: exc.messages):
    """Start `worker(n)` for n in range(racers) at once (behind a barrier); returns (what the workers returned,
    `refusal(exc)` of each ValidationError, repr of any other exception) — the last must stay empty."""
    barrier = threading.Barrier(racers)
    accepted, refused, crashed = [], [], []

    def attempt(n):
        try:
            barrier.wait(timeout=60)
            accepted.append(worker(n))
        except ValidationError as exc:
            refused.append(refusal(exc))
        except Exception as exc:  # noqa: BLE001 — any other failure must fail the test, not vanish in a thread
            crashed.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return accepted, refused, crashed
