"""The fuzz suite (issue #11): hostile input to the policy loader (YAML, JSON and TOML text
and Python data), the event reader (JSON lines) and `SlaClock.from_json`.

For every input: a failure is a `SlaclockError` (nothing else escapes), no input takes more
than `SECONDS` of CPU time or allocates more than `PEAK_BYTES` (measured per example, the
memory with tracemalloc),
and whatever is accepted round-trips (a policy set through `to_dict`, an event through
`to_dict`, a clock through `to_json`).

Generating a valid policy file costs Hypothesis about 50 ms, four times what loading it
costs, so the long profile of the policy loader draws the files its mutations start from out
of a corpus: `CORPUS` files generated once a run from the run's seed (``--hypothesis-seed``),
each then mutated, cut or written out differently by every example.

A short profile runs in the default test run. The long one (`LONG` examples a property) is
marked ``slow``::

    HYPOTHESIS_PROFILE=slow .venv/bin/python -m pytest -m slow tests/fuzz
"""

from __future__ import annotations

import gc
import json
import os
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import pytest
import yaml
from clock_strategies import event_dicts, json_values
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from policy_strategies import mutated, policy_files

from slaclock.clock import FailedTicket, SlaClock, TicketStatus, evaluate_jsonl
from slaclock.config import PolicySet
from slaclock.errors import SlaclockError
from slaclock.events import TicketEvent

SECONDS = 2.0
PEAK_BYTES = 500 * 2**20
SHORT = 20
# The long profile's examples a property; SLACLOCK_FUZZ_EXAMPLES overrides it for a quick look.
LONG = int(os.environ.get("SLACLOCK_FUZZ_EXAMPLES", "100000"))
# Valid policy files the long profile's mutations start from: one for every ten examples.
CORPUS = max(100, min(LONG // 10, 2000))
T = TypeVar("T")

POLICIES = PolicySet.from_dict(
    {
        "calendars": {
            "office": {
                "timezone": "Europe/Berlin",
                "hours": {"mon-fri": ["09:00-17:00"]},
                "holidays": {"country": "DE", "subdiv": "BE"},
            }
        },
        "policies": [
            {
                "name": "p",
                "calendar": "office",
                "pause_on": ["pending"],
                "metrics": {
                    "hold": {
                        "start": {"event": "created"},
                        "stop": {"event": "resolved"},
                        "pause": {"group": "vendor"},
                    }
                },
                "targets": {
                    "*": {"first_response": "4h", "resolution": "3 business days", "hold": "8h"},
                    "P1": {"first_response": "15m", "resolution": "4h", "calendar": "24x7"},
                },
            }
        ],
    }
)
NOW = datetime.fromisoformat("2026-12-01T12:00+01:00")
# Importing the holiday data and building the first year tables happen once per process; they
# are not the cost of any one input.
list(
    evaluate_jsonl(
        POLICIES,
        ['{"type": "created", "at": "2026-11-23T10:00+01:00", "priority": "P2"}'],
        NOW,
    )
)


def bounded(run: Callable[[], T]) -> T | SlaclockError:
    """`run()`, or the slaclock error it raised; any other exception fails the example, and so
    does taking more than `SECONDS` of CPU time or allocating more than `PEAK_BYTES`.

    Time and memory are measured in two runs: tracemalloc slows allocation-heavy code several
    times over, so a traced run would not say how long the input takes. The garbage collector
    is off while the time is taken: a full collection walks everything Hypothesis keeps of the
    examples before, which would charge the input for the harness's memory.
    """
    collecting = gc.isenabled()
    gc.disable()
    started = time.process_time()  # CPU time: the machine may be shared
    try:
        result: T | SlaclockError = run()
    except SlaclockError as exc:
        result = exc
    finally:
        took = time.process_time() - started
        if collecting:
            gc.enable()
    assert took < SECONDS, f"took {took:.2f}s"
    tracemalloc.start()
    try:
        run()
    except SlaclockError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < PEAK_BYTES, f"allocated {peak / 2**20:.0f} MB"
    return result


_COUNTS: dict[str, int] = {}
_LOG = os.environ.get("SLACLOCK_FUZZ_LOG")  # a file to note progress in, every 1,000 examples


def _progress(name: str) -> None:
    _COUNTS[name] = _COUNTS.get(name, 0) + 1
    if _LOG and _COUNTS[name] % 1000 == 0:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{time.strftime('%H:%M:%S')} {name}: {_COUNTS[name]:,} examples\n")


def twice(
    strategy: st.SearchStrategy[T],
    check: Callable[[T], None],
    long_strategy: st.SearchStrategy[T] | None = None,
) -> tuple[Callable[[], None], Callable[[], None]]:
    """The property as a short test (default run) and a long one (marked slow), which draws
    from `long_strategy` where one is given."""
    quiet = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]

    name = f"test_{check.__name__.removeprefix('check_')}"

    def short(value: T) -> None:
        check(value)

    def long(value: T) -> None:
        check(value)
        _progress(check.__name__)

    # Each test its own name before Hypothesis sees it, so each keeps its own failing examples.
    short.__name__ = short.__qualname__ = name
    long.__name__ = long.__qualname__ = f"{name}_long"
    fast = settings(max_examples=SHORT, deadline=None, suppress_health_check=quiet)
    slow = settings(max_examples=LONG, deadline=None, suppress_health_check=quiet)
    long_test = slow(given(strategy if long_strategy is None else long_strategy)(long))
    return fast(given(strategy)(short)), pytest.mark.slow(long_test)


# --------------------------------------------------------------------------- policies


def _deep(depth: int, kind: str) -> str:
    if kind == "toml":
        return "a = " + "[" * depth + "]" * depth
    if kind == "json":
        return '{"a": ' + "[" * depth + "]" * depth + "}"
    return "a: " + "[" * depth + "]" * depth


@st.composite
def alias_bombs(draw: st.DrawFn) -> str:
    width = draw(st.integers(2, 12))
    levels = draw(st.integers(1, 10))
    rows = [f"a0: &a0 [{', '.join(['x'] * width)}]"]
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels + 1)]
    rows.append(f"policies: [*a{levels}]")
    return "\n".join(rows)


TEMPLATES = st.one_of(
    alias_bombs(),
    st.builds(_deep, st.integers(1, 20_000), st.sampled_from(["yaml", "json", "toml"])).map(
        lambda text: text
    ),
    st.sampled_from(
        [
            "calendars: &c {x: *c}\npolicies: []\n",
            "calendars: !!timestamp hello\n",
            "a: !!int " + "1" * 5000,
            "a: !!float nope",
            "a: !!binary ===",
            "a: !!python/object:os.system ls",
            '{"a": ' + "1" * 5000 + "}",
            "a = " + "1" * 5000,
            "\ufeffcalendars: {}",
        ]
    ),
)


@st.composite
def policy_inputs(draw: st.DrawFn, bases: st.SearchStrategy[dict[str, Any]]) -> tuple[str, Any]:
    """(format, content): a valid file from `bases` mutated and written as YAML, JSON or Python
    data; a hostile template; or text."""
    choice = draw(st.integers(0, 9))
    if choice <= 5:
        data = draw(mutated(draw(bases)))
        form = draw(st.sampled_from(["dict", "yaml", "json"]))
        if form == "yaml":
            return "yaml", yaml.safe_dump(data, sort_keys=False)
        if form == "json":
            return "json", json.dumps(data)
        return "dict", data
    if choice <= 7:
        text = draw(TEMPLATES)
        return draw(st.sampled_from(["yaml", "json", "toml"])), text
    text = yaml.safe_dump(draw(bases), sort_keys=False)
    cut = draw(st.integers(0, len(text)))
    noise = draw(st.text(max_size=20))
    return draw(st.sampled_from(["yaml", "json", "toml"])), text[:cut] + noise + text[cut:]


READERS: dict[str, Callable[[Any], PolicySet]] = {
    "dict": PolicySet.from_dict,
    "yaml": PolicySet.from_yaml,
    "json": PolicySet.from_json,
    "toml": PolicySet.from_toml,
}


def check_policy_input(case: tuple[str, Any]) -> None:
    form, content = case
    loaded = bounded(lambda: READERS[form](content))
    if isinstance(loaded, SlaclockError):
        return
    dumped = loaded.to_dict()

    again = bounded(lambda: PolicySet.from_json(json.dumps(dumped)))

    assert loaded == again


_CORPUS: list[dict[str, Any]] = []


@pytest.fixture(scope="module")
def policy_corpus(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    """`CORPUS` valid policy files, the same for the same ``--hypothesis-seed``."""
    if not _CORPUS:
        run_seed = request.config.getoption("hypothesis_seed", None)

        @seed(int(run_seed or 0))
        @settings(
            max_examples=CORPUS,
            database=None,
            phases=[Phase.generate],
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(policy_files())
        def collect(data: dict[str, Any]) -> None:
            _CORPUS.append(data)

        collect()
    return _CORPUS


test_policy_loader, test_policy_loader_long = twice(
    policy_inputs(policy_files()),
    check_policy_input,
    policy_inputs(st.deferred(lambda: st.sampled_from(_CORPUS))),
)
test_policy_loader_long = pytest.mark.usefixtures("policy_corpus")(test_policy_loader_long)


# --------------------------------------------------------------------------- events

VALID_LINES: list[dict[str, Any]] = [
    {"type": "created", "at": "2026-11-23T10:00+01:00", "priority": "P2"},
    {"type": "status_changed", "at": "2026-11-23T11:00+01:00", "status": "pending"},
    {"type": "assigned", "at": "2026-11-23T11:30+01:00", "group": "vendor"},
    {"type": "customer_replied", "at": "2026-11-24T09:00+01:00"},
    {"type": "agent_replied", "at": "2026-11-24T10:00+01:00", "public": True},
    {"type": "resolved", "at": "2026-11-25T10:00+01:00"},
]


@st.composite
def event_lines(draw: st.DrawFn) -> list[str]:
    """A JSON-lines stream: tickets of plausible events, some lines broken or hostile."""
    lines: list[str] = []
    for ticket in draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=4)):
        for line in draw(st.lists(st.sampled_from(VALID_LINES), min_size=1, max_size=5)):
            lines.append(json.dumps({**line, "ticket": ticket}))
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.integers(0, len(lines)))
        kind = draw(st.integers(0, 4))
        if kind == 0:
            line = json.dumps(draw(event_dicts()))
        elif kind == 1:
            line = draw(st.text(max_size=40))
        elif kind == 2 and lines:
            original = lines[min(where, len(lines) - 1)]
            cut = draw(st.integers(0, len(original)))
            line = original[:cut] + draw(st.text(max_size=5)) + original[cut + 1 :]
        elif kind == 3:
            line = draw(st.sampled_from(["[" * 3000, '{"id": ' + "7" * 5000 + "}", "\ufeff{}"]))
        else:
            line = json.dumps({**draw(st.sampled_from(VALID_LINES)), **draw(event_dicts_obj())})
        lines.insert(where, line)
    return lines


def event_dicts_obj() -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(
        st.sampled_from(["ticket", "id", "at", "type", "priority", "attributes", "public"]),
        json_values,
        max_size=2,
    )


def check_event_lines(lines: list[str]) -> None:
    def collect() -> list[TicketStatus | FailedTicket]:
        results = list(evaluate_jsonl(POLICIES, lines, NOW, errors="collect"))
        for result in results:
            if isinstance(result, TicketStatus):
                result.to_dict()  # the lazily computed parts too
        return results

    results = bounded(collect)
    assert not isinstance(results, SlaclockError), results
    for result in results:
        if isinstance(result, FailedTicket):
            assert isinstance(result.error, SlaclockError)
            assert result.line is not None
    failed_fast = bounded(lambda: [s.to_dict() for s in evaluate_jsonl(POLICIES, lines, NOW)])
    if not isinstance(failed_fast, SlaclockError):
        assert all(isinstance(r, TicketStatus) for r in results)
    for line in lines:
        event = bounded(lambda line=line: TicketEvent.from_json(line))  # type: ignore[misc]
        if isinstance(event, TicketEvent):
            assert TicketEvent.from_dict(json.loads(json.dumps(event.to_dict()))) == event


test_event_reader, test_event_reader_long = twice(event_lines(), check_event_lines)


# --------------------------------------------------------------------------- saved clocks


@st.composite
def saved_clocks(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 4))
    if choice == 0:
        return draw(st.text(max_size=60))
    events: list[Any] = [
        {**line} for line in draw(st.lists(st.sampled_from(VALID_LINES), max_size=5))
    ]
    if choice >= 2:
        events += draw(st.lists(event_dicts(), max_size=3))
    version = 1 if choice != 3 else draw(st.one_of(json_values, st.just(1)))
    text = json.dumps({"slaclock": version, "events": events})
    if choice == 4:
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=4)) + text[cut:]
    return text


def check_saved_clock(text: str) -> None:
    clock = bounded(lambda: SlaClock.from_json(text, POLICIES))
    if isinstance(clock, SlaclockError):
        return
    saved = bounded(clock.to_json)
    assert isinstance(saved, str)

    again = bounded(lambda: SlaClock.from_json(saved, POLICIES))

    assert not isinstance(again, SlaclockError), again
    assert again.events == clock.events
    status = bounded(lambda: clock.status(NOW).to_dict())
    if not isinstance(status, SlaclockError):
        assert again.status(NOW).to_dict() == status


test_saved_clock, test_saved_clock_long = twice(saved_clocks(), check_saved_clock)
