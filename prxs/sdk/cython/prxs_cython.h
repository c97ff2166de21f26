/*
 * prxs: the fixed run-time part of the C glue of a Cython module.
 *
 * prxs writes, for each Cython module, a small glue file (from
 * templates/cython_module.c.j2) with the module's tables, one trampoline per
 * handler and a prxs_cy_module record naming the module; everything else it
 * needs is here, as static functions taking that record.  The header is
 * fixed C: it compiles on its own (tests/unit/test_cython_runtime_header.py)
 * against the prxs SDK headers and against ProFTPD's installed ones, and it
 * lives in a directory of its own so that putting it on the include path
 * shadows no ProFTPD header.
 *
 * What the glue does at run time: init starts an interpreter when the host
 * has none (and the last prxs Cython module unloaded finalizes it); when the
 * host already runs Python, that interpreter is used.  Every call into
 * Python holds the GIL, and a Python exception becomes a logged error, never
 * a crashed session.
 */

#ifndef PRXS_CYTHON_H
#define PRXS_CYTHON_H

/* Python.h first, as the Python documentation asks. */
#ifndef PY_SSIZE_T_CLEAN
# define PY_SSIZE_T_CLEAN
#endif
#include <Python.h>

#include "conf.h"
#include <dlfcn.h>

/* sys._prxs_cython: shared by every prxs Cython module in this process, so
 * the last one unloaded finalizes an interpreter one of them started.
 */
#define PRXS_CY_REGISTRY	"_prxs_cython"

/* Most values a directive handler may store (add_config_param_str). */
#define PRXS_CY_MAX_VALUES	8

/* One Cython module: what the glue fills in, then the run-time state. */
typedef struct prxs_cy_module {
  module *m;			/* the module structure */
  const char *name;		/* Python module name, "mod_foo" */
  const char *file;		/* "mod_foo.c", as core.module-unload names it */
  const char *version;		/* the module's version string */
  const char *pyx;		/* "mod_foo.pyx", for messages */
  PyObject *(*pyinit)(void);	/* PyInit_mod_foo, single-phase */
  unsigned int nhandlers;
  const char *const *handler_names;	/* Python function names */
  PyObject **handlers;		/* nhandlers slots, filled by init */
  const char *sess_init_name;	/* the @session_init function, or NULL */
  const char *sess_init_where;	/* "name()", for messages */
  /* The module's core.module-unload listener: it calls
   * prxs_cy_module_unloaded() (registered with NULL user data, as any host
   * passes that back). */
  void (*unload_ev)(const void *event_data, void *user_data);

  PyObject *pymod;		/* the Python module object */
  PyObject *ns;			/* types.SimpleNamespace */
  PyObject *sess_init_fn;
  pid_t pid;			/* the process that last took the GIL here */
} prxs_cy_module;

/* Support routines
 */

/* Log the pending Python exception as "<where>: Type: message (file:line)"
 * and return that text in p (for a reply), or NULL.  Needs the GIL.
 */
static inline const char *prxs_cy_log_exception(prxs_cy_module *m, pool *p,
    const char *where) {
  PyObject *type = NULL, *value = NULL, *tb = NULL, *text = NULL;
  const char *msg = NULL, *tname = "Exception", *file = NULL;
  char buf[1024], where_buf[256];
  int line = 0;

  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  if (type != NULL) {
    tname = ((PyTypeObject *) type)->tp_name;
  }
  if (value != NULL) {
    text = PyObject_Str(value);
  }
  if (text != NULL) {
    msg = PyUnicode_AsUTF8(text);
  }
  if (msg == NULL) {
    PyErr_Clear();
    msg = "(unprintable exception)";
  }
  if (tb != NULL) {
    /* The innermost frame: where in the .pyx it was raised. */
    PyObject *last = tb, *next, *frame, *code, *fname, *lineno;

    Py_INCREF(last);
    while ((next = PyObject_GetAttrString(last, "tb_next")) != NULL &&
           next != Py_None) {
      Py_DECREF(last);
      last = next;
    }
    Py_XDECREF(next);
    lineno = PyObject_GetAttrString(last, "tb_lineno");
    frame = PyObject_GetAttrString(last, "tb_frame");
    code = frame != NULL ? PyObject_GetAttrString(frame, "f_code") : NULL;
    fname = code != NULL ? PyObject_GetAttrString(code, "co_filename") : NULL;
    if (lineno != NULL && PyLong_Check(lineno)) {
      line = (int) PyLong_AsLong(lineno);
    }
    if (fname != NULL && PyUnicode_Check(fname)) {
      file = PyUnicode_AsUTF8(fname);
      if (file != NULL) {
        snprintf(where_buf, sizeof(where_buf), "%s", file);
        file = where_buf;
      }
    }
    Py_XDECREF(lineno);
    Py_XDECREF(fname);
    Py_XDECREF(code);
    Py_XDECREF(frame);
    Py_DECREF(last);
    PyErr_Clear();
  }

  if (file != NULL && line > 0) {
    snprintf(buf, sizeof(buf), "%s: %s (%s:%d)", tname, msg, file, line);
  } else if (file != NULL) {
    snprintf(buf, sizeof(buf), "%s: %s (%s)", tname, msg, file);
  } else {
    snprintf(buf, sizeof(buf), "%s: %s", tname, msg);
  }
  pr_log_pri(PR_LOG_ERR, "%s: %s: %s", m->version, where, buf);

  Py_XDECREF(text);
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(tb);
  return p != NULL ? pstrdup(p, buf) : NULL;
}

/* Text for C: UTF-8 with surrogateescape, copied into p. */
static inline char *prxs_cy_cstr(pool *p, PyObject *obj) {
  PyObject *s, *b;
  char *res = NULL;

  s = PyUnicode_Check(obj) ? (Py_INCREF(obj), obj) : PyObject_Str(obj);
  if (s == NULL) {
    return NULL;
  }
  b = PyUnicode_AsEncodedString(s, "utf-8", "surrogateescape");
  Py_DECREF(s);
  if (b != NULL) {
    res = pstrdup(p, PyBytes_AS_STRING(b));
    Py_DECREF(b);
  }
  return res;
}

static inline PyObject *prxs_cy_pystr(const char *s) {
  if (s == NULL) {
    Py_RETURN_NONE;
  }
  return PyUnicode_DecodeUTF8(s, (Py_ssize_t) strlen(s), "surrogateescape");
}

/* Set kw[key] to a new reference, consumed; -1 on error. */
static inline int prxs_cy_set_item(PyObject *kw, const char *key,
    PyObject *item) {
  int res = item != NULL ? PyDict_SetItemString(kw, key, item) : -1;

  Py_XDECREF(item);
  return res;
}

/* The object a handler receives: cmd.argv (list of str), cmd.arg, cmd.name,
 * cmd.group and cmd.rec (a capsule; proftpd.cmd_rec_of(cmd) in Cython).
 */
static inline PyObject *prxs_cy_cmd_object(prxs_cy_module *m, cmd_rec *cmd) {
  PyObject *argv, *kw, *args, *obj = NULL, *item;
  unsigned int i;

  argv = PyList_New(0);
  kw = PyDict_New();
  args = PyTuple_New(0);
  if (argv == NULL || kw == NULL || args == NULL) {
    goto done;
  }
  for (i = 0; i < cmd->argc; i++) {
    item = prxs_cy_pystr((const char *) cmd->argv[i]);
    if (item == NULL || PyList_Append(argv, item) < 0) {
      Py_XDECREF(item);
      goto done;
    }
    Py_DECREF(item);
  }
  if (PyDict_SetItemString(kw, "argv", argv) < 0 ||
      prxs_cy_set_item(kw, "name", prxs_cy_pystr(cmd->argc > 0 ?
        (const char *) cmd->argv[0] : NULL)) < 0 ||
      prxs_cy_set_item(kw, "arg", prxs_cy_pystr(cmd->arg)) < 0 ||
      prxs_cy_set_item(kw, "group", prxs_cy_pystr(cmd->group)) < 0 ||
      prxs_cy_set_item(kw, "rec", PyCapsule_New(cmd, "prxs.cmd_rec", NULL)) < 0) {
    goto done;
  }
  obj = PyObject_Call(m->ns, args, kw);

done:
  Py_XDECREF(argv);
  Py_XDECREF(kw);
  Py_XDECREF(args);
  return obj;
}

/* The registry dict (borrowed), created on first use; NULL on error. */
static inline PyObject *prxs_cy_registry(void) {
  PyObject *reg = PySys_GetObject(PRXS_CY_REGISTRY);	/* borrowed */

  if (reg == NULL || !PyDict_Check(reg)) {
    PyObject *mods;

    reg = PyDict_New();
    mods = PySet_New(NULL);
    if (reg == NULL || mods == NULL ||
        PyDict_SetItemString(reg, "modules", mods) < 0 ||
        PyDict_SetItemString(reg, "owner", Py_False) < 0 ||
        PySys_SetObject(PRXS_CY_REGISTRY, reg) < 0) {
      Py_XDECREF(reg);
      Py_XDECREF(mods);
      return NULL;
    }
    Py_DECREF(mods);
    Py_DECREF(reg);
    reg = PySys_GetObject(PRXS_CY_REGISTRY);
  }
  return reg;
}

/* Take the GIL.  In the first call of a forked child (a session), finish
 * the fork for an interpreter this process family started, as os.fork()
 * would have done.
 */
static inline PyGILState_STATE prxs_cy_enter(prxs_cy_module *m) {
  PyGILState_STATE st = PyGILState_Ensure();
  pid_t pid = getpid();

  if (pid != m->pid) {
    PyObject *reg = prxs_cy_registry(), *last;

    m->pid = pid;
    if (reg != NULL) {
      last = PyDict_GetItemString(reg, "pid");
      if (PyDict_GetItemString(reg, "owner") == Py_True &&
          (last == NULL || PyLong_AsLong(last) != (long) pid)) {
        PyObject *now;

        PyOS_AfterFork_Child();
        now = PyLong_FromLong((long) pid);
        if (now != NULL) {
          PyDict_SetItemString(reg, "pid", now);
          Py_DECREF(now);
        }
      }
    }
    PyErr_Clear();
  }
  return st;
}

/* Start an interpreter for a host that has none: isolated from the
 * environment (a daemon must not be steered by PYTHONPATH), UTF-8 mode,
 * no signal handlers (the host owns signals), no .pyc writes.
 */
static inline int prxs_cy_start_python(prxs_cy_module *m) {
  PyPreConfig preconfig;
  PyConfig config;
  PyStatus status;

  PyPreConfig_InitIsolatedConfig(&preconfig);
  preconfig.utf8_mode = 1;
  status = Py_PreInitialize(&preconfig);
  if (PyStatus_Exception(status)) {
    goto fail;
  }

  PyConfig_InitIsolatedConfig(&config);
  config.install_signal_handlers = 0;
  config.write_bytecode = 0;
  config.site_import = 1;
  status = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  if (PyStatus_Exception(status)) {
    goto fail;
  }

  /* The GIL is taken per call from here on. */
  PyEval_SaveThread();
  pr_log_debug(DEBUG2, "%s: started Python %.*s", m->version,
    (int) strcspn(Py_GetVersion(), " "), Py_GetVersion());
  return 0;

fail:
  pr_log_pri(PR_LOG_ERR, "%s: unable to start the Python interpreter: %s%s%s",
    m->version, status.func ? status.func : "", status.func ? ": " : "",
    status.err_msg ? status.err_msg : "unknown error");
  return -1;
}

/* Keep this module's code mapped for as long as the process lives: objects
 * and types it created (Cython shares some types between modules) may be
 * touched by the interpreter after the host's dlclose().
 */
static inline void prxs_cy_pin(prxs_cy_module *m) {
  Dl_info info;

  if (dladdr((void *) m->m, &info) != 0 && info.dli_fname != NULL) {
    if (dlopen(info.dli_fname, RTLD_NOW|RTLD_NOLOAD|RTLD_NODELETE) == NULL) {
      pr_log_pri(PR_LOG_WARNING, "%s: unable to keep %s loaded: %s",
        m->version, info.dli_fname, dlerror());
    }
  }
}

/* Drop the references this module holds (GIL held). */
static inline void prxs_cy_clear(prxs_cy_module *m) {
  PyObject *modules = PyImport_GetModuleDict();
  unsigned int i;

  for (i = 0; i < m->nhandlers; i++) {
    Py_CLEAR(m->handlers[i]);
  }
  Py_CLEAR(m->sess_init_fn);
  Py_CLEAR(m->ns);
  if (m->pymod != NULL && modules != NULL &&
      PyDict_GetItemString(modules, m->name) == m->pymod) {
    PyDict_DelItemString(modules, m->name);
  }
  Py_CLEAR(m->pymod);
  PyErr_Clear();
}

/* On unload (or a failed init): when this module is the last prxs Cython
 * module and one of them started the interpreter, drop everything and
 * finalize it, so a later load starts afresh.  Otherwise the interpreter
 * outlives the module: the module is parked (kept in memory with its
 * Python state, reused if loaded again) rather than unmapped under it.
 */
static inline void prxs_cy_release(prxs_cy_module *m, int started, int park) {
  PyGILState_STATE st;
  PyObject *reg, *mods = NULL, *parked = NULL, *name;
  int finalize = FALSE;

  if (!Py_IsInitialized()) {
    return;
  }
  st = prxs_cy_enter(m);

  reg = prxs_cy_registry();
  name = PyUnicode_FromString(m->name);
  if (reg != NULL && name != NULL) {
    mods = PyDict_GetItemString(reg, "modules");
    parked = PyDict_GetItemString(reg, "parked");
    if (mods != NULL) {
      PySet_Discard(mods, name);
    }
    finalize = (started || PyDict_GetItemString(reg, "owner") == Py_True) &&
      mods != NULL && PySet_GET_SIZE(mods) == 0 &&
      (parked == NULL || PySet_GET_SIZE(parked) == 0);
  }
  PyErr_Clear();

  if (!finalize) {
    if (parked == NULL && reg != NULL) {
      parked = PySet_New(NULL);
      if (parked != NULL) {
        PyDict_SetItemString(reg, "parked", parked);
        Py_DECREF(parked);
      }
    }
    if (park && parked != NULL && name != NULL && m->pymod != NULL) {
      PySet_Add(parked, name);
    }
    Py_XDECREF(name);
    if (!park) {
      /* A failed init: nothing to reuse; the next load starts over. */
      prxs_cy_clear(m);
    }
    PyErr_Clear();
    prxs_cy_pin(m);
    pr_log_debug(DEBUG2,
      "%s: kept in memory: the Python interpreter outlives it", m->version);
    PyGILState_Release(st);
    return;
  }
  Py_XDECREF(name);

  prxs_cy_clear(m);
  if (Py_FinalizeEx() < 0) {
    pr_log_pri(PR_LOG_WARNING,
      "%s: errors while finalizing the Python interpreter", m->version);
  }
  pr_log_debug(DEBUG2, "%s: finalized Python", m->version);
  m->pid = 0;
}

/* Loaded again after being parked: reuse the Python module, if the
 * interpreter it lives in is still the one running.  Returns 0 when
 * reused, 1 when the module is active already (init called twice), -1 when
 * it cannot be used.
 */
static inline int prxs_cy_unpark(prxs_cy_module *m) {
  PyGILState_STATE st;
  PyObject *reg, *parked, *mods, *name;
  int ok = FALSE;

  if (Py_IsInitialized()) {
    st = prxs_cy_enter(m);
    reg = prxs_cy_registry();
    parked = reg ? PyDict_GetItemString(reg, "parked") : NULL;
    mods = reg ? PyDict_GetItemString(reg, "modules") : NULL;
    name = PyUnicode_FromString(m->name);
    if (mods != NULL && name != NULL && PySet_Contains(mods, name) == 1) {
      ok = 2;             /* init called twice: nothing to do */
    } else if (parked != NULL && mods != NULL && name != NULL &&
        PySet_Contains(parked, name) == 1) {
      ok = PySet_Discard(parked, name) == 1 && PySet_Add(mods, name) == 0;
    }
    Py_XDECREF(name);
    PyErr_Clear();
    PyGILState_Release(st);
  }
  if (!ok) {
    pr_log_pri(PR_LOG_ERR, "%s: cannot be loaded again in this process: the "
      "Python interpreter it ran in was finalized by the host; restart the "
      "server", m->version);
    return -1;
  }
  if (ok == 2) {
    return 1;
  }
  pr_log_debug(DEBUG2, "%s: reusing the Python module kept in memory",
    m->version);
  return 0;
}

/* The client sees that the command failed; the details (exception type,
 * message, .pyx line) are only in the server log.
 */
static inline modret_t *prxs_cy_internal_error(prxs_cy_module *m,
    cmd_rec *cmd, const char *where) {
  pr_response_add_err(R_550, "%s: internal error in %s (see the server log)",
    where, m->version);
  return PR_ERROR(cmd);
}

/* Store what a directive handler returned: None stores nothing, a tuple or
 * list stores each item, anything else one value (as text).
 */
static inline modret_t *prxs_cy_store(prxs_cy_module *m, cmd_rec *cmd,
    PyObject *res) {
  char *v[PRXS_CY_MAX_VALUES];
  Py_ssize_t n = 1, i;
  PyObject *seq = NULL;
  const char *name = cmd->argv[0];

  if (res == Py_None) {
    return PR_HANDLED(cmd);
  }
  if (PyTuple_Check(res) || PyList_Check(res)) {
    seq = PySequence_Fast(res, "values");
    n = seq ? PySequence_Fast_GET_SIZE(seq) : -1;
    if (n < 0 || n > PRXS_CY_MAX_VALUES) {
      Py_XDECREF(seq);
      PyErr_Clear();
      return PR_ERROR_MSG(cmd, NULL, pstrcat(cmd->tmp_pool, name,
        ": a directive handler may store at most 8 values", NULL));
    }
  }
  for (i = 0; i < n; i++) {
    v[i] = prxs_cy_cstr(cmd->tmp_pool,
      seq ? PySequence_Fast_GET_ITEM(seq, i) : res);
    if (v[i] == NULL) {
      const char *err = prxs_cy_log_exception(m, cmd->tmp_pool, name);
      Py_XDECREF(seq);
      return PR_ERROR_MSG(cmd, NULL, pstrcat(cmd->tmp_pool, name, ": ", err,
        NULL));
    }
  }
  Py_XDECREF(seq);

  switch (n) {
    case 0: add_config_param_str(name, 0); break;
    case 1: add_config_param_str(name, 1, v[0]); break;
    case 2: add_config_param_str(name, 2, v[0], v[1]); break;
    case 3: add_config_param_str(name, 3, v[0], v[1], v[2]); break;
    case 4: add_config_param_str(name, 4, v[0], v[1], v[2], v[3]); break;
    case 5: add_config_param_str(name, 5, v[0], v[1], v[2], v[3], v[4]);
      break;
    case 6: add_config_param_str(name, 6, v[0], v[1], v[2], v[3], v[4],
      v[5]); break;
    case 7: add_config_param_str(name, 7, v[0], v[1], v[2], v[3], v[4],
      v[5], v[6]); break;
    default: add_config_param_str(name, 8, v[0], v[1], v[2], v[3], v[4],
      v[5], v[6], v[7]); break;
  }
  return PR_HANDLED(cmd);
}

/* Turn what a command handler returned into replies: None declines, True
 * handled, False error (the handler added its replies), a str is a 200
 * reply (one line per line), (code, text) a reply with that code, an error
 * when the code is 4xx/5xx.
 */
static inline modret_t *prxs_cy_reply(prxs_cy_module *m, cmd_rec *cmd,
    PyObject *res, const char *where) {
  const char *code = R_200;
  PyObject *text = res;
  char *s, *line, *next;
  int first = TRUE, is_err = FALSE;

  if (res == Py_None) {
    return PR_DECLINED(cmd);
  }
  if (res == Py_True) {
    return PR_HANDLED(cmd);
  }
  if (res == Py_False) {
    return PR_ERROR(cmd);
  }
  if (PyTuple_Check(res) && PyTuple_GET_SIZE(res) == 2) {
    code = prxs_cy_cstr(cmd->tmp_pool, PyTuple_GET_ITEM(res, 0));
    text = PyTuple_GET_ITEM(res, 1);
    if (code == NULL || strlen(code) != 3 || code[0] < '1' || code[0] > '6') {
      PyErr_Clear();
      pr_log_pri(PR_LOG_ERR,
        "%s: %s: returned a reply code that is not three digits",
        m->version, where);
      return prxs_cy_internal_error(m, cmd, where);
    }
    is_err = (code[0] == '4' || code[0] == '5');
  } else if (!PyUnicode_Check(res)) {
    pr_log_pri(PR_LOG_ERR,
      "%s: %s: returned a %s; expected None, a bool, a str or (code, text)",
      m->version, where, Py_TYPE(res)->tp_name);
    return prxs_cy_internal_error(m, cmd, where);
  }

  s = prxs_cy_cstr(cmd->tmp_pool, text);
  if (s == NULL) {
    prxs_cy_log_exception(m, NULL, where);
    return prxs_cy_internal_error(m, cmd, where);
  }
  for (line = s; line != NULL; line = next) {
    next = strchr(line, '\n');
    if (next != NULL) {
      *next++ = '\0';
    }
    if (is_err) {
      pr_response_add_err(first ? code : R_DUP, "%s", line);
    } else {
      pr_response_add(first ? code : R_DUP, "%s", line);
    }
    first = FALSE;
  }
  return is_err ? PR_ERROR(cmd) : PR_HANDLED(cmd);
}

/* A directive handler failed: a ValueError is the author's message for the
 * admin; anything else also names its type (and is logged).
 */
static inline modret_t *prxs_cy_directive_error(prxs_cy_module *m,
    cmd_rec *cmd, const char *where) {
  PyObject *type = PyErr_Occurred();
  const char *text = NULL;

  if (type != NULL && PyErr_GivenExceptionMatches(type, PyExc_ValueError)) {
    PyObject *t = NULL, *v = NULL, *tb = NULL, *s = NULL;

    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    s = v != NULL ? PyObject_Str(v) : NULL;
    text = s != NULL ? prxs_cy_cstr(cmd->tmp_pool, s) : NULL;
    Py_XDECREF(s);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    PyErr_Clear();

  } else {
    text = prxs_cy_log_exception(m, cmd->tmp_pool, where);
  }
  return PR_ERROR_MSG(cmd, NULL, pstrcat(cmd->tmp_pool, cmd->argv[0], ": ",
    text ? text : "invalid value", NULL));
}

/* What every trampoline calls: handler idx with the cmd object, the GIL
 * held; its result becomes stored values (a directive) or replies.
 */
static inline modret_t *prxs_cy_call(prxs_cy_module *m, cmd_rec *cmd,
    unsigned int idx, const char *where, int is_directive) {
  PyGILState_STATE st;
  PyObject *obj, *res = NULL;
  modret_t *mr;

  if (m->pymod == NULL || idx >= m->nhandlers || m->handlers[idx] == NULL) {
    pr_log_pri(PR_LOG_ERR, "%s: %s: the Python module is not initialised",
      m->version, where);
    if (is_directive) {
      return PR_ERROR_MSG(cmd, NULL, pstrcat(cmd->tmp_pool, cmd->argv[0],
        ": ", m->version, " is not initialised", NULL));
    }
    return prxs_cy_internal_error(m, cmd, where);
  }

  st = prxs_cy_enter(m);
  obj = prxs_cy_cmd_object(m, cmd);
  if (obj != NULL) {
    res = PyObject_CallOneArg(m->handlers[idx], obj);
    Py_DECREF(obj);
  }

  if (res == NULL) {
    if (is_directive) {
      mr = prxs_cy_directive_error(m, cmd, where);

    } else {
      prxs_cy_log_exception(m, NULL, where);
      mr = prxs_cy_internal_error(m, cmd, where);
    }

  } else {
    mr = is_directive ? prxs_cy_store(m, cmd, res) :
      prxs_cy_reply(m, cmd, res, where);
    Py_DECREF(res);
  }

  PyGILState_Release(st);
  return mr;
}

/* Event handlers
 */

/* core.module-unload, from the module's listener: release Python when the
 * module unloaded is this one.
 */
static inline void prxs_cy_module_unloaded(prxs_cy_module *m,
    const void *event_data) {
  if (strcmp(m->file, (const char *) event_data) == 0) {
    pr_event_unregister(m->m, NULL, NULL);
    prxs_cy_release(m, FALSE, TRUE);
  }
}

/* Initialization routines
 */

/* Import the module into the interpreter (GIL held) and look up its
 * handlers; 0 on success, -1 (logged) on failure.
 */
static inline int prxs_cy_import(prxs_cy_module *m, PyObject *reg) {
  PyObject *mods, *name, *types;
  char where[512];
  unsigned int i;

  types = PyImport_ImportModule("types");
  if (types == NULL) {
    prxs_cy_log_exception(m, NULL, "init: importing types");
    return -1;
  }
  m->ns = PyObject_GetAttrString(types, "SimpleNamespace");
  Py_DECREF(types);
  if (m->ns == NULL) {
    prxs_cy_log_exception(m, NULL, "init");
    return -1;
  }

  m->pymod = m->pyinit();
  if (m->pymod == NULL) {
    snprintf(where, sizeof(where), "init: running %s", m->pyx);
    prxs_cy_log_exception(m, NULL, where);
    return -1;
  }
  if (PyDict_SetItemString(PyImport_GetModuleDict(), m->name, m->pymod) < 0) {
    prxs_cy_log_exception(m, NULL, "init");
    return -1;
  }

  for (i = 0; i < m->nhandlers; i++) {
    m->handlers[i] = PyObject_GetAttrString(m->pymod, m->handler_names[i]);
    if (m->handlers[i] == NULL || !PyCallable_Check(m->handlers[i])) {
      PyErr_Clear();
      pr_log_pri(PR_LOG_ERR, "%s: init: %s is not a function in %s",
        m->version, m->handler_names[i], m->pyx);
      return -1;
    }
  }
  if (m->sess_init_name != NULL) {
    m->sess_init_fn = PyObject_GetAttrString(m->pymod, m->sess_init_name);
    if (m->sess_init_fn == NULL) {
      prxs_cy_log_exception(m, NULL, "init");
      return -1;
    }
  }

  mods = PyDict_GetItemString(reg, "modules");
  name = PyUnicode_FromString(m->name);
  if (mods == NULL || name == NULL || PySet_Add(mods, name) < 0) {
    Py_XDECREF(name);
    prxs_cy_log_exception(m, NULL, "init");
    return -1;
  }
  Py_DECREF(name);
  return 0;
}

/* The module's init: start or borrow an interpreter, run the module body,
 * register for core.module-unload.
 */
static inline int prxs_cy_init(prxs_cy_module *m) {
  PyGILState_STATE st;
  PyObject *reg;
  int started = FALSE, res = -1;

  if (m->pymod != NULL) {
    res = prxs_cy_unpark(m);
    if (res != 0) {
      return res < 0 ? -1 : 0;
    }
    goto registered;
  }

  if (!Py_IsInitialized()) {
    if (prxs_cy_start_python(m) < 0) {
      return -1;
    }
    started = TRUE;
  } else {
    pr_log_debug(DEBUG2, "%s: using the running Python %.*s", m->version,
      (int) strcspn(Py_GetVersion(), " "), Py_GetVersion());
  }
  st = prxs_cy_enter(m);

  reg = prxs_cy_registry();
  if (reg == NULL) {
    prxs_cy_log_exception(m, NULL, "init");

  } else {
    if (started) {
      PyObject *now = PyLong_FromLong((long) getpid());

      PyDict_SetItemString(reg, "owner", Py_True);
      if (now != NULL) {
        PyDict_SetItemString(reg, "pid", now);
        Py_DECREF(now);
      }
    }
    m->pid = getpid();
    res = prxs_cy_import(m, reg);
  }

  PyGILState_Release(st);
  if (res < 0) {
    prxs_cy_release(m, started, FALSE);
    return -1;
  }

registered:
#if defined(PR_SHARED_MODULE)
  pr_event_register(m->m, "core.module-unload", m->unload_ev, NULL);
#endif /* PR_SHARED_MODULE */
  return 0;
}

/* The module's sess_init: call the @session_init function, if any; else
 * finish the fork for Python now, not in the first command.
 */
static inline int prxs_cy_sess_init(prxs_cy_module *m) {
  PyGILState_STATE st;
  PyObject *res;
  int rc = 0;

  if (m->sess_init_name == NULL) {
    if (m->pymod != NULL) {
      PyGILState_Release(prxs_cy_enter(m));
    }
    return 0;
  }
  if (m->sess_init_fn == NULL) {
    return 0;
  }
  st = prxs_cy_enter(m);
  res = PyObject_CallNoArgs(m->sess_init_fn);
  if (res == NULL) {
    prxs_cy_log_exception(m, NULL, m->sess_init_where);
    rc = -1;
  }
  Py_XDECREF(res);
  PyGILState_Release(st);
  return rc;
}

#endif /* PRXS_CYTHON_H */
