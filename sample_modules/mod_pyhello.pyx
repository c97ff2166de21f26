# cython: language_level=3
#
# ProFTPD: mod_pyhello -- a sample module written in Cython, built with prxs
#
# This program is free software; you can redistribute it and/or modify
# it under the terms of the GNU General Public License as published by
# the Free Software Foundation; either version 2 of the License, or
# (at your option) any later version.
#
# This module answers SITE PYHELLO with a greeting built from the
# PyHelloFormat template (str.format with {greeting}, {who}, {n}, {pid}),
# and SITE PYJSON with a JSON summary of the command.  SITE PYBOOM raises,
# to show that a Python exception becomes a logged 550 reply.
#
# Build: prxs -c mod_pyhello.pyx     Load: LoadModule mod_pyhello.c
#
# How prxs turns this file into a module: the decorators below are read at
# build time (their arguments must be literals) and become the module's
# conftable and cmdtable; prxs generates `pyhello_module` and the C glue
# that calls these functions with the GIL held.  Import what you need at
# module level: the module is initialised in the server's master process,
# before any chroot.

cimport proftpd as pr
from proftpd cimport CONF_ROOT, CONF_VIRTUAL, CONF_GLOBAL, PR_LOG_NOTICE, DEBUG5

import json
import os
import re

MODULE_VERSION = "mod_pyhello/0.1"

DEFAULT_FORMAT = "{greeting}, {who}!"
_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9 _.-]{0,63}$")
_counter = {"replies": 0}


# Configuration handlers

# usage: PyHelloFormat template
@pr.directive("PyHelloFormat", args=1, context=CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL)
def set_pyhelloformat(cmd):
    template = cmd.argv[1]
    try:
        template.format(greeting="", who="", n=0, pid=0)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"bad template {template!r}: {exc!r}") from None
    return template           # stored with add_config_param_str()


# usage: PyHelloGreeting text
@pr.directive("PyHelloGreeting", args=1)
def set_pyhellogreeting(cmd):
    if not cmd.argv[1].strip():
        raise ValueError("greeting must not be empty")
    return cmd.argv[1]


# Command handlers

@pr.site_command("PYHELLO")
def pyhello_site(cmd):
    who = " ".join(cmd.argv[2:]) or "world"
    if not _NAME_RE.match(who):
        return (501, f"not a name: {who!r}")
    _counter["replies"] += 1
    fields = {"greeting": pr.get_param("PyHelloGreeting", "Hello"), "who": who,
              "n": _counter["replies"], "pid": os.getpid()}
    pr.debug(DEBUG5, f"{MODULE_VERSION}: greeting {who!r}")
    return pr.get_param("PyHelloFormat", DEFAULT_FORMAT).format(**fields)


@pr.site_command("PYJSON")
def pyjson_site(cmd):
    return json.dumps({"argv": cmd.argv, "arg": cmd.arg,
                       "greeting": pr.get_param("PyHelloGreeting")},
                      sort_keys=True)


@pr.site_command("PYBOOM")
def pyboom_site(cmd):
    return {"n": 1}["missing"]            # KeyError: a logged 550, not a crash


# Session hooks

@pr.session_init
def pyhello_sess_init():
    _counter["replies"] = 0
    pr.log(PR_LOG_NOTICE, f"{MODULE_VERSION}: session {os.getpid()} ready")
