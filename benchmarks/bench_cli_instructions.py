"""`slaclock evaluate` against `evaluate_jsonl`, in instructions (valgrind's callgrind).

    .venv/bin/python benchmarks/bench_cli_instructions.py [--tickets 5000]

Wall and CPU times on a shared machine move by tens of percent from minute to minute;
instruction counts do not. Each side (the command writing its default JSON lines, and the
library draining `evaluate_jsonl` as `bench_cli.py` does) runs under callgrind twice: on
`--tickets` synthetic tickets and on one, so that start-up (imports, reading the policy)
drops out. Prints the instructions per ticket of each and the command's share of the
library's rate. The hash seed is fixed (`PYTHONHASHSEED=0`): with a random one two runs of
the same program differ by up to 3 %. Needs `valgrind`; takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_cli import LIBRARY, NOW
from synthetic import POLICY, jsonl

COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(command: list[str], folder: Path) -> int:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder / 'cg.out'}", *command],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count from callgrind:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        policy = folder / "policy.json"
        policy.write_text(json.dumps(POLICY), encoding="utf-8")
        counts: dict[str, dict[int, int]] = {"library": {}, "command": {}}
        for n in (1, args.tickets):
            events = folder / f"events-{n}.jsonl"
            lines = list(jsonl(n))
            events.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            library = [sys.executable, "-c", LIBRARY, str(policy), str(events), NOW]
            command = [sys.executable, "-m", "slaclock", "evaluate", str(policy), str(events)]
            command += ["--now", NOW, "--format", "jsonl"]
            for label, cmd in (("library", library), ("command", command)):
                counts[label][n] = instructions(cmd, folder)
    per = {
        label: (found[args.tickets] - found[1]) / (args.tickets - 1)
        for label, found in counts.items()
    }
    print(f"evaluate_jsonl    {per['library']:12,.0f} instructions a ticket")
    print(f"slaclock evaluate {per['command']:12,.0f} instructions a ticket")
    print(f"command ÷ library rate: {per['library'] / per['command']:.1%} (target ≥ 80 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
