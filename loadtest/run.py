"""`make loadtest`: set up, drive every phase, reconcile after each write phase, report, clean up.

Environment (all optional):
  LOADTEST_SECONDS        length of each phase, at most 60 (default 60)
  LOADTEST_MAX_REQUESTS   requests per phase at most (default 60,000)
  LOADTEST_CLIENTS        concurrent keep-alive connections (default 16)
  LOADTEST_WORKER_CLASS   gunicorn's worker class (default gthread)
  LOADTEST_THREADS        threads per gthread worker (default 4)
  LOADTEST_PHASES         which phases, e.g. intake,kill (default: all of intake, open311,
                          triage, help, standards, kill, dbend)
  LOADTEST_DATABASE       the database to create and drop (default civicdesk_loadtest)
  LOADTEST_REDIS_URL      the shared cache (default redis://127.0.0.1:6379/7, flushed first)
  LOADTEST_WRITE_DOCS     0: do not rewrite docs/performance.md (default 1)
  LOADTEST_SETTINGS       the server's settings module (default config.settings.production),
                          to try a change to production's settings before making it
Exit status 1 when any write was lost, duplicated or half-written.
"""

from __future__ import annotations

import os
import secrets
import shlex
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from loadtest import bodies, faults, processes, report, setup
from loadtest.driver import Fault, PhaseRun, drive
from loadtest.stats import percentile, rate

WORKERS = 2
LONGEST_PHASE = 60.0
HEADING = "## Load and faults (issue 12)"
# Issue 12, point 4: requests a second at least, and p99 in ms at most (None: no bound).
TARGETS: dict[str, tuple[float, float | None]] = {
    "contact intake": (500, 100),
    "triage GET": (800, None),
    "Open311 POST": (300, None),
}


@dataclass(frozen=True)
class Phase:
    name: str
    key: str  # for LOADTEST_PHASES
    marker_phase: str = ""  # writes: the phase part of their markers
    fault: str = ""  # "kill" or "dbend"


PHASES = [
    Phase("contact intake", "intake", "intake"),
    Phase("Open311 POST", "open311", "open311"),
    Phase("triage GET", "triage"),
    Phase("help page", "help"),
    Phase("standards page", "standards"),
    Phase("writes, a worker killed", "kill", "kill", "kill"),
    Phase("writes, database connections ended", "dbend", "dbend", "dbend"),
]


@dataclass(frozen=True)
class Options:
    seconds: float
    max_requests: int
    clients: int
    worker_class: str
    threads: int
    phases: list[Phase]
    database: str
    redis_url: str
    write_docs: bool

    @classmethod
    def from_environment(cls) -> Options:
        wanted = [p.strip() for p in os.environ.get("LOADTEST_PHASES", "").split(",") if p.strip()]
        unknown = set(wanted) - {p.key for p in PHASES}
        if unknown:
            raise SystemExit(f"Unknown phases {sorted(unknown)}; known: {[p.key for p in PHASES]}")
        return cls(
            seconds=min(float(os.environ.get("LOADTEST_SECONDS", LONGEST_PHASE)), LONGEST_PHASE),
            max_requests=min(
                int(os.environ.get("LOADTEST_MAX_REQUESTS", 60_000)), bodies.PLACES_PER_PHASE
            ),
            clients=int(os.environ.get("LOADTEST_CLIENTS", 16)),
            worker_class=os.environ.get("LOADTEST_WORKER_CLASS", "gthread"),
            threads=int(os.environ.get("LOADTEST_THREADS", 4)),
            phases=[p for p in PHASES if not wanted or p.key in wanted],
            database=os.environ.get("LOADTEST_DATABASE", "civicdesk_loadtest"),
            redis_url=os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/7"),
            write_docs=os.environ.get("LOADTEST_WRITE_DOCS", "1") != "0",
        )


def _say(text: str) -> None:
    print(text, flush=True)


def _phase_notes(phase: Phase, run: PhaseRun, row: report.Row) -> list[str]:
    """What the table cannot say: every attempt's answer, retries, faults, failed answers."""
    attempts = ", ".join(f"{k}: {v}" for k, v in sorted(run.attempts.items()))
    replayed = sum(1 for o in run.outcomes if o.replayed)
    again = f"; {replayed} retries answered with the first answer again" if replayed else ""
    notes = [f"{phase.name}: answers to every attempt: {attempts}{again}."]
    retried = [o.seconds * 1000 for o in run.outcomes if o.attempts > 1]
    once = [o.seconds * 1000 for o in run.outcomes if o.attempts == 1]
    if retried:
        notes.append(
            f"{phase.name}: the {len(retried)} requests sent more than once took"
            f" {percentile(retried, 0.5):.0f} ms (median) to {max(retried):.0f} ms, retries"
            f" included; the others' p99 was {percentile(once, 0.99):.0f} ms."
        )
    if phase.name in TARGETS:
        notes.append(_against_target(row))
    notes.extend(f"{phase.name}: {done}" for done in run.faults)
    notes.extend(
        f"{phase.name}: a {status} answer reads `{_one_line(body)}`"
        for status, body in sorted(run.failed_bodies.items())
    )
    return notes


def _against_target(row: report.Row) -> str:
    least, longest = TARGETS[row.phase]
    met = row.per_second >= least and (longest is None or row.p99_ms <= longest)
    wanted = f"≥ {least:,.0f} requests/s" + (f" with p99 ≤ {longest:.0f} ms" if longest else "")
    return f"{row.phase}: target {wanted}: {'met' if met else 'not met'}."


def _one_line(text: str) -> str:
    return " ".join(text.replace("`", "'").split())


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine since boot."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def _django(environment: dict[str, str]) -> None:
    """Set this process's Django up on the load test's database, for seeding and reconciling."""
    os.environ.update(
        {k: environment[k] for k in ("DATABASE_URL", "REDIS_URL", "CIVICDESK_DATA_DIR")}
    )
    os.environ.update(
        DJANGO_SETTINGS_MODULE=environment["DJANGO_SETTINGS_MODULE"],
        DJANGO_SECRET_KEY=environment["DJANGO_SECRET_KEY"],
        DJANGO_ALLOWED_HOSTS=environment["DJANGO_ALLOWED_HOSTS"],
    )
    import django

    django.setup()


def _seeded(environment: dict[str, str], run: str) -> bodies.Setup:
    from civicdesk.catalogue.models import QueryType
    from civicdesk.residents.models import Resident

    token = setup.civicdesk(environment, "create_api_token", "--user", "advisor").splitlines()[-1]
    key = setup.civicdesk(
        environment, "create_open311_key", "--council", "demo", "--client", "Load test"
    ).splitlines()[-1]
    query_types = QueryType.objects.filter(council__slug="demo", active=True).order_by("code")
    service = query_types.exclude(open311_code="").filter(open311_code="WASTE-MISSED").first()
    if service is None:
        raise SystemExit("The demo has no WASTE-MISSED Open311 service.")
    residents = Resident.objects.filter(council__slug="demo", merged_into__isnull=True)
    return bodies.Setup(
        council="demo",
        token=token,
        open311_key=key,
        service_code=service.open311_code,
        query_types=tuple(query_types.values_list("code", flat=True)),
        residents=tuple(residents.order_by("pk").values_list("pk", flat=True)[:200]),
        run=run,
    )


def _faults(
    phase: Phase, options: Options, server: setup.Server, database: setup.Database
) -> list[Fault]:
    if phase.fault == "kill":
        # Once: a second kill while the first one's replacement still boots (seconds, on a busy
        # machine) would leave no worker at all, which is another test.
        return [
            Fault(options.seconds / 2, "kill a worker", lambda: faults.kill_a_worker(server.master))
        ]
    at = [options.seconds / 3, 2 * options.seconds / 3]
    if phase.fault == "dbend":
        return [
            Fault(
                t,
                "end connections",
                lambda: faults.end_connections(database.admin_url, database.name),
            )
            for t in at
        ]
    return []


def _row(
    phase: Phase, run: PhaseRun, council_id: int, prefix: str, cpu: float, worker_cpu: float
) -> report.Row:
    from loadtest.reconcile import half_written, reconcile

    seconds = [o.seconds * 1000 for o in run.outcomes]
    lost = duplicated = unanswered = broken = None
    if phase.marker_phase:
        found = reconcile(run.outcomes, prefix)
        lost, duplicated, unanswered = found.lost, found.duplicated, found.unanswered
        broken = half_written(council_id).total
        _say(f"  reconciled: {found.answered} 2xx answers, {found.rows} rows; {found}")
    return report.Row(
        phase=phase.name,
        requests=len(run.outcomes),
        per_second=rate(len(run.outcomes), run.wall_seconds),
        p50_ms=percentile(seconds, 0.5),
        p99_ms=percentile(seconds, 0.99),
        errors=sum(1 for o in run.outcomes if not o.succeeded),
        retried_ok=sum(1 for o in run.outcomes if o.succeeded and o.attempts > 1),
        lost=lost,
        duplicated=duplicated,
        unanswered=unanswered,
        half_written=broken,
        worker_cpu_ms=1000 * worker_cpu / len(run.outcomes) if run.outcomes else 0.0,
        driver_cpu=run.driver_cpu_seconds / run.wall_seconds if run.wall_seconds else 0.0,
        machine_cpu=cpu,
    )


def _warm_up(plans: dict[str, bodies.Plan], server: setup.Server, options: Options) -> None:
    """A second of each read, so the workers' first requests (imports, caches) are not timed."""
    for name in ("triage GET", "help page", "standards page"):
        drive(host=setup.HOST, port=server.port, plan=plans[name], clients=2, seconds=1, limit=200)


def main() -> int:
    options = Options.from_environment()
    run_id = secrets.token_hex(3)
    command = " ".join(
        [
            f"{k}={shlex.quote(v)}"
            for k, v in sorted(os.environ.items())
            if k.startswith("LOADTEST_")
        ]
        + ["make loadtest"]
    )
    database = setup.Database(options.database)
    data_dir = Path(tempfile.mkdtemp(prefix="civicdesk-loadtest-"))
    environment = setup.server_environment(database, data_dir, options.redis_url)
    server: setup.Server | None = None
    rows: list[report.Row] = []
    notes: list[str] = []
    load_before = _load_average()
    started_at = datetime.now(UTC)
    try:
        _say(f"Database {database.name}: creating, migrating, loading the demo (no call records)")
        database.create()
        import redis

        redis.Redis.from_url(options.redis_url).flushdb()
        setup.civicdesk(environment, "migrate", "--noinput", local=True)
        setup.civicdesk(environment, "load_demo", "--no-calls", local=True)
        _django(environment)
        seeded = _seeded(environment, run_id)
        from django.db import connections

        from civicdesk.councils.models import Council
        from loadtest.reconcile import half_written

        council_id = Council.objects.get(slug="demo").pk
        baseline = half_written(council_id)
        if baseline.total:
            notes.append(f"Before any load the demo data was already half-written: {baseline}.")
        server = setup.start_gunicorn(
            environment,
            workers=WORKERS,
            worker_class=options.worker_class,
            threads=options.threads,
            log=data_dir / "gunicorn.log",
        )
        setup.wait_until_serving(server, f"/councils/{seeded.council}/help/")
        plans = bodies.plans(seeded)
        _warm_up(plans, server, options)
        for phase in options.phases:
            load = _load_average()
            _say(f"{phase.name}: {options.seconds:.0f} s, {options.clients} clients (load {load})")
            connections.close_all()  # ours too would be ended by the database fault
            busy, total = _cpu_ticks()
            workers = processes.children(server.master)
            worker_cpu = processes.cpu_seconds(workers)
            run = drive(
                host=setup.HOST,
                port=server.port,
                plan=plans[phase.name],
                clients=options.clients,
                seconds=options.seconds,
                limit=options.max_requests,
                faults=_faults(phase, options, server, database),
            )
            worker_cpu_after = processes.cpu_seconds(workers)  # a killed worker's is not known
            busy_after, total_after = _cpu_ticks()
            used = sum(worker_cpu_after[pid] - worker_cpu[pid] for pid in worker_cpu_after)
            cpu = (busy_after - busy) / (total_after - total) if total_after > total else 0.0
            prefix = bodies.marker(seeded, phase.marker_phase, 0)[:-1] if phase.marker_phase else ""
            row = _row(phase, run, council_id, prefix, cpu, used)
            rows.append(row)
            said = _phase_notes(phase, run, row)
            notes.extend(said)
            _say(f"  {' | '.join(row.cells())}")
            _say(f"  connections opened: {run.connections_opened}")
            for line in said:
                _say(f"  {line}")
    finally:
        if server is not None:
            server.stop()
        load_after = _load_average()
        try:
            database.drop()
        except Exception as error:  # cleaning up: say so, keep the report
            _say(f"Could not drop {database.name}: {error}")
    text = report.table(rows)
    _say("\n" + text)
    if options.write_docs and rows:
        section = _section(options, command, started_at, load_before, load_after, text, notes)
        report.write_section(setup.ROOT / "docs" / "performance.md", section, HEADING)
        _say("Written to docs/performance.md")
    failed = report.broken(rows)
    if failed:
        _say(f"FAILED: a write was lost, duplicated or half-written in: {', '.join(failed)}.")
    return 1 if failed else 0


def _section(
    options: Options,
    command: str,
    started_at: datetime,
    load_before: str,
    load_after: str,
    text: str,
    notes: list[str],
) -> str:
    server = f"gunicorn, {WORKERS} {options.worker_class} workers"
    if options.worker_class == "gthread":
        server += f" with {options.threads} threads each"
    lines = [
        f"Run {started_at:%Y-%m-%d %H:%M} UTC: `{command}`.",
        f"{server}, production settings, PostgreSQL on 127.0.0.1;",
        f"{options.clients} keep-alive clients; phases of {options.seconds:.0f} s"
        f" (at most {options.max_requests:,} requests).",
        f"Load average (1, 5, 15 min) {load_before} before, {load_after} after.",
        "",
        text,
        "",
        *(f"- {note}" for note in notes),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
