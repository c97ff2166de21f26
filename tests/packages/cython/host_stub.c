/*
 * A tiny stand-in for the ProFTPD core, for testing Cython modules without
 * the shim: it defines the few SDK functions a module calls, dlopens the
 * module RTLD_NOW|RTLD_GLOBAL as mod_dso would, and runs a script of
 * operations given on the command line:
 *
 *   init                      run the module's init()
 *   sess                      run its sess_init()
 *   conf:Directive[:arg...]   call the directive's handler
 *   cmd:COMMAND args          dispatch CMD handlers until one does not decline
 *   fork:OP                   run OP in a forked child (a session), wait for it
 *   unload                    fire core.module-unload, then dlclose
 *   open                      dlopen the module again
 *   py                        print whether a Python interpreter is running
 *
 * Built as a program (a host with no Python at all) and as a shared object
 * whose stub_main() a Python process calls through ctypes (a host that
 * already runs Python).
 */

#include "conf.h"
#include <dlfcn.h>

struct pool_rec { int unused; };
static struct pool_rec stub_pool;
pool *permanent_pool = &stub_pool;
static server_rec stub_server;
server_rec *main_server = &stub_server;
session_t session;

static const char *last_code = "000";

/* Configuration: a flat list of name/value records. */
static struct { char *name; unsigned int argc; char *argv[8]; } params[64];
static unsigned int nparams = 0;
static config_rec found;

static void out(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  fflush(stdout);
}

char *pstrdup(pool *p, const char *s) {
  return s ? strdup(s) : NULL;
}

char *pstrcat(pool *p, ...) {
  va_list ap;
  size_t len = 0;
  char *s, *res;

  va_start(ap, p);
  while ((s = va_arg(ap, char *)) != NULL) {
    len += strlen(s);
  }
  va_end(ap);
  res = calloc(1, len + 1);
  va_start(ap, p);
  while ((s = va_arg(ap, char *)) != NULL) {
    strcat(res, s);
  }
  va_end(ap);
  return res;
}

modret_t *mod_create_ret(cmd_rec *cmd, unsigned char err, const char *n,
    const char *m) {
  modret_t *mr = calloc(1, sizeof(modret_t));
  mr->mr_error = err;
  mr->mr_numeric = n;
  mr->mr_message = m;
  return mr;
}

static void respond(const char *kind, const char *numeric, const char *fmt,
    va_list ap) {
  char buf[4096];
  vsnprintf(buf, sizeof(buf), fmt, ap);
  if (numeric != NULL) {
    last_code = numeric;
  }
  out("%s %s %s\n", kind, last_code, buf);
}

void pr_response_add(const char *numeric, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  respond("reply", numeric, fmt, ap);
  va_end(ap);
}

void pr_response_add_err(const char *numeric, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  respond("reply-err", numeric, fmt, ap);
  va_end(ap);
}

void pr_log_pri(int prio, const char *fmt, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  out("log %d %s\n", prio, buf);
}

void pr_log_debug(int level, const char *fmt, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  out("debug %d %s\n", level, buf);
}

static struct { module *m; void (*cb)(const void *, void *); } unload_cbs[16];
static unsigned int nunload = 0;

int pr_event_register(module *m, const char *event,
    void (*cb)(const void *, void *), void *user_data) {
  if (strcmp(event, "core.module-unload") == 0 && nunload < 16) {
    unload_cbs[nunload].m = m;
    unload_cbs[nunload++].cb = cb;
  }
  return 0;
}

int pr_event_unregister(module *m, const char *event,
    void (*cb)(const void *, void *)) {
  unsigned int i;
  for (i = 0; i < nunload; i++) {
    if (unload_cbs[i].m == m) {
      unload_cbs[i].cb = NULL;
    }
  }
  return 0;
}

unsigned char check_context(cmd_rec *cmd, int allowed) {
  return (allowed & CONF_ROOT) ? TRUE : FALSE;
}

char *get_context_name(cmd_rec *cmd) {
  return "server config";
}

config_rec *add_config_param_str(const char *name, unsigned int n, ...) {
  va_list ap;
  unsigned int i;

  if (nparams >= 64 || n > 8) {
    return NULL;
  }
  params[nparams].name = strdup(name);
  params[nparams].argc = n;
  va_start(ap, n);
  for (i = 0; i < n; i++) {
    params[nparams].argv[i] = strdup(va_arg(ap, char *));
  }
  va_end(ap);
  nparams++;
  return NULL;
}

config_rec *find_config(xaset_t *set, int type, const char *name, int recurse) {
  unsigned int i;
  for (i = 0; i < nparams; i++) {
    if (strcmp(params[i].name, name) == 0) {
      found.name = params[i].name;
      found.argc = params[i].argc;
      found.argv = (void **) params[i].argv;
      return &found;
    }
  }
  return NULL;
}

void *get_param_ptr(xaset_t *set, const char *name, int recurse) {
  config_rec *c = find_config(set, CONF_PARAM, name, recurse);
  return c != NULL && c->argc > 0 ? c->argv[0] : NULL;
}

/* The host itself. */

static const char *mod_path, *mod_symbol;
static void *handle;
static module *mod;

static int open_module(void) {
  handle = dlopen(mod_path, RTLD_NOW|RTLD_GLOBAL);
  if (handle == NULL) {
    out("dlopen-error %s\n", dlerror());
    return -1;
  }
  mod = dlsym(handle, mod_symbol);
  if (mod == NULL) {
    out("dlsym-error %s\n", dlerror());
    return -1;
  }
  out("opened %s api=0x%x\n", mod->name, mod->api_version);
  return 0;
}

static cmd_rec *make_cmd(char *words) {
  cmd_rec *cmd = calloc(1, sizeof(cmd_rec));
  char *w, *save = NULL;

  cmd->pool = cmd->tmp_pool = &stub_pool;
  cmd->server = main_server;
  cmd->argv = calloc(32, sizeof(void *));
  for (w = strtok_r(words, " ", &save); w != NULL && cmd->argc < 31;
       w = strtok_r(NULL, " ", &save)) {
    cmd->argv[cmd->argc++] = strdup(w);
  }
  return cmd;
}

static void show(modret_t *mr) {
  if (MODRET_ISDECLINED(mr)) {
    out("result declined\n");
  } else if (MODRET_ISERROR(mr)) {
    out("result error %s\n", MODRET_ERRMSG(mr) ? MODRET_ERRMSG(mr) : "");
  } else {
    out("result handled\n");
  }
}

static int run_op(char *op);

static int run_op(char *op) {
  if (strcmp(op, "init") == 0) {
    out("init %d\n", mod->init ? mod->init() : 0);

  } else if (strcmp(op, "sess") == 0) {
    out("sess %d\n", mod->sess_init ? mod->sess_init() : 0);

  } else if (strncmp(op, "conf:", 5) == 0) {
    char *words = strdup(op + 5), *p;
    cmd_rec *cmd;
    conftable *c;

    for (p = words; *p; p++) {
      if (*p == ':') *p = ' ';
    }
    cmd = make_cmd(words);
    for (c = mod->conftable; c && c->directive; c++) {
      if (strcmp(c->directive, cmd->argv[0]) == 0) {
        show(c->handler(cmd));
        return 0;
      }
    }
    out("result unknown-directive\n");

  } else if (strncmp(op, "cmd:", 4) == 0) {
    cmd_rec *cmd = make_cmd(strdup(op + 4));
    cmdtable *c;
    modret_t *mr = NULL;

    cmd->arg = strchr(op + 4, ' ') ? strchr(op + 4, ' ') + 1 : "";
    for (c = mod->cmdtable; c && c->command; c++) {
      if (c->cmd_type == CMD && strcasecmp(c->command, cmd->argv[0]) == 0) {
        mr = c->handler(cmd);
        if (!MODRET_ISDECLINED(mr)) {
          break;
        }
      }
    }
    show(mr);

  } else if (strncmp(op, "fork:", 5) == 0) {
    pid_t pid = fork();
    int status = 0;

    if (pid == 0) {
      run_op(op + 5);
      fflush(stdout);
      _exit(0);
    }
    waitpid(pid, &status, 0);
    out("child %s\n", WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "ok" :
      "crashed");

  } else if (strcmp(op, "unload") == 0) {
    unsigned int i;
    char name[256];

    snprintf(name, sizeof(name), "mod_%s.c", mod->name);
    for (i = 0; i < nunload; i++) {
      if (unload_cbs[i].cb != NULL && unload_cbs[i].m == mod) {
        unload_cbs[i].cb(name, NULL);
      }
    }
    nunload = 0;
    out("dlclose %d\n", dlclose(handle));
    handle = NULL;
    mod = NULL;

  } else if (strcmp(op, "open") == 0) {
    return open_module();

  } else if (strcmp(op, "py") == 0) {
    int (*is_init)(void) = (int (*)(void)) dlsym(RTLD_DEFAULT, "Py_IsInitialized");
    out("python %s\n", is_init == NULL ? "absent" : (is_init() ? "running" :
      "stopped"));
  } else {
    out("unknown-op %s\n", op);
    return -1;
  }
  return 0;
}

int stub_main(int argc, char **argv) {
  int i;

  if (argc < 3) {
    fprintf(stderr, "usage: %s MODULE.so SYMBOL OP...\n", argv[0]);
    return 2;
  }
  mod_path = argv[1];
  mod_symbol = argv[2];
  if (open_module() < 0) {
    return 1;
  }
  for (i = 3; i < argc; i++) {
    if (run_op(argv[i]) < 0) {
      return 1;
    }
  }
  return 0;
}

#ifndef STUB_LIBRARY
int main(int argc, char **argv) {
  return stub_main(argc, argv);
}
#endif
