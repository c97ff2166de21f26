"""Old name of prxs.shim.host (the long-lived shim host, ``Host``), kept
because tests written on other branches import it; new code imports
prxs.shim.host."""

from .host import *  # noqa: F401,F403
from .host import Host, socket_dir_base  # noqa: F401
from .hostproc import describe_progress, end_group, group_members, read_progress  # noqa: F401
