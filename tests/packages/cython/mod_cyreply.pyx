# cython: language_level=3
# Every return convention of a command handler, a multi-value directive,
# the raw cmd_rec from Cython, and a handler on a non-SITE command.
cimport proftpd as pr
from proftpd cimport CONF_ROOT, CONF_GLOBAL, CONF_VIRTUAL, R_200, R_550, cmd_rec

MODULE_VERSION = "mod_cyreply/0.2"

_log = []


# usage: CyReplyPair key value
@pr.directive("CyReplyPair", args=2, context=CONF_ROOT | CONF_VIRTUAL | CONF_GLOBAL)
def set_cyreplypair(cmd):
    return tuple(cmd.argv[1:])


@pr.directive("CyReplyFlag", args=(0, 1))
def set_cyreplyflag(cmd):
    return None


@pr.site_command("CYREPLY", auth=False)
def cyreply_site(cmd):
    cdef cmd_rec *rec = pr.cmd_rec_of(cmd)
    what = cmd.argv[2] if len(cmd.argv) > 2 else ""
    if what == "none":
        return None
    if what == "true":
        pr.reply(R_200, "added by reply()")
        pr.reply(None, "second line")
        return True
    if what == "false":
        pr.reply_err(R_550, "refused by reply_err()")
        return False
    if what == "multi":
        return "one\ntwo\nthree"
    if what == "code":
        return (250, "two-fifty")
    if what == "err":
        return ("451", "try later")
    if what == "badtype":
        return 42
    if what == "argc":
        return f"argc={rec.argc} arg={rec.arg.decode()}"
    if what == "pair":
        return repr(pr.get_params("CyReplyPair"))
    return "usage"


@pr.command("NOOP", phase="post", auth=False)
def cyreply_post_noop(cmd):
    _log.append(cmd.name)
    pr.log(pr.PR_LOG_NOTICE, f"mod_cyreply: post NOOP #{len(_log)}")
