"""Where the templates (jinja2 skeletons, the Makefile include) live.

They ship inside the package as ``prxs.templates`` (mapped from the top-level
``templates/`` directory by pyproject.toml); a checkout used through
PYTHONPATH finds them at the top of the tree.
"""

from __future__ import annotations

import os


def template_dir() -> str:
    try:
        import prxs.templates as pkg
        return os.path.dirname(os.path.abspath(pkg.__file__))
    except ImportError:
        here = os.path.dirname(os.path.abspath(__file__))
        return os.path.join(os.path.dirname(here), "templates")


def environment():
    """A jinja2 environment over the templates; undefined names are errors."""
    import jinja2
    return jinja2.Environment(loader=jinja2.FileSystemLoader(template_dir()),
                              undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=True, autoescape=False)
