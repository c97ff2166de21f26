/*
 * mod_apicmd: a test module for tests/e2e/test_api_cmd.py.  It calls the
 * command, response, FEAT/HELP, regexp, stash, module-call and timer APIs
 * and shows the results through "SITE APICMD <what> ...", so that the same
 * test runs on the shim and on the real proftpd.
 */

#include "conf.h"

#define MOD_APICMD_VERSION	"mod_apicmd/0.1"

module apicmd_module;

/* The core's response lists, declared by the modules that use them. */
extern pr_response_t *resp_list, *resp_err_list;

static int timer_fired = 0;
static int timer_repeat = 0;
static unsigned long timer_last_no = 0;
static int init_feat_dup_errno = 0;

static int apicmd_timer_cb(CALLBACK_FRAME) {
  timer_fired++;
  timer_last_no = p2;
  return timer_repeat;
}

static modret_t *apicmd_called(cmd_rec *cmd) {
  pr_response_add(R_200, "called with %d args, tmp_pool %s", cmd->argc,
    cmd->tmp_pool != NULL ? "set" : "unset");
  return PR_HANDLED(cmd);
}

static void apicmd_regex(cmd_rec *cmd, int posix) {
  pr_regex_t *pre = pr_regexp_alloc(&apicmd_module);
  regmatch_t m[4];
  char err[256];
  int res;

  res = posix ? pr_regexp_compile_posix(pre, cmd->argv[3], 0) :
    pr_regexp_compile(pre, cmd->argv[3], 0);
  if (res != 0) {
    pr_regexp_error(res, pre, err, sizeof(err));
    pr_response_add(R_200, "compile %d: %s", res, err);
    pr_regexp_free(NULL, pre);
    return;
  }
  memset(m, 0, sizeof(m));
  res = pr_regexp_exec(pre, cmd->argv[4], 4, m, 0, 0, 0);
  if (res != 0) {
    pr_response_add(R_200, "no match %d, pattern %s", res,
      pr_regexp_get_pattern(pre));
  } else {
    pr_response_add(R_200, "match [%d,%d] [%d,%d] [%d,%d]", (int) m[0].rm_so,
      (int) m[0].rm_eo, (int) m[1].rm_so, (int) m[1].rm_eo, (int) m[2].rm_so,
      (int) m[2].rm_eo);
  }
  pr_regexp_free(&apicmd_module, NULL);
}

struct apicmd_num {
  struct apicmd_num *next, *prev;
  int n;
};

static int apicmd_int_cmp(xasetmember_t *a, xasetmember_t *b) {
  return ((struct apicmd_num *) a)->n - ((struct apicmd_num *) b)->n;
}

static void apicmd_strings(cmd_rec *cmd) {
  pool *p = cmd->tmp_pool;
  char *text = pstrdup(p, "  one \"two \\\"2\\\"\" three # four"), *cp = text;
  char *w1, *w2, *w3, *w4, *toks = pstrdup(p, "a,b;;c"), *tp = toks;
  char *t1, *t2, *t3, *t4, *end = pstrdup(p, "line\r\n\r\n");
  const char *rep, *rep2;
  unsigned char bin[3] = { 0x00, 0xab, 0x7f };
  off_t n1 = 0, n2 = 0;
  int r1, r2, r3, lo = 0, hi = 0, lo2 = 0, hi2 = 0, pl1, pl2, pl3;
  char lv1[] = "7", lv2[] = "2-9", lv3[] = "9-2";
  xaset_t *set = xaset_create(p, (XASET_COMPARE) apicmd_int_cmp);
  struct apicmd_num nums[4] = { {NULL, NULL, 5}, {NULL, NULL, 1},
    {NULL, NULL, 3}, {NULL, NULL, 3} };
  struct apicmd_num *np;
  char order[32] = "";
  uint64_t ms = 0;
  char secret[8] = "secret";
  int i;

  w1 = pr_str_get_word(&cp, 0);
  w2 = pr_str_get_word(&cp, 0);
  w3 = pr_str_get_word(&cp, 0);
  w4 = pr_str_get_word(&cp, 0);
  pr_response_add(R_200, "words [%s] [%s] [%s] %s", w1, w2, w3,
    w4 == NULL ? "end" : w4);
  t1 = pr_str_get_token(&tp, ",;");
  t2 = pr_str_get_token(&tp, ",;");
  t3 = pr_str_get_token(&tp, ",;");
  t4 = pr_str_get_token(&tp, ",;");
  pr_response_add(R_DUP, "tokens [%s] [%s] [%s] [%s]", t1, t2, t3,
    t4 ? t4 : "NULL");
  rep = pr_str_replace(p, 2, "a-b-c", "-", "+", NULL);
  rep2 = pr_str_replace(p, 1, "a-b-c", "-", "+", NULL);
  pr_response_add(R_DUP, "replace %s %s/%s strip [%s] end [%s]", rep,
    rep2 ? rep2 : "NULL", errno == E2BIG ? "E2BIG" : "?",
    pr_str_strip(p, " \t mid dle \n"), pr_str_strip_end(end, "\r\n"));
  r1 = pr_str_get_nbytes("3", "KB", &n1);
  r2 = pr_str_get_nbytes("2", "mb", &n2);
  r3 = pr_str_get_nbytes("2", "XB", NULL);
  pr_response_add(R_DUP, "hex %s %s nbytes %d %lld %d %lld %d", 
    pr_str_bin2hex(p, bin, 3, 0), pr_str_bin2hex(p, bin, 3,
    PR_STR_FL_HEX_USE_UC), r1, (long long) n1, r2, (long long) n2, r3);
  pr_response_add(R_DUP, "fnmatch %d %d %d %d version %s",
    pr_fnmatch("*.txt", "a.txt", 0), pr_fnmatch("*.txt", "d/a.txt",
    PR_FNM_PATHNAME), pr_fnmatch("A*", "abc", PR_FNM_CASEFOLD),
    pr_fnmatch("a?c", "abd", 0), pr_version_get_str());
  for (i = 0; i < 4; i++) {
    xaset_insert_sort(set, (xasetmember_t *) &nums[i], i < 3);
  }
  for (np = (struct apicmd_num *) set->xas_list; np; np = np->next) {
    char one[8];
    snprintf(one, sizeof(one), "%d ", np->n);
    sstrcat(order, one, sizeof(order));
  }
  pl1 = pr_trace_parse_levels(lv1, &lo, &hi);
  pl2 = pr_trace_parse_levels(lv2, &lo2, &hi2);
  pl3 = pr_trace_parse_levels(lv3, &lo, &lo);
  pr_response_add(R_DUP, "sorted %slevels %d %d-%d %d %d-%d %d", order, pl1,
    1, hi, pl2, lo2, hi2, pl3);
  pr_gettimeofday_millis(&ms);
  pr_memscrub(secret, sizeof(secret));
  pr_response_add(R_DUP, "millis %s scrubbed %d", ms > 1600000000000ULL ?
    "ok" : "bad", secret[0] == 0 && secret[5] == 0);
}

MODRET apicmd_site(cmd_rec *cmd) {
  const char *what;

  if (cmd->argc < 3 || strcasecmp(cmd->argv[1], "APICMD") != 0) {
    return PR_DECLINED(cmd);
  }
  what = cmd->argv[2];

  if (strcasecmp(what, "STR") == 0) {
    apicmd_strings(cmd);
    return PR_HANDLED(cmd);
  }

  if (strcasecmp(what, "CMD") == 0) {
    cmd_rec *c = pr_cmd_alloc(cmd->tmp_pool, 2, pstrdup(cmd->tmp_pool, "RETR"),
      pstrdup(cmd->tmp_pool, "x.txt"));
    int e0 = pr_cmd_get_errno(c), s1, s2, s3, s4;

    pr_cmd_set_errno(c, ENOENT);
    s1 = pr_cmd_strcmp(c, "retr");
    s2 = pr_cmd_strcmp(c, "STOR") == 0;
    pr_cmd_set_name(c, "XFOO");
    s3 = pr_cmd_strcmp(c, "XFOO");
    s4 = pr_cmd_strcmp(c, "xfoo") != 0;
    pr_response_add(R_200, "argc %d argv0 %s errno %d->%d strcmp %d %d %d %d "
      "id %d tmp %s", c->argc, (char *) c->argv[0], e0, pr_cmd_get_errno(c),
      s1, s2, s3, s4, c->cmd_id, c->tmp_pool != NULL ? "yes" : "no");
    pr_cmd_clear_cache(c);
    pr_response_add(R_DUP, "after clear errno %d", pr_cmd_get_errno(c));
    return PR_HANDLED(cmd);
  }

  if (strcasecmp(what, "REGEX") == 0 && cmd->argc == 5) {
    apicmd_regex(cmd, FALSE);
    return PR_HANDLED(cmd);
  }

  if (strcasecmp(what, "POSIX") == 0 && cmd->argc == 5) {
    apicmd_regex(cmd, TRUE);
    return PR_HANDLED(cmd);
  }

  if (strcasecmp(what, "FEAT") == 0) {
    const char *f;
    int n = 0, have = 0, r1, e1, r2, e2;

    for (f = pr_feat_get(); f != NULL; f = pr_feat_get_next()) {
      n++;
      if (strcmp(f, "XAPI") == 0) {
        have++;
      }
    }
    r1 = pr_feat_remove("XAPI");
    e1 = errno;
    r2 = pr_feat_remove("XAPI");
    e2 = errno;
    pr_response_add(R_200, "feats>0 %d have %d init-dup %s remove %d %d/%s",
      n > 0, have, init_feat_dup_errno == EEXIST ? "EEXIST" : "?", r1, r2,
      e2 == ENOENT ? "ENOENT" : "?");
    (void) e1;
    return PR_HANDLED(cmd);
  }

  if (strcasecmp(what, "STASH") == 0 && cmd->argc == 4) {
    cmdtable *c = pr_stash_get_symbol2(PR_SYM_CMD, cmd->argv[3], NULL, NULL,
      NULL);
    int n = 0, xerrno;

    while (c != NULL) {
      n++;
      c = pr_stash_get_symbol2(PR_SYM_CMD, cmd->argv[3], c, NULL, NULL);
    }
    xerrno = errno;
    c = pr_stash_get_symbol2(PR_SYM_CMD, cmd->argv[3], NULL, NULL, NULL);
    pr_response_add(R_200, "%s: %d handler(s), first in mod_%s, end %s",
      (char *) cmd->argv[3], n, c != NULL ? c->m->name : "-",
      xerrno == ENOENT ? "ENOENT" : "?");
    return PR_HANDLED(cmd);
  }

  if (strcasecmp(what, "CALL") == 0) {
    modret_t *mr = pr_module_call(&apicmd_module, apicmd_called, cmd);
    return mr;
  }

  if (strcasecmp(what, "DISPATCH") == 0 && cmd->argc == 4) {
    cmd_rec *c = pr_cmd_alloc(cmd->pool, 1, pstrdup(cmd->pool, cmd->argv[3]));
    int res;

    /* The CMD phase only, replies left queued: they come before ours. */
    pr_response_add(R_200, "before (cleared)");
    res = pr_cmd_dispatch_phase(c, CMD, PR_CMD_DISPATCH_FL_CLEAR_RESPONSE);

    pr_response_add(R_200, "dispatched %s: %d", (char *) cmd->argv[3], res);
    return PR_HANDLED(cmd);
  }

  if (strcasecmp(what, "BLOCK") == 0) {
    pr_response_block(TRUE);
    pr_response_add(R_200, "hidden");
    pr_response_send(R_200, "hidden too");
    pr_response_block(FALSE);
    pr_response_clear(&resp_list);
    pr_response_add(R_200, "only this, block(2)=%d", pr_response_block(2));
    return PR_HANDLED(cmd);
  }

  if (strcasecmp(what, "TIMER") == 0 && cmd->argc == 5) {
    int res, dup, e;

    timer_repeat = atoi(cmd->argv[4]);
    timer_fired = 0;
    res = pr_timer_add(atoi(cmd->argv[3]), 4711, &apicmd_module,
      apicmd_timer_cb, "apicmd test timer");
    dup = pr_timer_add(1, 4711, &apicmd_module, apicmd_timer_cb, "dup");
    e = errno;
    pr_response_add(R_200, "timer %d dup %d/%s bad %d", res, dup,
      e == EPERM ? "EPERM" : "?", pr_timer_add(0, -1, &apicmd_module,
      apicmd_timer_cb, "zero"));
    return PR_HANDLED(cmd);
  }

  if (strcasecmp(what, "FIRED") == 0) {
    pr_response_add(R_200, "fired %d (timer %lu)", timer_fired,
      timer_last_no);
    return PR_HANDLED(cmd);
  }

  if (strcasecmp(what, "UNTIMER") == 0) {
    int r1 = pr_timer_remove(4711, &apicmd_module), r2, e;

    r2 = pr_timer_remove(4711, &apicmd_module);
    e = errno;
    pr_response_add(R_200, "removed %d again %d/%s reset %d", r1, r2,
      e == ENOENT ? "ENOENT" : "?", pr_timer_reset(4711, &apicmd_module));
    return PR_HANDLED(cmd);
  }

  if (strcasecmp(what, "DYNTIMER") == 0) {
    int a = pr_timer_add(100, -1, &apicmd_module, apicmd_timer_cb, "a");
    int b = pr_timer_add(100, -1, &apicmd_module, apicmd_timer_cb, "b");
    int reset = pr_timer_reset(b, ANY_MODULE);
    int n = pr_timer_remove(-1, &apicmd_module);

    pr_response_add(R_200, "dynamic %d %d reset %d removed-all %d",
      a >= 1024, b == a + 1, reset == b, n);
    return PR_HANDLED(cmd);
  }

  return PR_DECLINED(cmd);
}

static int apicmd_init(void) {
  pr_feat_add("XAPI");
  if (pr_feat_add("XAPI") < 0) {
    init_feat_dup_errno = errno;
  }
  pr_help_add("XAPI", "<sp> anything", TRUE);
  pr_help_add("XNOP", "is not implemented", FALSE);
  return 0;
}

static cmdtable apicmd_cmdtab[] = {
  { CMD, C_SITE, G_NONE, apicmd_site, FALSE, FALSE, CL_MISC },
  { 0, NULL }
};

module apicmd_module = {
  NULL, NULL,
  0x20,
  "apicmd",
  NULL,
  apicmd_cmdtab,
  NULL,
  apicmd_init,
  NULL,
  MOD_APICMD_VERSION
};
