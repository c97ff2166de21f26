# prxs.mk -- build, install and test a ProFTPD module with make.
#
# In the module's Makefile:
#
#   MODULE_NAME = mod_foo
#   MODULE_SRCS = mod_foo.c util.c        # C or Cython (.pyx); default $(MODULE_NAME).c
#   include $(shell prxs -q PRXS_MK)
#
# Variables: MODULE_NAME, MODULE_SRCS, MODULE_CFLAGS, MODULE_DEFS (FOO or FOO=1),
# MODULE_LDFLAGS, MODULE_LIBS (-lfoo; -L/dir goes to the link too),
# MODULE_TESTS (default tests/), PRXS_TARGET (sdk | proftpd | /path/to/proftpd),
# LIBEXEC_DIR (default: the target's), DESTDIR (staging), PRXS_NO_LA (set to 1:
# install the .so without its .la, as Debian's policy wants), PRXS, PYTHON.
#
# 'make check' runs the tests in the loader shim, which loads modules built for
# the embedded SDK: with PRXS_TARGET=sdk it tests the module 'make' built; with
# another target it builds an SDK copy in .prxs-check/ and tests that, so the
# module 'make install' installs is never rebuilt for another target.
#
# 'make installcheck' builds the module for the installed ProFTPD (in
# .prxs-installcheck/, or the main build with PRXS_TARGET=proftpd) and runs the
# same tests on the real server: a throw-away proftpd instance on 127.0.0.1
# (pytest --prxs-host proftpd; the real server switches to the test users,
# which needs root).
#
# Targets: all install uninstall clean distclean check installcheck
#          compile_commands.json
#
# prxs decides what to rebuild from content (sources, every header reached,
# flags, compiler, target), so 'make' with nothing changed runs no compiler,
# and a changed header recompiles exactly the sources that include it.
# 'make -jN' hands N to prxs, which compiles N sources at once.

PRXS ?= prxs
PYTHON ?= $(shell $(PRXS) -q PYTHON)
PRXS_TARGET ?= sdk
LIBEXEC_DIR ?=
DESTDIR ?=
MODULE_SRCS ?= $(MODULE_NAME).c
MODULE_CFLAGS ?=
MODULE_DEFS ?=
MODULE_LDFLAGS ?=
MODULE_LIBS ?=
MODULE_TESTS ?= tests

ifeq ($(strip $(MODULE_NAME)),)
$(error MODULE_NAME is not set: put 'MODULE_NAME = mod_foo' before the include of prxs.mk)
endif

# -jN from the make command line (GNU make puts it in MAKEFLAGS); plain -j means
# as many as there are processors.
_prxs_j = $(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS)))
_prxs_jobs = $(if $(filter -j,$(filter -j%,$(MAKEFLAGS))),$(shell nproc 2>/dev/null || echo 2),$(if $(_prxs_j),$(_prxs_j),1))

_prxs_common := -n $(MODULE_NAME) --target $(PRXS_TARGET) \
  $(if $(strip $(LIBEXEC_DIR)),--libexecdir $(LIBEXEC_DIR))
_prxs_flags = -j $(_prxs_jobs) \
  $(foreach d,$(MODULE_DEFS),-D $(patsubst -D%,%,$(d))) \
  $(foreach l,$(filter -l%,$(MODULE_LIBS)),-l $(patsubst -l%,%,$(l)))
_prxs_build = $(_prxs_common) $(_prxs_flags)
_prxs_no_la := $(if $(filter-out 0 no,$(strip $(PRXS_NO_LA))),--no-la)
# Where 'make check' finds the module built for the shim (the SDK).
_prxs_checkdir := .prxs-check
ifeq ($(strip $(PRXS_TARGET)),sdk)
_prxs_check_module_dir := $(CURDIR)
_prxs_check_build :=
else
_prxs_check_module_dir := $(CURDIR)/$(_prxs_checkdir)
_prxs_check_build := $(_prxs_checkdir)/$(MODULE_NAME).la
endif
# Where 'make installcheck' finds the module built for the installed proftpd.
_prxs_icdir := .prxs-installcheck
ifeq ($(strip $(PRXS_TARGET)),proftpd)
_prxs_ic_module_dir := $(CURDIR)
_prxs_ic_build :=
else
_prxs_ic_module_dir := $(CURDIR)/$(_prxs_icdir)
_prxs_ic_build := $(_prxs_icdir)/$(MODULE_NAME).la
endif
# Compiler and linker flags travel whole through the environment: prxs adds
# CFLAGS/LDFLAGS to the target's flags and splits them as a shell would.
_prxs_env := CFLAGS='$(CFLAGS) $(MODULE_CFLAGS)' \
  LDFLAGS='$(LDFLAGS) $(MODULE_LDFLAGS) $(filter-out -l%,$(MODULE_LIBS))'

.PHONY: all install uninstall clean distclean check installcheck check-pytest FORCE

all: $(MODULE_NAME).la

$(MODULE_NAME).la: FORCE
	$(_prxs_env) $(PRXS) -c $(_prxs_build) $(MODULE_SRCS)

install: all
	$(PRXS) -i $(_prxs_common) $(_prxs_no_la) $(if $(strip $(DESTDIR)),--destdir $(DESTDIR)) $(MODULE_SRCS)

uninstall:
	$(PRXS) --uninstall $(_prxs_common) $(if $(strip $(DESTDIR)),--destdir $(DESTDIR)) $(MODULE_SRCS)

clean:
	$(PRXS) -d $(_prxs_common) $(MODULE_SRCS)
	if [ -d $(_prxs_checkdir) ]; then \
	  $(PRXS) -d -n $(MODULE_NAME) --builddir $(_prxs_checkdir) $(MODULE_SRCS) && \
	  rmdir $(_prxs_checkdir); fi
	if [ -d $(_prxs_icdir) ]; then \
	  $(PRXS) -d -n $(MODULE_NAME) --target proftpd --builddir $(_prxs_icdir) \
	    $(MODULE_SRCS) && rmdir $(_prxs_icdir); fi

distclean: clean
	rm -f compile_commands.json

# pytest runs the tests; say what to install instead of a traceback.
check-pytest:
	@$(PYTHON) -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("pytest") is None)' || \
	  { echo "make check: pytest is not installed for $(PYTHON): run '$(PYTHON) -m pip install pytest'" >&2; exit 1; }

$(_prxs_checkdir)/$(MODULE_NAME).la: FORCE
	@mkdir -p $(_prxs_checkdir)
	$(_prxs_env) $(PRXS) -c -n $(MODULE_NAME) --target sdk --builddir $(_prxs_checkdir) \
	  $(_prxs_flags) $(MODULE_SRCS)

check: check-pytest all $(_prxs_check_build)
	PRXS_MODULE_DIR='$(_prxs_check_module_dir)' $(PYTHON) -m pytest -q $(MODULE_TESTS)

$(_prxs_icdir)/$(MODULE_NAME).la: FORCE
	@mkdir -p $(_prxs_icdir)
	$(_prxs_env) $(PRXS) -c -n $(MODULE_NAME) --target proftpd --builddir $(_prxs_icdir) \
	  $(_prxs_flags) $(MODULE_SRCS)

installcheck: check-pytest all $(_prxs_ic_build)
	PRXS_MODULE_DIR='$(_prxs_ic_module_dir)' $(PYTHON) -m pytest -q --prxs-host proftpd $(MODULE_TESTS)

compile_commands.json: FORCE
	$(_prxs_env) $(PRXS) -c --compile-commands $(_prxs_build) $(MODULE_SRCS)

FORCE:
