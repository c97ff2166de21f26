/*
 * prxs shim host: command records (cmd.h): the ids of FTP's commands, the
 * comparison by id and a command's text as it may be displayed or logged.
 */

#include "host.h"

struct cmd_id_entry {
  int id;
  const char *name;
};

#define CMD_ID(n)	{ PR_CMD_##n##_ID, #n }

/* Every PR_CMD_*_ID of cmd.h, with the command it stands for. */
static const struct cmd_id_entry cmd_id_table[] = {
  CMD_ID(USER), CMD_ID(PASS), CMD_ID(ACCT), CMD_ID(CWD), CMD_ID(XCWD),
  CMD_ID(CDUP), CMD_ID(XCUP), CMD_ID(SMNT), CMD_ID(REIN), CMD_ID(QUIT),
  CMD_ID(PORT), CMD_ID(EPRT), CMD_ID(PASV), CMD_ID(EPSV), CMD_ID(TYPE),
  CMD_ID(STRU), CMD_ID(MODE), CMD_ID(RETR), CMD_ID(STOR), CMD_ID(STOU),
  CMD_ID(APPE), CMD_ID(ALLO), CMD_ID(REST), CMD_ID(RNFR), CMD_ID(RNTO),
  CMD_ID(ABOR), CMD_ID(DELE), CMD_ID(MDTM), CMD_ID(RMD), CMD_ID(XRMD),
  CMD_ID(MKD), CMD_ID(MLSD), CMD_ID(MLST), CMD_ID(XMKD), CMD_ID(PWD),
  CMD_ID(XPWD), CMD_ID(SIZE), CMD_ID(LIST), CMD_ID(NLST), CMD_ID(SITE),
  CMD_ID(SYST), CMD_ID(STAT), CMD_ID(HELP), CMD_ID(NOOP), CMD_ID(FEAT),
  CMD_ID(OPTS), CMD_ID(LANG), CMD_ID(ADAT), CMD_ID(AUTH), CMD_ID(CCC),
  CMD_ID(CONF), CMD_ID(ENC), CMD_ID(MIC), CMD_ID(PBSZ), CMD_ID(PROT),
  CMD_ID(MFF), CMD_ID(MFMT), CMD_ID(HOST), CMD_ID(CLNT), CMD_ID(RANG),
  CMD_ID(CSID),
  { 0, NULL }
};

/* The id of an FTP command (any case); -1 with ENOENT for any other name. */
int pr_cmd_get_id(const char *name) {
  size_t len;
  const struct cmd_id_entry *e;

  if (name == NULL) {
    errno = EINVAL;
    return -1;
  }
  len = strlen(name);
  if (len >= PR_CMD_MIN_NAMELEN && len <= PR_CMD_MAX_NAMELEN) {
    for (e = cmd_id_table; e->name != NULL; e++) {
      if (strcasecmp(e->name, name) == 0) {
        return e->id;
      }
    }
  }
  errno = ENOENT;
  return -1;
}

/* 0 when cmd is the command with that id; otherwise -1 or 1 by id order
 * (1 for a command without an id).  The id is looked up once and kept in
 * cmd->cmd_id, as proftpd does.
 */
int pr_cmd_cmp(cmd_rec *cmd, int cmd_id) {
  if (cmd == NULL || cmd_id <= 0) {
    errno = EINVAL;
    return -1;
  }
  if (cmd->argc == 0 || cmd->argv == NULL || cmd->argv[0] == NULL) {
    return 1;
  }
  if (cmd->cmd_id == 0) {
    cmd->cmd_id = pr_cmd_get_id(cmd->argv[0]);
  }
  if (cmd->cmd_id < 0) {
    return 1;
  }
  if (cmd->cmd_id == cmd_id) {
    return 0;
  }
  return cmd->cmd_id < cmd_id ? -1 : 1;
}

/* The command and its arguments joined by single spaces, a password (PASS,
 * ADAT) shown as "(hidden)"; computed once and kept in the command's notes
 * ("displayable-str").  proftpd also overwrites argv[1] of such a command
 * with "(hidden)"; the shim leaves the command's arguments as they are.
 */
const char *pr_cmd_get_displayable_str(cmd_rec *cmd, size_t *str_len) {
  const char *res;
  unsigned int i, argc;
  int hidden;

  if (cmd == NULL) {
    errno = EINVAL;
    return NULL;
  }
  res = cmd->notes != NULL ?
    pr_table_get(cmd->notes, "displayable-str", NULL) : NULL;
  if (res == NULL) {
    char *text = "";

    hidden = pr_cmd_cmp(cmd, PR_CMD_PASS_ID) == 0 ||
      pr_cmd_cmp(cmd, PR_CMD_ADAT_ID) == 0;
    argc = hidden ? 2 : (unsigned int) cmd->argc;
    for (i = 0; i < argc && cmd->argv != NULL; i++) {
      const char *arg = (hidden && i == 1) ? "(hidden)" : cmd->argv[i];
      if (arg == NULL) {
        break;
      }
      text = pstrcat(cmd->pool, text, i > 0 ? " " : "",
        pr_fs_decode_path(cmd->pool, arg), NULL);
    }
    res = text;
    if (cmd->notes != NULL) {
      /* Every call returns the noted copy (in proftpd the core has noted it
       * before any module asks, when it logs the command).
       */
      char *copy = pstrdup(cmd->pool, text);
      if (pr_table_add(cmd->notes, pstrdup(cmd->pool, "displayable-str"),
          copy, 0) == 0) {
        res = copy;
      }
    }
  }
  if (str_len != NULL) {
    *str_len = strlen(res);
  }
  return res;
}

/* A command record as proftpd's: its own pool (a sub-pool of p) and a
 * temporary pool, argc arguments (argv NULL-terminated), a notes table
 * holding the command's "errno" (0).
 */
cmd_rec *pr_cmd_alloc(pool *p, unsigned int argc, ...) {
  cmd_rec *cmd;
  pool *sub;
  int *xerrno;
  va_list ap;
  unsigned int i;

  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }
  sub = make_sub_pool(p);
  pr_pool_tag(sub, "cmd_rec pool");
  cmd = pcalloc(sub, sizeof(cmd_rec));
  cmd->pool = sub;
  cmd->argc = (int) argc;
  cmd->stash_index = -1;
  cmd->stash_hash = 0;
  cmd->tmp_pool = make_sub_pool(sub);
  pr_pool_tag(cmd->tmp_pool, "cmd_rec tmp pool");
  if (argc > 0) {
    cmd->argv = pcalloc(sub, sizeof(void *) * (argc + 1));
    va_start(ap, argc);
    for (i = 0; i < argc; i++) {
      cmd->argv[i] = va_arg(ap, void *);
    }
    va_end(ap);
  }
  cmd->notes = pr_table_alloc(sub, 0);
  xerrno = palloc(sub, sizeof(int));
  *xerrno = 0;
  pr_table_add(cmd->notes, "errno", xerrno, sizeof(int));
  return cmd;
}

/* The command's "errno" note; -1 with ENOENT if the command has none. */
int pr_cmd_get_errno(cmd_rec *cmd) {
  const int *v;

  if (cmd == NULL || cmd->notes == NULL) {
    errno = EINVAL;
    return -1;
  }
  v = pr_table_get(cmd->notes, "errno", NULL);
  if (v == NULL) {
    errno = ENOENT;
    return -1;
  }
  return *v;
}

int pr_cmd_set_errno(cmd_rec *cmd, int xerrno) {
  int *v;

  if (cmd == NULL || cmd->notes == NULL) {
    errno = EINVAL;
    return -1;
  }
  v = (int *) pr_table_get(cmd->notes, "errno", NULL);
  if (v == NULL) {
    errno = ENOENT;
    return -1;
  }
  *v = xerrno;
  return 0;
}

/* Forget what was computed from the command's text (its displayable
 * string) and its errno, after a module rewrote its arguments.
 */
int pr_cmd_clear_cache(cmd_rec *cmd) {
  if (cmd == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (cmd->notes != NULL) {
    pr_table_remove(cmd->notes, "displayable-str", NULL);
  }
  pr_cmd_set_errno(cmd, 0);
  return 0;
}

int pr_cmd_set_name(cmd_rec *cmd, const char *name) {
  if (cmd == NULL || name == NULL || cmd->argv == NULL) {
    errno = EINVAL;
    return -1;
  }
  cmd->argv[0] = (char *) name;
  cmd->cmd_id = pr_cmd_get_id(name);
  return 0;
}

/* 0 when the command is the one named (an FTP command: by id, so in any
 * case); otherwise the names' order: for an FTP command strncasecmp(3) of
 * name against the command's, else strncmp(3) of the command's against
 * name (case matters), as proftpd compares them.
 */
int pr_cmd_strcmp(cmd_rec *cmd, const char *name) {
  size_t len;

  if (cmd == NULL || name == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (cmd->argc == 0 || cmd->argv == NULL || cmd->argv[0] == NULL) {
    return 1;
  }
  if (cmd->cmd_id == 0) {
    cmd->cmd_id = pr_cmd_get_id(cmd->argv[0]);
  }
  if (cmd->cmd_id > 0) {
    int id = pr_cmd_get_id(name);

    if (id > 0 && pr_cmd_cmp(cmd, id) == 0) {
      return 0;
    }
    len = strlen(cmd->argv[0]);
    return strncasecmp(name, cmd->argv[0], len + 1);
  }
  len = strlen(name);
  return strncmp(cmd->argv[0], name, len + 1);
}
