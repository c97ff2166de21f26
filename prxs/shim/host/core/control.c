/*
 * prxs shim host: the master's control channel.  One command a line on
 * stdin; each answer ends with a "." line:
 *   ping                  pong
 *   modules               Loaded Modules: + one name a line
 *   load mod_x.c          'mod_x.c' loaded | error loading 'mod_x.c': ...
 *   unload mod_x.c        'mod_x.c' unloaded | error unloading ...
 *   restart               re-read the configuration (as SIGHUP)
 *   sessions              sessions <live session count>
 *   quit                  stop the host and its sessions
 * The answers follow ftpdctl's texts for mod_dso's controls.
 */

#include "host.h"

static void control_reply(FILE *ctl_out, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

static void control_reply(FILE *ctl_out, const char *fmt, ...) {
  va_list ap;

  va_start(ap, fmt);
  vfprintf(ctl_out, fmt, ap);
  va_end(ap);
  fprintf(ctl_out, "\n.\n");
  fflush(ctl_out);
}

void host_control_command(char *line, FILE *ctl_out) {
  char *arg, *err = NULL;
  pool *p;

  line[strcspn(line, "\r\n")] = '\0';
  arg = strchr(line, ' ');
  if (arg != NULL) {
    *arg++ = '\0';
  }
  p = make_sub_pool(permanent_pool);

  if (strcmp(line, "ping") == 0) {
    control_reply(ctl_out, "pong");

  } else if (strcmp(line, "modules") == 0) {
    fflush(ctl_out);
    host_modules_list(fileno(ctl_out), FALSE);
    control_reply(ctl_out, "%s", "");

  } else if (strcmp(line, "load") == 0 && arg != NULL) {
    if (strncmp(arg, "mod_", 4) != 0 || strchr(arg, '.') == NULL) {
      control_reply(ctl_out, "error loading '%s': Bad module name", arg);
    } else if (pr_module_exists(arg)) {
      control_reply(ctl_out, "error loading '%s': Already loaded", arg);
    } else if (host_dso_load(p, arg, &err) < 0) {
      control_reply(ctl_out, "error loading '%s': %s", arg, err);
    } else {
      control_reply(ctl_out, "'%s' loaded", arg);
    }

  } else if (strcmp(line, "unload") == 0 && arg != NULL) {
    if (host_dso_unload(arg, &err) < 0) {
      control_reply(ctl_out, "error unloading '%s': %s", arg, err);
    } else {
      control_reply(ctl_out, "'%s' unloaded", arg);
    }

  } else if (strcmp(line, "restart") == 0) {
    host_master_restart();
    control_reply(ctl_out, "restarted");

  } else if (strcmp(line, "sessions") == 0) {
    control_reply(ctl_out, "sessions %u", host_master_sessions());

  } else if (strcmp(line, "quit") == 0) {
    control_reply(ctl_out, "bye");
    host_master_shutdown(HOST_EXIT_OK);

  } else {
    control_reply(ctl_out, "error: unknown control command '%s' (use modules, load, "
      "unload, restart, sessions, ping or quit)", line);
  }
  destroy_pool(p);
}
