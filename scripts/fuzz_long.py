"""Run the fuzz suite's long profile in seeded chunks that can be resumed.

The long profile (issue #11) is 100,000 examples for each property of ``tests/fuzz``. On a
two-core machine that is about two hours of CPU time (the policy loader takes about 35 ms an
example), more than one sitting may have. This script
runs each property as chunks of ``--chunk`` examples, each chunk a separate Hypothesis run
with its own seed, and records every chunk that passed, with the number of examples
Hypothesis reports it ran, in a state file. Run it again and it continues with the first
chunk not yet recorded; a failing chunk stops the run and prints pytest's report.

    .venv/bin/python scripts/fuzz_long.py                 # every property, 100,000 each
    .venv/bin/python scripts/fuzz_long.py --only saved_clock --examples 20000
    .venv/bin/python scripts/fuzz_long.py --summary       # what the state file holds

Two processes can share the work on two cores: give each its own seeds and state file
(``--first-seed 1 --examples 50000`` and ``--first-seed 6 --examples 50000 --state other.json``).

Run it at low priority (``nice``) on a shared machine: each example's time limit is
measured in CPU time, so a busy machine slows the run but does not fail it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROPERTIES = ("policy_loader", "event_reader", "saved_clock")
PASSING = re.compile(r"- (\d+) passing, \d+ failing")


def _load(state: Path) -> dict[str, dict[str, int]]:
    if state.exists():
        data: dict[str, dict[str, int]] = json.loads(state.read_text(encoding="utf-8"))
        return data
    return {}


def _run_chunk(name: str, seed: int, examples: int) -> tuple[bool, int, str]:
    env = {
        **os.environ,
        "HYPOTHESIS_PROFILE": "slow",
        "SLACLOCK_FUZZ_EXAMPLES": str(examples),
        "PYTHONPATH": str(ROOT / "src"),
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-m",
        "slow",
        "tests/fuzz",
        "-k",
        f"test_{name}_long",
        "-p",
        "no:cacheprovider",
        "-q",
        f"--hypothesis-seed={seed}",
        "--hypothesis-show-statistics",
    ]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    ran = sum(int(count) for count in PASSING.findall(output))
    return done.returncode == 0, ran, output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="examples a property")
    parser.add_argument("--chunk", type=int, default=10_000, help="examples in one seeded run")
    parser.add_argument("--only", choices=PROPERTIES, action="append", help="one property")
    parser.add_argument(
        "--first-seed",
        type=int,
        default=1,
        help="the seed of the first chunk (a second process on another range runs in parallel)",
    )
    parser.add_argument(
        "--state", type=Path, default=ROOT / ".fuzz" / "long.json", help="where chunks are kept"
    )
    parser.add_argument("--summary", action="store_true", help="print the state and stop")
    args = parser.parse_args(argv)
    state = _load(args.state)
    names = args.only or list(PROPERTIES)
    if not args.summary:
        chunks = -(-args.examples // args.chunk)
        for name in names:
            for index in range(chunks):
                seed = index + args.first_seed
                if str(seed) in state.get(name, {}):
                    continue
                started = time.monotonic()
                passed, ran, output = _run_chunk(name, seed, args.chunk)
                took = time.monotonic() - started
                if not passed:
                    print(output)
                    print(f"{name}: chunk with seed {seed} failed", file=sys.stderr)
                    return 1
                state.setdefault(name, {})[str(seed)] = ran
                args.state.parent.mkdir(parents=True, exist_ok=True)
                args.state.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
                print(f"{name}: seed {seed}: {ran:,} examples passed in {took:,.0f} s", flush=True)
    for name in names:
        chunks_done = state.get(name, {})
        total = sum(chunks_done.values())
        print(f"{name}: {total:,} examples passed in {len(chunks_done)} chunk(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
