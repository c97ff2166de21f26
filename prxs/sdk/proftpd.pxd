# cython: language_level=3
"""Cython declarations of part of ProFTPD 1.3.8's module API (the embedded
SDK's headers are that ABI), plus the helpers a Cython module's Python code uses.

Everything under ``cdef extern from "conf.h"`` is a name the SDK headers in
``prxs/sdk/include`` declare and ProFTPD's own headers declare too, so the
same .pyx builds for ``--target sdk`` and ``--target proftpd``.  Struct
members are declared only where both agree; the layouts themselves come
from whichever ``conf.h`` the build uses.

Use it from a module with ``cimport proftpd as pr`` (or ``from proftpd
cimport ...``): prxs puts this directory on Cython's include path.

The second half holds the Python-level helpers: the ``@directive``,
``@command``, ``@site_command`` and ``@session_init`` decorators (prxs reads
them at build time to write the module's tables; at run time they return
the function unchanged), ``cmd_rec_of()`` to reach the C command record from
the ``cmd`` object a handler receives, and ``log()``, ``debug()``,
``reply()``, ``reply_err()``, ``get_param()`` and ``get_params()``.
"""

from cpython.pycapsule cimport PyCapsule_GetPointer
from libc.stddef cimport size_t
from posix.types cimport gid_t, pid_t, uid_t

cdef extern from "conf.h" nogil:
    # --- pools, sets, tables (opaque) -------------------------------------
    ctypedef struct pool:
        pass
    ctypedef struct xaset_t:
        pass
    ctypedef struct pr_table_t:
        pass

    pool *permanent_pool
    pool *make_sub_pool(pool *p)
    void destroy_pool(pool *p)
    void *palloc(pool *p, size_t sz)
    void *pcalloc(pool *p, size_t sz)
    char *pstrdup(pool *p, const char *s)
    char *pstrndup(pool *p, const char *s, size_t n)
    char *pstrcat(pool *p, ...)

    const void *pr_table_get(pr_table_t *tab, const char *key, size_t *sz)
    int pr_table_add_dup(pr_table_t *tab, const char *key, const void *value,
                         size_t sz)
    int pr_table_count(pr_table_t *tab)

    # --- configuration records --------------------------------------------
    ctypedef struct config_rec:
        int config_type
        char *name
        unsigned int argc
        void **argv
        long flags
        config_rec *parent
        xaset_t *subset

    int CONF_ROOT
    int CONF_DIR
    int CONF_ANON
    int CONF_LIMIT
    int CONF_VIRTUAL
    int CONF_DYNDIR
    int CONF_GLOBAL
    int CONF_CLASS
    int CONF_NAMED
    int CONF_USERDATA
    int CONF_PARAM
    long CF_MERGEDOWN
    long CF_MERGEDOWN_MULTI

    config_rec *add_config_param(const char *name, unsigned int n, ...)
    config_rec *add_config_param_str(const char *name, unsigned int n, ...)
    config_rec *find_config(xaset_t *set, int type, const char *name, int recurse)
    config_rec *find_config_next(config_rec *prev, config_rec *c, int type,
                                 const char *name, int recurse)
    void *get_param_ptr(xaset_t *set, const char *name, int recurse)
    void *get_param_ptr_next(const char *name, int recurse)

    # --- servers and commands ---------------------------------------------
    ctypedef struct server_rec:
        const char *ServerName
        const char *ServerAddress
        const char *ServerFQDN
        unsigned int ServerPort
        const char *ServerAdmin
        xaset_t *conf
        int config_type
        unsigned int sid
        pr_table_t *notes

    ctypedef struct cmd_rec:
        pool *pool
        server_rec *server
        config_rec *config
        pool *tmp_pool
        unsigned int argc
        char *arg
        void **argv
        char *group
        int cmd_class
        pr_table_t *notes
        int cmd_id

    server_rec *main_server

    unsigned char check_context(cmd_rec *cmd, int allowed)
    char *get_context_name(cmd_rec *cmd)
    int get_boolean(cmd_rec *cmd, int av)
    const char *get_full_cmd(cmd_rec *cmd)

    # --- modules and handler results --------------------------------------
    ctypedef struct module:
        int api_version
        const char *name
        const char *module_version

    ctypedef struct modret_t:
        module *mr_handler_module
        int mr_error
        const char *mr_numeric
        const char *mr_message
        void *data

    modret_t *PR_HANDLED(cmd_rec *cmd)
    modret_t *PR_DECLINED(cmd_rec *cmd)
    modret_t *PR_ERROR(cmd_rec *cmd)
    modret_t *PR_ERROR_MSG(cmd_rec *cmd, const char *numeric, const char *msg)
    modret_t *mod_create_ret(cmd_rec *cmd, unsigned char err, const char *n,
                             const char *m)
    modret_t *mod_create_data(cmd_rec *cmd, void *data)

    unsigned char command_exists(const char *name)
    unsigned char pr_module_exists(const char *name)
    module *pr_module_get(const char *name)

    # Command handler phases and classes (cmdtable fields).
    int PRE_CMD
    int CMD
    int POST_CMD
    int POST_CMD_ERR
    int LOG_CMD
    int LOG_CMD_ERR
    int CL_NONE
    int CL_AUTH
    int CL_INFO
    int CL_DIRS
    int CL_READ
    int CL_WRITE
    int CL_MISC
    int CL_SEC
    int CL_ALL

    # --- the session ------------------------------------------------------
    ctypedef struct session_t:
        pool *pool
        pid_t pid
        uid_t uid
        gid_t gid
        const char *user
        const char *group
        pr_table_t *notes
        const char *curr_cmd

    session_t session

    # --- responses --------------------------------------------------------
    void pr_response_add(const char *numeric, const char *fmt, ...)
    void pr_response_add_err(const char *numeric, const char *fmt, ...)
    void pr_response_send(const char *numeric, const char *fmt, ...)

    const char *R_110
    const char *R_120
    const char *R_125
    const char *R_150
    const char *R_200
    const char *R_202
    const char *R_211
    const char *R_213
    const char *R_214
    const char *R_220
    const char *R_221
    const char *R_226
    const char *R_230
    const char *R_250
    const char *R_257
    const char *R_331
    const char *R_350
    const char *R_421
    const char *R_425
    const char *R_426
    const char *R_450
    const char *R_451
    const char *R_452
    const char *R_500
    const char *R_501
    const char *R_502
    const char *R_503
    const char *R_504
    const char *R_530
    const char *R_550
    const char *R_551
    const char *R_552
    const char *R_553
    const char *R_DUP

    const char *C_SITE
    const char *C_ANY

    # --- logging ----------------------------------------------------------
    int DEBUG0
    int DEBUG1
    int DEBUG2
    int DEBUG3
    int DEBUG4
    int DEBUG5
    int DEBUG6
    int DEBUG7
    int DEBUG8
    int DEBUG9
    int DEBUG10
    int PR_LOG_EMERG
    int PR_LOG_ALERT
    int PR_LOG_CRIT
    int PR_LOG_ERR
    int PR_LOG_WARNING
    int PR_LOG_NOTICE
    int PR_LOG_INFO
    int PR_LOG_DEBUG

    void pr_log_pri(int prio, const char *fmt, ...)
    void pr_log_auth(int prio, const char *fmt, ...)
    void pr_log_debug(int level, const char *fmt, ...)

    # --- events -----------------------------------------------------------
    int pr_event_register(module *m, const char *event,
                          void (*cb)(const void *, void *), void *user_data)
    int pr_event_unregister(module *m, const char *event,
                            void (*cb)(const void *, void *))
    void pr_event_generate(const char *event, const void *event_data)


# --- Python-level helpers ------------------------------------------------
#
# Handlers run with the GIL held (the generated glue takes it), so these may
# use Python objects freely.  Text crosses into C as UTF-8 with
# surrogateescape, so bytes that are not UTF-8 survive a round trip.

cdef inline bytes _b(object text):
    if isinstance(text, bytes):
        return <bytes> text
    return str(text).encode("utf-8", "surrogateescape")


cdef inline object _s(const char *text):
    if text == NULL:
        return None
    return text.decode("utf-8", "surrogateescape")


cdef inline object directive(str name, args=None, context=None):
    """``@directive("FooBar", args=1, context=CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL)``:
    a configuration directive.  ``args`` is the exact number of parameters,
    or ``(min, max)``; ``context`` where it may appear (default: server
    config, <VirtualHost>, <Global>)."""
    return lambda f: f


cdef inline object command(str name, phase="cmd", auth=True, cmd_class=None):
    """``@command("SITE", phase="cmd", auth=True)``: a command handler for
    the phase ``pre``, ``cmd``, ``post``, ``post_err``, ``log`` or ``log_err``."""
    return lambda f: f


cdef inline object site_command(str name, auth=True):
    """``@site_command("FOO")``: a ``SITE FOO`` handler; other SITE commands
    are declined without entering Python."""
    return lambda f: f


cdef inline object session_init(object f):
    """``@session_init``: called in each new session before its first command."""
    return f


cdef inline cmd_rec *cmd_rec_of(object cmd) except NULL:
    """The C command record behind a handler's ``cmd`` object, valid only
    while the handler runs."""
    return <cmd_rec *> PyCapsule_GetPointer(cmd.rec, b"prxs.cmd_rec")


cdef inline void log(int priority, object message):
    """Log through the host (``pr_log_pri``): ``log(PR_LOG_NOTICE, "...")``."""
    cdef bytes m = _b(message)
    pr_log_pri(priority, b"%s", <const char *> m)


cdef inline void debug(int level, object message):
    """``pr_log_debug``: shown when the host's debug level is >= level."""
    cdef bytes m = _b(message)
    pr_log_debug(level, b"%s", <const char *> m)


cdef inline void reply(object code, object message):
    """Add a reply line (``pr_response_add``) and return True from the
    handler; code None (R_DUP) continues the previous reply."""
    cdef bytes m = _b(message)
    cdef bytes c
    if code is None:
        pr_response_add(NULL, b"%s", <const char *> m)
    else:
        c = _b(code)
        pr_response_add(<const char *> c, b"%s", <const char *> m)


cdef inline void reply_err(object code, object message):
    """Add an error reply line (``pr_response_add_err``) and return False."""
    cdef bytes m = _b(message)
    cdef bytes c
    if code is None:
        pr_response_add_err(NULL, b"%s", <const char *> m)
    else:
        c = _b(code)
        pr_response_add_err(<const char *> c, b"%s", <const char *> m)


cdef inline object get_param(object name, object default=None):
    """The first value of a directive in the server's configuration (what
    ``get_param_ptr(main_server->conf, name, FALSE)`` returns), or default."""
    cdef const char *v
    cdef bytes key = _b(name)
    if main_server == NULL:
        return default
    v = <const char *> get_param_ptr(main_server.conf, key, 0)
    return default if v == NULL else _s(v)


cdef inline list get_params(object name):
    """Every value of the first matching directive, as strings."""
    cdef config_rec *c
    cdef unsigned int i
    cdef bytes key = _b(name)
    if main_server == NULL:
        return []
    c = find_config(main_server.conf, CONF_PARAM, key, 0)
    if c == NULL:
        return []
    return [_s(<const char *> c.argv[i]) for i in range(c.argc)
            if c.argv[i] != NULL]
