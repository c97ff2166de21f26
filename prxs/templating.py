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


def makefile_include() -> str:
    """What ``prxs -q PRXS_MK`` names: a small include, written once per
    interpreter into the cache, that points make at *this* prxs and then
    includes ``prxs.mk``.

    ``include $(shell prxs -q PRXS_MK)`` was answered by some prxs; the rules
    must run that one, not whichever ``prxs`` comes first on PATH when a recipe
    runs (ProFTPD's Perl prxs in /usr/bin under sudo's secure_path knows no
    ``-q``).  A Makefile's own ``PRXS ?= prxs`` means "the prxs on PATH", so it
    is replaced too; ``make PRXS=...`` and a PRXS from the environment win.
    Without a writable cache the plain ``prxs.mk`` is named (PRXS from PATH)."""
    import shlex
    import sys
    from ._keys import short_key
    from . import cache

    mk = os.path.join(template_dir(), "prxs.mk")
    prxs = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "prxs"))
    python = shlex.quote(sys.executable)
    text = (f"# Written by 'prxs -q PRXS_MK' for the prxs run as {prxs}:\n"
            "# make's rules call this prxs, not the first 'prxs' on PATH.\n"
            "ifeq ($(origin PRXS),undefined)\n"
            f"PRXS := {prxs}\nPYTHON ?= {python}\n"
            "else ifeq ($(origin PRXS) $(strip $(PRXS)),file prxs)\n"
            f"PRXS := {prxs}\nPYTHON ?= {python}\n"
            "endif\n"
            f"include {mk}\n")
    path = cache.cache_path("mk", f"prxs-{short_key(text)}.mk")
    if cache.read_text(path) != text:
        try:
            cache.atomic_write(path, text.encode())
        except OSError:
            return mk
    return path
