"""Write ``python.inv``: the Python standard library names slaclock's docs refer to.

The docs build offline, so intersphinx reads this file instead of fetching the inventory of
docs.python.org; the links it makes still point there. Add a name to `NAMES` and run
``python docs/_inventories/make_python_inv.py`` when the docs mention a new one.
"""

from __future__ import annotations

import zlib
from pathlib import Path

# name, role, page under https://docs.python.org/3/ (the anchor is the name itself)
NAMES: list[tuple[str, str, str]] = [
    ("datetime.datetime", "class", "library/datetime.html"),
    ("datetime.date", "class", "library/datetime.html"),
    ("datetime.time", "class", "library/datetime.html"),
    ("datetime.timedelta", "class", "library/datetime.html"),
    ("datetime.timezone", "class", "library/datetime.html"),
    ("datetime.tzinfo", "class", "library/datetime.html"),
    ("zoneinfo.ZoneInfo", "class", "library/zoneinfo.html"),
    ("decimal.Decimal", "class", "library/decimal.html"),
    ("fractions.Fraction", "class", "library/fractions.html"),
    ("pathlib.Path", "class", "library/pathlib.html"),
    ("collections.abc.Iterable", "class", "library/collections.abc.html"),
    ("collections.abc.Iterator", "class", "library/collections.abc.html"),
    ("collections.abc.Mapping", "class", "library/collections.abc.html"),
    ("collections.abc.Sequence", "class", "library/collections.abc.html"),
    ("collections.abc.Callable", "class", "library/collections.abc.html"),
    ("typing.Any", "data", "library/typing.html"),
    ("typing.Literal", "data", "library/typing.html"),
    ("typing.Protocol", "class", "library/typing.html"),
    ("typing.IO", "class", "library/typing.html"),
    ("typing.TextIO", "class", "library/typing.html"),
    ("array.array", "class", "library/array.html"),
    ("object", "class", "library/functions.html"),
    ("str", "class", "library/stdtypes.html"),
    ("int", "class", "library/functions.html"),
    ("float", "class", "library/functions.html"),
    ("bool", "class", "library/functions.html"),
    ("bytes", "class", "library/stdtypes.html"),
    ("dict", "class", "library/stdtypes.html"),
    ("list", "class", "library/stdtypes.html"),
    ("tuple", "class", "library/stdtypes.html"),
    ("set", "class", "library/stdtypes.html"),
    ("frozenset", "class", "library/stdtypes.html"),
    ("ValueError", "exception", "library/exceptions.html"),
    ("TypeError", "exception", "library/exceptions.html"),
    ("KeyError", "exception", "library/exceptions.html"),
    ("LookupError", "exception", "library/exceptions.html"),
    ("OverflowError", "exception", "library/exceptions.html"),
    ("UserWarning", "exception", "library/exceptions.html"),
    ("Exception", "exception", "library/exceptions.html"),
]


def main() -> None:
    header = (
        "# Sphinx inventory version 2\n"
        "# Project: Python\n"
        "# Version: 3\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    body = "".join(f"{name} py:{role} 1 {page}#$ -\n" for name, role, page in NAMES)
    out = Path(__file__).with_name("python.inv")
    out.write_bytes(header.encode() + zlib.compress(body.encode(), 9))
    print(f"wrote {out} ({len(NAMES)} names)")


if __name__ == "__main__":
    main()
