"""Where the templates (jinja2 skeletons, the Makefile include) live: inside the
package when installed, ``templates/`` at the top of a checkout otherwise."""

from __future__ import annotations

import os


def template_dir() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "templates")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(here), "templates")
