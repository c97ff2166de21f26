"""Old name of prxs.shim.hostbuild (building the shim host binary), kept
because tests written on other branches import it; new code imports
prxs.shim.hostbuild."""

from .hostbuild import *  # noqa: F401,F403
from .hostbuild import HOST_DIR, contract_header, host_binary  # noqa: F401
