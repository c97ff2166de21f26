"""The loader test shim: run modules in a mod_dso-faithful host.

>>> from prxs.shim import Host
>>> with Host(config_text="LoadModule mod_hello.c\\n", workdir=d) as host:
...     with host.session("10.0.0.1") as s:
...         s.login("alice", "secret")
...         s.command("SITE HELLO bob").text
'Hello, bob!'

Module code never runs in the caller's process: the host is a child process
and every session is a forked child of the host.
"""

from __future__ import annotations

from .hostbuild import host_binary
from .oneshot import check_config, list_loaded_modules, list_static_modules
from .errors import (SessionClosed, ShimBuildError, ShimConfigError, ShimError,
                     ShimTimeout)
from .host import Host
from .session import Reply, Session

__all__ = ["Host", "Session", "Reply", "host_binary", "check_config",
           "list_static_modules", "list_loaded_modules", "ShimError",
           "ShimBuildError", "ShimConfigError", "SessionClosed", "ShimTimeout"]
