/*
 * prxs shim host: command parsing and dispatch, with proftpd's rules.
 *
 * Each phase is dispatched first to C_ANY ("*") handlers, then, if none of
 * those handled or failed, to the handlers named for the command; within a
 * pass the first handler that handles (or fails) stops the pass, DECLINED
 * passes on.  PRE_CMD failure skips CMD and runs POST_CMD_ERR/LOG_CMD_ERR;
 * CMD success runs POST_CMD and LOG_CMD, CMD failure POST_CMD_ERR and
 * LOG_CMD_ERR; an error in LOG_CMD/LOG_CMD_ERR is logged and passes on.
 * A handler with requires_auth is refused before login with a 530.
 */

#include "host.h"
#include "host_cmd.h"

const char *host_crash_module = NULL;
const char *host_crash_phase = NULL;

static const char *phase_name(int phase) {
  switch (phase) {
    case PRE_CMD:
      return "PRE_CMD";
    case CMD:
      return "CMD";
    case POST_CMD:
      return "POST_CMD";
    case POST_CMD_ERR:
      return "POST_CMD_ERR";
    case LOG_CMD:
      return "LOG_CMD";
    case LOG_CMD_ERR:
      return "LOG_CMD_ERR";
    default:
      return "(unknown)";
  }
}

int host_auth_check(cmd_rec *cmd) {
  (void) cmd;
  if (session.user == NULL) {
    pr_response_send(R_530, _("Please login with USER and PASS"));
    return FALSE;
  }
  return TRUE;
}

/* The next word of *ptr (in place), as pr_str_get_word() with
 * PR_STR_FL_PRESERVE_COMMENTS (and PR_STR_FL_PRESERVE_WHITESPACE).
 */
static char *cmd_next_word(char **ptr, int preserve_ws) {
  char *cp = *ptr, *res, *dst;
  int quoted = FALSE;

  if (cp == NULL || *cp == '\0') {
    return NULL;
  }
  if (!preserve_ws) {
    while (*cp && PR_ISSPACE(*cp)) {
      cp++;
    }
    if (*cp == '\0') {
      *ptr = cp;
      return NULL;
    }
  }
  res = dst = cp;
  if (*cp == '"') {
    quoted = TRUE;
    cp++;
  }
  while (*cp && (quoted ? *cp != '"' : !PR_ISSPACE(*cp))) {
    if (*cp == '\\' && quoted && cp[1] != '\0') {
      cp++;
    }
    *dst++ = *cp++;
  }
  if (*cp) {
    cp++;
  }
  *dst = '\0';
  *ptr = cp;
  return res;
}

cmd_rec *host_cmd_parse(pool *p, const char *line) {
  pool *sub;
  cmd_rec *cmd;
  array_header *args;
  const char *cp = line, *end;
  char *word;

  while (*cp == ' ' || *cp == '\t') {
    cp++;
  }
  if (*cp == '\0') {
    errno = ENOENT;
    return NULL;
  }

  sub = make_sub_pool(p);
  pr_pool_tag(sub, "cmd_rec pool");
  cmd = pcalloc(sub, sizeof(cmd_rec));
  cmd->pool = sub;
  cmd->server = main_server;
  cmd->notes = pr_table_alloc(sub, 0);
  {
    /* As proftpd's: the "errno" note is always there (pr_cmd_set_errno). */
    int *xerrno = pcalloc(sub, sizeof(int));
    pr_table_add(cmd->notes, "errno", xerrno, sizeof(int));
  }
  cmd->stash_index = -1;
  cmd->is_ftp = TRUE;
  cmd->protocol = "FTP";

  args = make_array(sub, 4, sizeof(char *));
  end = cp + strcspn(cp, " \t");
  word = pstrndup(sub, cp, (size_t) (end - cp));
  {
    char *wp;
    for (wp = word; *wp; wp++) {
      *wp = (char) toupper((unsigned char) *wp);
    }
  }
  *((char **) push_array(args)) = word;

  /* The argument string is everything after one separating space. */
  cp = end;
  if (*cp == ' ' || *cp == '\t') {
    cp++;
  }
  cmd->arg = pstrdup(sub, cp);

  {
    /* The argument words as proftpd's make_ftp_cmd() reads them: "double
     * quotes" group (a backslash in them escapes the next character), '#'
     * is an ordinary character, and in a SITE command every blank counts
     * (two spaces make an empty word), so file names with runs of spaces
     * survive.
     */
    int preserve_ws = strcmp(word, C_SITE) == 0;
    char *ptr = pstrdup(sub, cp);

    while ((word = cmd_next_word(&ptr, preserve_ws)) != NULL) {
      *((char **) push_array(args)) = word;
    }
  }
  *((char **) push_array(args)) = NULL;

  cmd->argc = args->nelts - 1;
  cmd->argv = (void **) args->elts;
  return cmd;
}

/* The command line as logged: proftpd never shows a password (PASS, ADAT). */
static const char *dispatch_displayable(cmd_rec *cmd) {
  if (strcasecmp(cmd->argv[0], C_PASS) == 0 ||
      strcasecmp(cmd->argv[0], "ADAT") == 0) {
    return pstrcat(cmd->tmp_pool ? cmd->tmp_pool : cmd->pool,
      (const char *) cmd->argv[0], " (hidden)", NULL);
  }
  return get_full_cmd(cmd);
}

static int dispatch(cmd_rec *cmd, int phase, int validate, const char *match) {
  module *m;
  int success = 0, send_error;

  send_error = (phase == PRE_CMD || phase == CMD || phase == POST_CMD_ERR);
  if (match == NULL) {
    match = cmd->argv[0];
  }

  for (m = loaded_modules; m != NULL && !success; m = m->next) {
    cmdtable *c;

    for (c = m->cmdtable; c && c->command && !success; c++) {
      modret_t *mr;

      if (c->cmd_type != phase || strcasecmp(c->command, match) != 0) {
        continue;
      }

      session.curr_cmd = cmd->argv[0];
      session.curr_cmd_rec = cmd;
      session.curr_phase = phase;

      if (c->group != NULL) {
        cmd->group = pstrdup(cmd->pool, c->group);
      }

      if (c->requires_auth && !host_auth_check(cmd)) {
        pr_log_debug(DEBUG8, "command '%s' failed 'requires_auth' check for "
          "mod_%s.c", (char *) cmd->argv[0], m->name);
        errno = EACCES;
        return -1;
      }

      if (cmd->tmp_pool == NULL) {
        cmd->tmp_pool = make_sub_pool(cmd->pool);
        pr_pool_tag(cmd->tmp_pool, "cmd_rec tmp pool");
      }

      pr_log_debug(DEBUG4, "dispatching %s command '%s' to mod_%s",
        phase_name(phase), dispatch_displayable(cmd), m->name);

      cmd->cmd_class |= c->cmd_class;
      host_curr_module = m;
      host_crash_module = m->name;
      host_crash_phase = phase_name(phase);
      mr = c->handler(cmd);
      host_crash_module = NULL;
      host_crash_phase = NULL;
      host_curr_module = NULL;

      if (MODRET_ISHANDLED(mr)) {
        success = 1;

      } else if (MODRET_ISERROR(mr)) {
        success = -1;

        if (phase == POST_CMD || phase == LOG_CMD || phase == LOG_CMD_ERR) {
          if (MODRET_ERRMSG(mr)) {
            pr_log_pri(PR_LOG_NOTICE, "%s", MODRET_ERRMSG(mr));
          }
          if (phase == LOG_CMD || phase == LOG_CMD_ERR) {
            success = 0;
          }

        } else if (send_error) {
          if (MODRET_ERRNUM(mr) && MODRET_ERRMSG(mr)) {
            pr_response_add_err(MODRET_ERRNUM(mr), "%s", MODRET_ERRMSG(mr));

          } else if (MODRET_ERRMSG(mr)) {
            const char *msg = MODRET_ERRMSG(mr);
            host_response_write(msg, strlen(msg));
            host_response_write("\r\n", 2);
          }
        }
      }

      destroy_pool(cmd->tmp_pool);
      cmd->tmp_pool = NULL;
    }
  }

  if (!success && validate) {
    char *method = pstrdup(cmd->pool, cmd->argv[0]), *cp;

    for (cp = method; *cp; cp++) {
      if (*cp == '_') {
        *cp = ' ';
      }
    }
    pr_event_generate("core.unhandled-command", cmd);
    pr_response_add_err(R_500, _("%s not understood"), method);
    success = -1;
  }

  return success;
}

/* A command refused before its CMD phase (by <Limit> or a PRE_CMD handler):
 * only the error phases run, as in proftpd's _dispatch().
 */
static int dispatch_refused(cmd_rec *cmd, int success) {
  dispatch(cmd, POST_CMD_ERR, FALSE, C_ANY);
  dispatch(cmd, POST_CMD_ERR, FALSE, NULL);
  dispatch(cmd, LOG_CMD_ERR, FALSE, C_ANY);
  dispatch(cmd, LOG_CMD_ERR, FALSE, NULL);
  host_response_flush(TRUE);
  return success;
}

/* Run a command through all phases; returns 1, 0 or -1 as proftpd. */
int host_cmd_dispatch(cmd_rec *cmd) {
  int success;

  host_response_reset();
  cmd->server = main_server;
  host_dir_config_set(cmd);

  if (host_limit_denied(cmd, NULL)) {
    /* proftpd's transfer and rename handlers refuse with EPERM, the
     * directory handlers with EACCES. */
    static const char *eperm_cmds[] = { "RETR", "STOR", "STOU", "APPE",
      "RNFR", "RNTO", NULL };
    int i, xerrno = EACCES;

    for (i = 0; eperm_cmds[i] != NULL; i++) {
      if (strcasecmp(cmd->argv[0], eperm_cmds[i]) == 0) {
        xerrno = EPERM;
      }
    }
    pr_response_add_err(R_550, "%s: %s", cmd->arg && *cmd->arg ? cmd->arg :
      (char *) cmd->argv[0], strerror(xerrno));
    success = -1;
    return dispatch_refused(cmd, success);
  }

  success = dispatch(cmd, PRE_CMD, FALSE, C_ANY);
  if (!success) {
    success = dispatch(cmd, PRE_CMD, FALSE, NULL);
  }

  if (success < 0) {
    return dispatch_refused(cmd, success);
  }

  success = dispatch(cmd, CMD, FALSE, C_ANY);
  if (!success) {
    success = dispatch(cmd, CMD, TRUE, NULL);
  }

  if (success == 1) {
    success = dispatch(cmd, POST_CMD, FALSE, C_ANY);
    if (!success) {
      success = dispatch(cmd, POST_CMD, FALSE, NULL);
    }
    dispatch(cmd, LOG_CMD, FALSE, C_ANY);
    dispatch(cmd, LOG_CMD, FALSE, NULL);
    host_response_flush(FALSE);

  } else if (success < 0) {
    success = dispatch(cmd, POST_CMD_ERR, FALSE, C_ANY);
    if (!success) {
      success = dispatch(cmd, POST_CMD_ERR, FALSE, NULL);
    }
    dispatch(cmd, LOG_CMD_ERR, FALSE, C_ANY);
    dispatch(cmd, LOG_CMD_ERR, FALSE, NULL);
    host_response_flush(TRUE);
  }

  return success;
}

/* A module dispatching a command of its own (mod_copy, mod_site_misc):
 * phase 0 runs every phase and sends the replies as a session's command;
 * one phase runs that phase only (C_ANY handlers first, then the
 * command's), sending its replies only with PR_CMD_DISPATCH_FL_SEND_RESPONSE.
 * PR_CMD_DISPATCH_FL_CLEAR_RESPONSE empties both lists first.
 */
int pr_cmd_dispatch_phase(cmd_rec *cmd, int phase, int flags) {
  int success = 0, xerrno = 0;
  char *cp;

  if (cmd == NULL || cmd->argc == 0 || cmd->argv == NULL ||
      cmd->argv[0] == NULL) {
    errno = EINVAL;
    return -1;
  }
  cmd->server = main_server;
  if (flags & PR_CMD_DISPATCH_FL_CLEAR_RESPONSE) {
    pr_response_clear(&resp_list);
    pr_response_clear(&resp_err_list);
  }
  for (cp = cmd->argv[0]; *cp; cp++) {
    *cp = (char) toupper((unsigned char) *cp);
  }
  if (cmd->cmd_id == 0) {
    cmd->cmd_id = pr_cmd_get_id(cmd->argv[0]);
  }

  if (phase == 0) {
    success = dispatch(cmd, PRE_CMD, FALSE, C_ANY);
    if (!success) {
      success = dispatch(cmd, PRE_CMD, FALSE, NULL);
    }
    if (success < 0) {
      dispatch(cmd, POST_CMD_ERR, FALSE, C_ANY);
      dispatch(cmd, POST_CMD_ERR, FALSE, NULL);
      dispatch(cmd, LOG_CMD_ERR, FALSE, C_ANY);
      dispatch(cmd, LOG_CMD_ERR, FALSE, NULL);
      xerrno = errno;
      host_response_flush(TRUE);
      errno = xerrno;
      return success;
    }
    success = dispatch(cmd, CMD, FALSE, C_ANY);
    if (!success) {
      success = dispatch(cmd, CMD, TRUE, NULL);
    }
    if (success == 1) {
      success = dispatch(cmd, POST_CMD, FALSE, C_ANY);
      if (!success) {
        success = dispatch(cmd, POST_CMD, FALSE, NULL);
      }
      dispatch(cmd, LOG_CMD, FALSE, C_ANY);
      dispatch(cmd, LOG_CMD, FALSE, NULL);
      xerrno = errno;
      host_response_flush(FALSE);
    } else if (success < 0) {
      success = dispatch(cmd, POST_CMD_ERR, FALSE, C_ANY);
      if (!success) {
        success = dispatch(cmd, POST_CMD_ERR, FALSE, NULL);
      }
      dispatch(cmd, LOG_CMD_ERR, FALSE, C_ANY);
      dispatch(cmd, LOG_CMD_ERR, FALSE, NULL);
      xerrno = errno;
      host_response_flush(TRUE);
    }
    errno = xerrno;
    return success;
  }

  switch (phase) {
    case PRE_CMD:
    case POST_CMD:
    case POST_CMD_ERR:
      success = dispatch(cmd, phase, FALSE, C_ANY);
      if (!success) {
        success = dispatch(cmd, phase, FALSE, NULL);
        xerrno = errno;
      }
      break;

    case CMD:
      success = dispatch(cmd, phase, FALSE, C_ANY);
      if (!success) {
        success = dispatch(cmd, phase, TRUE, NULL);
      }
      break;

    case LOG_CMD:
    case LOG_CMD_ERR:
      dispatch(cmd, phase, FALSE, C_ANY);
      dispatch(cmd, phase, FALSE, NULL);
      break;

    default:
      errno = EINVAL;
      return -1;
  }
  if (flags & PR_CMD_DISPATCH_FL_SEND_RESPONSE) {
    xerrno = errno;
    if (success == 1) {
      host_response_flush(FALSE);
    } else if (success < 0) {
      host_response_flush(TRUE);
    }
  }
  errno = xerrno;
  return success;
}
