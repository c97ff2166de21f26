# cython: language_level=3
# A Cython error on line 9: prxs must show it with file and line, exit 1.
cimport proftpd as pr


@pr.site_command("CYBAD")
def cybad_site(cmd):
    cdef int n = 1
    return undefined_name + n
