#!/usr/bin/env bash
# CI job: the built wheel, installed with the LOWEST versions of its direct dependencies that
# pyproject.toml allows, passes the tests (with only the `test` extra, as `pip install
# slaclock[test]` gives). Proves the lower bounds true and the wheel complete.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each `name>=X` of [project].dependencies becomes `name==X`.
python3 - "$work/lowest.txt" <<'PY'
import re, sys, tomllib
deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]
pins = []
for dep in deps:
    found = re.match(r"\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)", dep)
    if found is None:
        sys.exit(f"pyproject.toml: dependency {dep!r} has no lower bound (name>=version)")
    pins.append(f"{found[1]}=={found[2]}")
open(sys.argv[1], "w").write("\n".join(pins) + "\n")
print("lowest direct versions:", ", ".join(pins))
PY

python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/pip" wheel --quiet --no-deps --wheel-dir "$work/dist" .
wheel=$(ls "$work"/dist/slaclock-*.whl)
"$work/venv/bin/pip" install --quiet -c "$work/lowest.txt" "slaclock[test] @ file://$wheel"

# The tests must import the installed wheel, not the source tree.
(cd "$work" && "$work/venv/bin/python" -c \
  "import slaclock, sys; f = slaclock.__file__; print('testing', f); sys.exit('site-packages' not in f)")
(cd "$work" && "$work/venv/bin/slaclock" demo > /dev/null)
# Fewer examples a property than the main run: this job checks versions and packaging.
HYPOTHESIS_PROFILE=quick "$work/venv/bin/python" -m pytest tests -q -x
