/*
 * ProFTPD: mod_parsetest -- shows what the parser API, the configuration
 * tree, expressions and trace channels give a module, through SITE
 * commands, so that the same answers can be compared on both hosts.
 *
 * Configuration: ParseEcho args... (stored as parsed); <ParseBlock name>
 * ... </ParseBlock> (a context of its own, as mod_ifsession's); <ParseSkip>
 * ... </ParseSkip> (its lines read with pr_parser_read_line(), as
 * mod_ifversion's).
 */

#include "conf.h"

#define MOD_PARSETEST_VERSION	"mod_parsetest/0.1"

module parsetest_module;

static unsigned int parsetest_skipped = 0;
static unsigned int parsetest_skip_start = 0, parsetest_skip_end = 0;
static char parsetest_skip_last[256] = "";
static int parsetest_empty_closed = 0;
static char *parsetest_dumped = NULL;
static pool *parsetest_pool = NULL;

/* Support routines
 */

static const char *parsetest_words(pool *p, unsigned int argc, void **argv) {
  const char *out = "";
  unsigned int i;

  for (i = 0; i < argc; i++) {
    out = pstrcat(p, out, "[", argv[i] ? (char *) argv[i] : "(null)", "]",
      NULL);
  }
  return out;
}

static void parsetest_dumpf(const char *fmt, ...) {
  char buf[512];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  parsetest_dumped = pstrcat(parsetest_pool, parsetest_dumped, "<", buf, ">",
    NULL);
}

/* Configuration handlers
 */

/* usage: ParseEcho args... */
MODRET set_parseecho(cmd_rec *cmd) {
  config_rec *c;

  c = add_config_param_str(cmd->argv[0], 3, "", cmd->arg, "");
  c->argv[0] = pstrcat(c->pool, parsetest_words(cmd->tmp_pool, cmd->argc,
    cmd->argv), "", NULL);
  c->argv[2] = pcalloc(c->pool, 32);
  snprintf(c->argv[2], 32, "%u", pr_parser_get_lineno());
  return PR_HANDLED(cmd);
}

/* usage: <ParseBlock name> */
MODRET start_parseblock(cmd_rec *cmd) {
  config_rec *c;

  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);
  if (cmd->argc != 2) {
    CONF_ERROR(cmd, "wrong number of parameters");
  }
  c = pr_parser_config_ctxt_open(cmd->argv[0]);
  c->config_type = CONF_ROOT;
  c->argc = 1;
  c->argv = pcalloc(c->pool, 2 * sizeof(void *));
  c->argv[0] = pstrdup(c->pool, cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* usage: </ParseBlock> */
MODRET end_parseblock(cmd_rec *cmd) {
  int empty = FALSE;

  pr_parser_config_ctxt_close(&empty);
  if (empty) {
    parsetest_empty_closed++;
  }
  return PR_HANDLED(cmd);
}

/* usage: <ParseSkip> */
MODRET start_parseskip(cmd_rec *cmd) {
  char buf[PR_TUNABLE_BUFFER_SIZE], *line;

  parsetest_skip_start = pr_parser_get_lineno();
  while ((line = pr_parser_read_line(buf, sizeof(buf))) != NULL) {
    if (strncasecmp(line, "</ParseSkip>", 12) == 0) {
      break;
    }
    parsetest_skipped++;
    sstrncpy(parsetest_skip_last, line, sizeof(parsetest_skip_last));
  }
  parsetest_skip_end = pr_parser_get_lineno();
  return PR_HANDLED(cmd);
}

/* Command handlers
 */

static void parsetest_site_echo(cmd_rec *cmd) {
  config_rec *c;

  c = find_config(main_server->conf, CONF_PARAM, "ParseEcho", FALSE);
  while (c != NULL) {
    pr_response_add(R_200, "words=%s arg=<%s> line=%s", (char *) c->argv[0],
      (char *) c->argv[1], (char *) c->argv[2]);
    c = find_config_next(c, c->next, CONF_PARAM, "ParseEcho", FALSE);
  }
  pr_response_add(R_200, "skipped=%u from=%u to=%u last=<%s>",
    parsetest_skipped, parsetest_skip_start, parsetest_skip_end,
    parsetest_skip_last);
}

static void parsetest_site_block(cmd_rec *cmd) {
  config_rec *c;

  c = find_config(main_server->conf, -1, "<ParseBlock>", FALSE);
  while (c != NULL) {
    config_rec *r;
    const char *inner = "";

    for (r = c->subset ? (config_rec *) c->subset->xas_list : NULL; r;
        r = r->next) {
      inner = pstrcat(cmd->tmp_pool, inner, " ", r->name,
        r->config_type == CONF_LIMIT ? "(limit)" : "", NULL);
    }
    pr_response_add(R_200, "block %s type=%s:%s", (char *) c->argv[0],
      c->config_type == CONF_ROOT ? "root" : "other", inner);
    c = find_config_next(c, c->next, -1, "<ParseBlock>", FALSE);
  }
  pr_response_add(R_200, "empty blocks removed=%d", parsetest_empty_closed);
}

static void parsetest_site_line(cmd_rec *cmd, const char *text) {
  cmd_rec *parsed;
  int res, xerrno;

  res = pr_parser_prepare(cmd->tmp_pool, NULL);
  pr_response_add(R_200, "prepare=%d server=%s config=%s", res,
    pr_parser_server_ctxt_get() == main_server ? "main" : "other",
    pr_parser_config_ctxt_get() == NULL ? "none" : "some");
  res = pr_parser_server_ctxt_push(main_server);
  pr_response_add(R_200, "push=%d", res);

  parsed = pr_parser_parse_line(cmd->tmp_pool, text, 0);
  if (parsed == NULL) {
    pr_response_add(R_200, "parse_line: NULL (%s)", strerror(errno));
  } else {
    pr_response_add(R_200, "argc=%u words=%s arg=<%s>", parsed->argc,
      parsetest_words(cmd->tmp_pool, parsed->argc, parsed->argv),
      parsed->arg);
  }

  errno = 0;
  res = pr_parser_cleanup();
  xerrno = errno;
  pr_response_add(R_200, "cleanup=%d errno=%s", res,
    res < 0 ? strerror(xerrno) : "-");

  /* A server stack deeper than one is refused by cleanup (EPERM). */
  errno = 0;
  res = pr_parser_prepare(cmd->tmp_pool, NULL);
  (void) pr_parser_server_ctxt_push(main_server);
  (void) pr_parser_server_ctxt_push(main_server);
  res = pr_parser_cleanup();
  xerrno = errno;
  pr_response_add(R_200, "cleanup with two pushed=%d errno=%s", res,
    res < 0 ? strerror(xerrno) : "-");

  errno = 0;
  parsed = pr_parser_parse_line(cmd->tmp_pool, "", 0);
  xerrno = errno;
  pr_response_add(R_200, "empty line: %s errno=%s", parsed ? "cmd" : "NULL",
    strerror(xerrno));
}

static void parsetest_site_expr(cmd_rec *cmd) {
  array_header *acl;
  unsigned int argc, i;
  char **argv, **list;
  const char *kind, *mode, *items = "";
  int res;

  if (cmd->argc < 5) {
    pr_response_add(R_200, "usage: SITE PARSEEXPR user|group|class and|or "
      "names...");
    return;
  }
  kind = cmd->argv[2];
  mode = cmd->argv[3];
  argc = cmd->argc - 4;
  argv = (char **) cmd->argv + 3;
  acl = pr_expr_create(cmd->tmp_pool, &argc, argv);
  list = pcalloc(cmd->tmp_pool, (acl->nelts + 1) * sizeof(char *));
  for (i = 0; i < acl->nelts; i++) {
    list[i] = ((char **) acl->elts)[i];
    items = pstrcat(cmd->tmp_pool, items, "[", list[i], "]", NULL);
  }

  if (strcmp(kind, "user") == 0) {
    res = strcmp(mode, "and") == 0 ? pr_expr_eval_user_and(list) :
      pr_expr_eval_user_or(list);
  } else if (strcmp(kind, "group") == 0) {
    res = strcmp(mode, "and") == 0 ? pr_expr_eval_group_and(list) :
      pr_expr_eval_group_or(list);
  } else {
    res = strcmp(mode, "and") == 0 ? pr_expr_eval_class_and(list) :
      pr_expr_eval_class_or(list);
  }
  pr_response_add(R_200, "%s %s %s argc=%u -> %d", kind, mode, items, argc,
    res);
}

static void parsetest_site_config(cmd_rec *cmd) {
  xaset_t *set = NULL;
  config_rec *a, *b, *dir, *c, *m;
  unsigned int ida, idb;
  int res, xerrno;
  const char *order = "";

  a = pr_config_add_set(&set, "ParseA", 0);
  b = pr_config_add_set(&set, "ParseB", PR_CONFIG_FL_INSERT_HEAD);
  c = pr_config_add_set(&set, "ParseA", 0);
  for (m = (config_rec *) set->xas_list; m; m = m->next) {
    order = pstrcat(cmd->tmp_pool, order, " ", m->name, NULL);
  }
  ida = pr_config_get_id("ParseA");
  idb = pr_config_get_id("ParseB");
  pr_response_add(R_200, "order:%s same-id=%s a=%s b=%s", order,
    a->config_id == c->config_id ? "yes" : "no",
    ida == a->config_id ? "ok" : "bad", idb == b->config_id ? "ok" : "bad");

  /* merge down: a CF_MERGEDOWN record goes into each <Directory>, not over
   * one the <Directory> has; CF_MERGEDOWN_MULTI always.
   */
  dir = pr_config_add_set(&set, "/srv/x", 0);
  dir->config_type = CONF_DIR;
  m = pr_config_add_set(&set, "ParseMerge", 0);
  m->config_type = CONF_PARAM;
  m->flags |= CF_MERGEDOWN;
  m = pr_config_add_set(&set, "ParseMulti", 0);
  m->config_type = CONF_PARAM;
  m->flags |= CF_MERGEDOWN_MULTI;
  pr_config_merge_down(set, FALSE);
  pr_config_merge_down(set, FALSE);
  order = "";
  for (m = dir->subset ? (config_rec *) dir->subset->xas_list : NULL; m;
      m = m->next) {
    order = pstrcat(cmd->tmp_pool, order, " ", m->name, NULL);
  }
  pr_response_add(R_200, "merged into dir:%s", order);

  parsetest_pool = cmd->tmp_pool;
  parsetest_dumped = "";
  pr_config_dump(parsetest_dumpf, set, NULL);
  pr_response_add(R_200, "dump %s", parsetest_dumped);

  res = pr_config_remove(set, "ParseA", 0, FALSE);
  errno = 0;
  ida = pr_config_get_id("ParseA");
  xerrno = errno;
  pr_response_add(R_200, "removed=%d id-after=%u (%s) first=%s", res, ida,
    strerror(xerrno), ((config_rec *) set->xas_list)->name);
  res = pr_config_remove(set, "NoSuchName", 0, TRUE);
  pr_response_add(R_200, "removed none=%d", res);
}

static void parsetest_site_trace(cmd_rec *cmd) {
  static const char *levels[] = { "5", "0", "2-7", "7-2", "-3", "x", "3-",
    "", NULL };
  unsigned int i;
  int res;

  for (i = 0; levels[i] != NULL; i++) {
    int min = -9, max = -9;
    char *s = pstrdup(cmd->tmp_pool, levels[i]);

    errno = 0;
    res = pr_trace_parse_levels(s, &min, &max);
    pr_response_add(R_200, "parse '%s' = %d min=%d max=%d", levels[i], res,
      min, max);
  }
  pr_response_add(R_200, "level parsetest=%d config=%d table=%s",
    pr_trace_get_level("parsetest"), pr_trace_get_level("config"),
    pr_trace_get_table() ? "yes" : "no");
  res = pr_trace_msg("parsetest", 3, "message at level %d", 3);
  res = pr_trace_msg("parsetest", 9, "message at level %d", 9);
  res = pr_trace_set_levels("parsetest", 4, 2);
  pr_response_add(R_200, "set 4-2 = %d", res);
}

static void parsetest_site_misc(cmd_rec *cmd) {
  const char *paths[] = { "/home/%u", "/x/%u[0]/%u[1]/%u", "/x/%u[99]",
    "/x/%u[]/%u", "/none", NULL };
  unsigned int i;
  int found = -1, res;

  pr_response_add(R_200, "version=%s", pr_version_get_str());
  for (i = 0; paths[i] != NULL; i++) {
    const char *p = pstrdup(cmd->tmp_pool, paths[i]);

    pr_response_add(R_200, "subst %s -> %s", paths[i],
      path_subst_uservar(cmd->tmp_pool, &p));
  }
  res = login_check_limits(main_server->conf, FALSE, TRUE, &found);
  pr_response_add(R_200, "login_check_limits=%d found=%d", res, found);
}

MODRET parsetest_site(cmd_rec *cmd) {
  const char *what;

  if (cmd->argc < 2) {
    return PR_DECLINED(cmd);
  }
  what = cmd->argv[1];
  if (strcasecmp(what, "PARSEECHO") == 0) {
    parsetest_site_echo(cmd);
  } else if (strcasecmp(what, "PARSEBLOCK") == 0) {
    parsetest_site_block(cmd);
  } else if (strcasecmp(what, "PARSELINE") == 0) {
    const char *text = cmd->arg + strlen(what);

    while (*text == ' ') {
      text++;
    }
    parsetest_site_line(cmd, text);
  } else if (strcasecmp(what, "PARSEEXPR") == 0) {
    parsetest_site_expr(cmd);
  } else if (strcasecmp(what, "PARSECONFIG") == 0) {
    parsetest_site_config(cmd);
  } else if (strcasecmp(what, "PARSETRACE") == 0) {
    parsetest_site_trace(cmd);
  } else if (strcasecmp(what, "PARSEMISC") == 0) {
    parsetest_site_misc(cmd);
  } else {
    return PR_DECLINED(cmd);
  }
  pr_response_add(R_200, "%s done", what);
  return PR_HANDLED(cmd);
}

/* Module API tables
 */

static conftable parsetest_conftab[] = {
  { "ParseEcho",	set_parseecho,		NULL },
  { "<ParseBlock>",	start_parseblock,	NULL },
  { "</ParseBlock>",	end_parseblock,		NULL },
  { "<ParseSkip>",	start_parseskip,	NULL },
  { NULL }
};

static cmdtable parsetest_cmdtab[] = {
  { CMD,	C_SITE,	G_NONE,	parsetest_site,	TRUE,	FALSE },
  { 0, NULL }
};

module parsetest_module = {
  /* Always NULL */
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "parsetest",

  /* Module configuration handler table */
  parsetest_conftab,

  /* Module command handler table */
  parsetest_cmdtab,

  /* Module authentication handler table */
  NULL,

  /* Module initialization function */
  NULL,

  /* Session initialization function */
  NULL,

  /* Module version */
  MOD_PARSETEST_VERSION
};
