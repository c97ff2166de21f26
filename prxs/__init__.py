"""prxs: build, install and test ProFTPD modules written in C or Cython.

The public surface is small: the CLI (``prxs``), the build API below, and the
loader test shim in :mod:`prxs.shim`.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
