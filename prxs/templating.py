"""Where the templates (jinja2 skeletons, the Makefile include) live.

They ship inside the package as ``prxs.templates``: in a checkout
``prxs/templates`` is a symbolic link to the top-level ``templates/``, which
setuptools follows when it builds a wheel.
"""

from __future__ import annotations

import os


def template_dir() -> str:
    """``prxs/templates`` (a link to the top-level ``templates/`` in a checkout,
    a real directory once installed)."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


def environment():
    """A jinja2 environment over the templates; undefined names are errors."""
    import jinja2
    return jinja2.Environment(loader=jinja2.FileSystemLoader(template_dir()),
                              undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=True, autoescape=False)
