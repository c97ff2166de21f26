# cython: language_level=3
# The module body raises: init must fail cleanly (LoadModule refused), and
# the error, with its .pyx line, must be in the log.
cimport proftpd as pr


@pr.site_command("CYINIT")
def cyinit_site(cmd):
    return "unreachable"


raise RuntimeError("cyinitfail refuses to start")
