/*
 * prxs shim host: the FEAT list (pr_feat_*) and the HELP list (pr_help_*),
 * with proftpd 1.3.8's semantics.  Both are built once (the core's entries
 * when the host starts, a module's when it registers them) and read only by
 * FEAT and HELP: no cost to any other command.
 */

#include "host.h"
#include "host_cmd.h"

/* Features in the order they were added (FEAT sorts them). */
static pool *feat_pool = NULL;
static pr_table_t *feat_tab = NULL;

int pr_feat_add(const char *feat) {
  if (feat == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (feat_pool == NULL) {
    feat_pool = make_sub_pool(permanent_pool);
    pr_pool_tag(feat_pool, "Feat API");
    feat_tab = pr_table_alloc(feat_pool, 0);
  }
  if (pr_table_exists(feat_tab, feat) > 0) {
    errno = EEXIST;
    return -1;
  }
  return pr_table_add(feat_tab, pstrdup(feat_pool, feat), "", 0);
}

int pr_feat_remove(const char *feat) {
  if (feat_tab == NULL) {
    errno = EPERM;
    return -1;
  }
  if (feat == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (pr_table_remove(feat_tab, feat, NULL) != NULL) {
    return 0;
  }
  errno = ENOENT;
  return -1;
}

const char *pr_feat_get(void) {
  if (feat_tab == NULL) {
    errno = EPERM;
    return NULL;
  }
  pr_table_rewind(feat_tab);
  return pr_table_next(feat_tab);
}

const char *pr_feat_get_next(void) {
  if (feat_tab == NULL) {
    errno = EPERM;
    return NULL;
  }
  return pr_table_next(feat_tab);
}

/* HELP: commands in the order they were added, each once. */
struct help_entry {
  const char *cmd;
  const char *syntax;
  int impl;
};

static pool *help_pool = NULL;
static array_header *help_list = NULL;

void pr_help_add(const char *cmd, const char *syntax, int impl) {
  struct help_entry *h;
  unsigned int i;

  if (cmd == NULL || syntax == NULL) {
    return;
  }
  if (help_pool == NULL) {
    help_pool = make_sub_pool(permanent_pool);
    pr_pool_tag(help_pool, "Help Pool");
    help_list = make_array(help_pool, 0, sizeof(struct help_entry));
  }
  h = help_list->elts;
  for (i = 0; i < help_list->nelts; i++) {
    if (strcmp(h[i].cmd, cmd) == 0) {
      /* Known: only "now implemented" changes it. */
      if (!h[i].impl && impl == TRUE) {
        h[i].impl = TRUE;
      }
      return;
    }
  }
  h = push_array(help_list);
  h->cmd = pstrdup(help_pool, cmd);
  h->syntax = pstrdup(help_pool, syntax);
  h->impl = impl;
}

/* HELP's reply: without a target, every command, eight to a line in
 * columns of eight ("*" after one not implemented) and where to direct
 * comments; with one, its syntax.  -1 with ENOENT for an unknown target
 * (or no list).
 */
int pr_help_add_response(cmd_rec *cmd, const char *target) {
  struct help_entry *h;
  unsigned int i;

  if (cmd == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (help_list == NULL) {
    errno = ENOENT;
    return -1;
  }
  h = help_list->elts;
  if (target == NULL) {
    pool *p = cmd->tmp_pool != NULL ? cmd->tmp_pool : cmd->pool;
    const char *admin = "ftp-admin";
    char *line = "";
    char col[16];

    pr_response_add(R_214,
      _("The following commands are recognized (* =>'s unimplemented):"));
    for (i = 0; i < help_list->nelts; i++) {
      const char *name = h[i].impl ? h[i].cmd :
        pstrcat(p, h[i].cmd, "*", NULL);

      /* Each name in a column of eight, cut to eight. */
      snprintf(col, 9, "%-8s", name);
      line = pstrcat(p, line, col, NULL);
      if ((i + 1) % 8 == 0 || i + 1 == help_list->nelts) {
        pr_response_add(R_DUP, "%s", line);
        line = "";
      }
    }
    if (cmd->server != NULL && cmd->server->ServerAdmin != NULL) {
      admin = cmd->server->ServerAdmin;
    }
    pr_response_add(R_DUP, _("Direct comments to %s"), admin);
    return 0;
  }
  for (i = 0; i < help_list->nelts; i++) {
    if (strcasecmp(h[i].cmd, target) == 0) {
      pr_response_add(R_214, "Syntax: %s %s", h[i].cmd, h[i].syntax);
      return 0;
    }
  }
  errno = ENOENT;
  return -1;
}
