"""Start-up cost: ``import slaclock`` and ``slaclock --help`` against a bare interpreter,
side by side in one run.

    .venv/bin/python benchmarks/startup.py [--rounds 20] [--src DIR ...]

Each round starts a fresh interpreter for every command, in turn, so all meet the same
moments of a shared machine; each command keeps its best round. Bytecode is compiled first
(``compileall``), as an installed package has it. With several ``--src`` trees (for example
an older checkout's ``src``), each tree's commands run in the same rounds. Prints
milliseconds and the ratio to ``python -c pass``. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--src", nargs="*", default=[str(ROOT / "src")])
    args = parser.parse_args()
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([sys.executable, "-c", "pass"], {})
    }
    for src in args.src:
        compileall.compile_dir(src, quiet=1)
        env = {"PYTHONPATH": src}
        tag = "" if len(args.src) == 1 else f" [{src}]"
        commands[f"import slaclock{tag}"] = ([sys.executable, "-c", "import slaclock"], env)
        commands[f"slaclock --help{tag}"] = ([sys.executable, "-m", "slaclock", "--help"], env)
    best = dict.fromkeys(commands, float("inf"))
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    for _ in range(args.rounds):
        for label, (command, extra) in commands.items():
            env = {**os.environ, **extra}
            begin = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
            best[label] = min(best[label], time.perf_counter() - begin)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    bare = best["python -c pass"]
    for label, seconds in best.items():
        print(f"  {label:<40} {seconds * 1e3:7.1f} ms  {seconds / bare:5.2f}× bare")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
