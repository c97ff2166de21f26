# cython: language_level=3
# A session initialiser that raises when CySessRefuse is on: the session is
# refused (421) with the exception in the log; the host keeps serving.
cimport proftpd as pr


# usage: CySessRefuse on|off
@pr.directive("CySessRefuse", args=1)
def set_cysessrefuse(cmd):
    if cmd.argv[1].lower() not in ("on", "off"):
        raise ValueError(f"expected on or off, not {cmd.argv[1]!r}")
    return cmd.argv[1].lower()


@pr.site_command("CYSESS", auth=False)
def cysess_site(cmd):
    return "session ok"


@pr.session_init
def cysess_init():
    if pr.get_param("CySessRefuse") == "on":
        raise PermissionError("sessions are refused by CySessRefuse")
