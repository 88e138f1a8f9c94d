"""Drive one phase: `clients` keep-alive connections, each sending its next request as soon as
the last is answered, until the phase's time or count runs out; faults fire on schedule.

A request that gets no answer (the connection dropped: a killed worker) or a 5xx is sent again,
the same bytes with the same `Idempotency-Key`, up to `RETRIES` times, after `Retry-After` (at
most a second). Each request's outcome is kept for the reconciliation.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from loadtest.bodies import Plan, Planned
from loadtest.wire import Answer, Connection, ConnectionDropped, request_bytes

RETRIES = 3
RETRY_PAUSE = 0.2  # seconds, when the answer does not say
LONGEST_PAUSE = 1.0
NO_ANSWER = 0  # the status kept for a request that never got one


@dataclass(frozen=True)
class Outcome:
    marker: str
    table: str
    status: int  # the last attempt's; NO_ANSWER if it got none
    attempts: int
    seconds: float  # from the first send to the last answer, retries included
    first_failure: str = ""  # "reset", "timeout" or a 5xx status, for a request retried
    replayed: bool = False  # the answer was the first attempt's, given again

    @property
    def succeeded(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class Fault:
    at: float  # seconds into the phase
    name: str
    act: Callable[[], str]  # does it; returns what it did, for the report


@dataclass
class PhaseRun:
    outcomes: list[Outcome] = field(default_factory=list)
    attempts: Counter[str] = field(default_factory=Counter)  # by status, "reset" or "timeout"
    faults: list[str] = field(default_factory=list)
    failed_bodies: dict[int, str] = field(default_factory=dict)  # a sample, by 4xx/5xx status
    wall_seconds: float = 0.0
    driver_cpu_seconds: float = 0.0
    connections_opened: int = 0


def _failure(answer: Answer | None, error: str) -> str:
    return error if answer is None else str(answer.status)


async def _one(
    connection: Connection, planned: Planned, raw: bytes, run: PhaseRun, timeout: float
) -> Outcome:
    started = time.perf_counter()
    first_failure = ""
    answer: Answer | None = None
    for attempt in range(1, RETRIES + 2):
        error = ""
        try:
            answer = await connection.send(raw, timeout=timeout)
        except (ConnectionDropped, ConnectionError, OSError):
            answer, error = None, "reset"
        except TimeoutError:
            answer, error = None, "timeout"
        run.attempts[_failure(answer, error)] += 1
        if answer is not None and answer.status >= 400:
            run.failed_bodies.setdefault(
                answer.status, answer.body[:160].decode("utf-8", "replace")
            )
        if answer is not None and answer.status < 500:
            break
        first_failure = first_failure or _failure(answer, error)
        if attempt <= RETRIES:
            pause = answer.retry_after if answer and answer.retry_after else RETRY_PAUSE
            await asyncio.sleep(min(pause, LONGEST_PAUSE))
    return Outcome(
        marker=planned.marker,
        table=planned.table,
        status=answer.status if answer is not None else NO_ANSWER,
        attempts=attempt,
        seconds=time.perf_counter() - started,
        first_failure=first_failure,
        replayed=answer is not None and answer.replayed,
    )


async def _client(
    host: str,
    port: int,
    plan: Plan,
    numbers: itertools.count[int],
    limit: int,
    deadline: float,
    run: PhaseRun,
    timeout: float,
) -> None:
    connection = Connection(host, port)
    address = f"{host}:{port}"
    try:
        while time.perf_counter() < deadline:
            number = next(numbers)
            if number >= limit:
                return
            planned = plan(number)
            raw = request_bytes(
                planned.method,
                planned.path,
                host=address,
                headers=planned.headers,
                body=planned.body,
            )
            run.outcomes.append(await _one(connection, planned, raw, run, timeout))
    finally:
        run.connections_opened += connection.opened
        connection.close()


async def _faults(faults: list[Fault], started: float, run: PhaseRun) -> None:
    loop = asyncio.get_running_loop()
    for fault in sorted(faults, key=lambda f: f.at):
        await asyncio.sleep(max(0.0, started + fault.at - time.perf_counter()))
        done = await loop.run_in_executor(None, fault.act)
        run.faults.append(f"{time.perf_counter() - started:.1f} s: {fault.name}: {done}")


async def _phase(
    host: str,
    port: int,
    plan: Plan,
    clients: int,
    seconds: float,
    limit: int,
    faults: list[Fault],
    timeout: float,
) -> PhaseRun:
    run = PhaseRun()
    numbers = itertools.count()
    started = time.perf_counter()
    cpu = time.process_time()
    deadline = started + seconds
    fault_task = asyncio.create_task(_faults(faults, started, run))
    await asyncio.gather(
        *(_client(host, port, plan, numbers, limit, deadline, run, timeout) for _ in range(clients))
    )
    run.wall_seconds = time.perf_counter() - started
    run.driver_cpu_seconds = time.process_time() - cpu
    await fault_task  # a fault due after the last answer still fires, and is reported
    return run


def drive(
    *,
    host: str,
    port: int,
    plan: Plan,
    clients: int,
    seconds: float,
    limit: int,
    faults: list[Fault] | None = None,
    timeout: float = 10.0,
) -> PhaseRun:
    """Run one phase to its end and return every request's outcome."""
    return asyncio.run(_phase(host, port, plan, clients, seconds, limit, faults or [], timeout))
