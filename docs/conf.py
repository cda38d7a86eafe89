"""Sphinx configuration for the slaclock documentation (MyST Markdown, furo theme)."""

from __future__ import annotations

import sys
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

# Document the source tree even when slaclock is not installed into the building Python.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import slaclock

project = "slaclock"
author = "The slaclock developers"
copyright = "The slaclock developers"
release = slaclock.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# Single backticks in docstrings (`BusinessCalendar.add`) link to the API where they can.
default_role = "py:obj"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"show-inheritance": True}

html_theme = "furo"
html_title = f"slaclock {release}"


def _trim_code_blocks(app: Sphinx, doctree: nodes.document) -> None:
    # Doctest examples end with a blank line (it closes the expected output before the
    # fence); it need not show on the page.
    for block in doctree.findall(nodes.literal_block):
        text = block.astext()
        if text.endswith("\n"):
            block.rawsource = text.rstrip("\n")
            block.children = [nodes.Text(block.rawsource)]


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _trim_code_blocks)
