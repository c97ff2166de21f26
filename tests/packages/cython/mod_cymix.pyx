# cython: language_level=3
# A module from a .pyx and a C helper: prxs -c mod_cymix.pyx cymix_helper.c
cimport proftpd as pr

cdef extern from "cymix_helper.h":
    int cymix_add(int a, int b)


@pr.site_command("CYMIX", auth=False)
def cymix_site(cmd):
    a, b = (int(x) for x in cmd.argv[2:4])
    return f"{a}+{b}={cymix_add(a, b)}"
