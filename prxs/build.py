"""The build driver's public names, for callers that know this module
(setuptools hooks, scripts, tests): what to build (``BuildSpec``), the
flow (``build``: prepare -> plan -> run, in prxs.builder) and the argv and
source helpers.  The CLI imports the modules below directly: ``prxs -c``
pays for each module it imports.
"""

from __future__ import annotations

from .builder import BuildResult, build
from .sources import (BuildSpec, check_configure, first_directive_includes_conf_h,
                      module_name, scan_libraries)
from .toolchain import (LIBTOOL_IMPLIED, SHARED_MODULE_FLAGS, compile_argv, compile_flags,
                        libtool_link_flags, link_argv)

__all__ = ["BuildSpec", "BuildResult", "build", "check_configure", "compile_argv",
           "compile_flags", "first_directive_includes_conf_h", "libtool_link_flags",
           "link_argv", "module_name", "scan_libraries", "LIBTOOL_IMPLIED",
           "SHARED_MODULE_FLAGS"]
