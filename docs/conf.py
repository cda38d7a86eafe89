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
    "sphinx.ext.intersphinx",
    "sphinx_copybutton",
]

# Links to the Python docs, from an inventory kept in the repository: the build needs no
# network (docs/_inventories/make_python_inv.py writes it).
intersphinx_mapping = {
    "python": (
        "https://docs.python.org/3",
        str(Path(__file__).with_name("_inventories") / "python.inv"),
    )
}

# The copy button leaves out prompts and doctest output, so what is copied runs.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_inventories", "Thumbs.db", ".DS_Store"]

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


# Machinery a reader of the reference has no use for: pydantic's own attributes on the file
# shapes, and "Bases: object" or a private base class.
_HIDDEN_MEMBERS = {"model_config", "model_fields", "model_computed_fields"}


def _skip_member(
    app: Sphinx, what: str, name: str, obj: object, skip: bool, options: object
) -> bool | None:
    if name in _HIDDEN_MEMBERS:
        return True
    return None


def _public_bases(app: Sphinx, name: str, obj: object, options: object, bases: list[type]) -> None:
    bases[:] = [b for b in bases if b is not object and not b.__name__.startswith("_")]


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _trim_code_blocks)
    app.connect("autodoc-skip-member", _skip_member)
    app.connect("autodoc-process-bases", _public_bases)
