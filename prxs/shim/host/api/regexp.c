/*
 * prxs shim host: regular expressions (regexp.h), as Debian's proftpd 1.3.8
 * has them: PCRE2 by default (pr_regexp_compile), POSIX through PCRE2's
 * POSIX layer (pr_regexp_compile_posix, or every pattern after
 * pr_regexp_set_engine("POSIX")).
 */

#include "host.h"

struct regexp_rec {
  pool *regex_pool;
  module *m;
  const char *pattern;
  int flags;
  regex_t *re;			/* POSIX */
  pcre2_code *pcre2;		/* PCRE2 */
  pcre2_match_context *match_ctx;
  char *errstr;			/* PCRE2's last error message */
};

#define REGEXP_ERRSTR_SZ	128

static pool *regexp_pool = NULL;
static array_header *regexp_list = NULL;
static int regexp_use_posix = FALSE;
static uint32_t regexp_match_limit = 0, regexp_depth_limit = 0;

static void regexp_release(pr_regex_t *pre) {
  if (pre->pcre2 != NULL) {
    pcre2_code_free(pre->pcre2);
    pre->pcre2 = NULL;
  }
  if (pre->match_ctx != NULL) {
    pcre2_match_context_free(pre->match_ctx);
    pre->match_ctx = NULL;
  }
  if (pre->re != NULL) {
    regfree(pre->re);
    pre->re = NULL;
  }
  pre->pattern = NULL;
  destroy_pool(pre->regex_pool);
}

/* A regex owned by module m (pr_regexp_free(m, NULL) frees all of them). */
pr_regex_t *pr_regexp_alloc(module *m) {
  pr_regex_t *pre;
  pool *p;

  if (regexp_pool == NULL) {
    regexp_pool = make_sub_pool(permanent_pool);
    pr_pool_tag(regexp_pool, "Regexp Pool");
    regexp_list = make_array(regexp_pool, 0, sizeof(pr_regex_t *));
  }
  p = make_sub_pool(regexp_pool);
  pr_pool_tag(p, "regexp pool");
  pre = pcalloc(p, sizeof(pr_regex_t));
  pre->regex_pool = p;
  pre->m = m;
  *((pr_regex_t **) push_array(regexp_list)) = pre;
  return pre;
}

/* Free pre, or every regex of module m. */
void pr_regexp_free(module *m, pr_regex_t *pre) {
  pr_regex_t **pres;
  unsigned int i;

  if (regexp_list == NULL) {
    return;
  }
  pres = regexp_list->elts;
  for (i = 0; i < regexp_list->nelts; i++) {
    if (pres[i] == NULL) {
      continue;
    }
    if ((pre != NULL && pres[i] == pre) || (m != NULL && pres[i]->m == m)) {
      regexp_release(pres[i]);
      pres[i] = NULL;
    }
  }
}

static char *regexp_errstr(pr_regex_t *pre, int code) {
  if (pre->errstr == NULL) {
    pre->errstr = pcalloc(pre->regex_pool, REGEXP_ERRSTR_SZ);
  }
  pcre2_get_error_message(code, (PCRE2_UCHAR *) pre->errstr,
    REGEXP_ERRSTR_SZ);
  return pre->errstr;
}

/* POSIX extended syntax, whatever flags say; returns regcomp's code. */
int pr_regexp_compile_posix(pr_regex_t *pre, const char *pattern, int flags) {
  if (pre == NULL || pattern == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (pre->re != NULL) {
    regfree(pre->re);
    pre->re = NULL;
  }
  pre->pattern = pstrdup(pre->regex_pool, pattern);
  flags |= REG_EXTENDED;
  pre->flags = flags;
  pre->re = pcalloc(pre->regex_pool, sizeof(regex_t));
  pr_trace_msg("regexp", 9, "compiling pattern '%s' into POSIX regex",
    pattern);
  return regcomp(pre->re, pattern, flags);
}

/* PCRE2 (REG_ICASE becomes caseless; other POSIX flags are not used):
 * 0, or -1 with the reason for pr_regexp_error().
 */
int pr_regexp_compile(pr_regex_t *pre, const char *pattern, int flags) {
  int code;
  PCRE2_SIZE offset;

  if (regexp_use_posix) {
    return pr_regexp_compile_posix(pre, pattern, flags);
  }
  if (pre == NULL || pattern == NULL) {
    errno = EINVAL;
    return -1;
  }
  pre->pattern = pstrdup(pre->regex_pool, pattern);
  pre->flags = (flags & REG_ICASE) ? PCRE2_CASELESS : 0;
  pr_trace_msg("regexp", 9, "compiling pattern '%s' into PCRE2 regex",
    pattern);
  pre->pcre2 = pcre2_compile((PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED,
    (uint32_t) pre->flags, &code, &offset, NULL);
  if (pre->pcre2 == NULL) {
    pr_trace_msg("regexp", 4, "error compiling pattern '%s' into PCRE2 "
      "regex: %s", pattern, regexp_errstr(pre, code));
    return -1;
  }
  code = pcre2_jit_compile(pre->pcre2, PCRE2_JIT_COMPLETE);
  if (code != 0) {
    pr_trace_msg("regexp", 4, "error performing PCRE2 JIT compile for "
      "pattern '%s': %s", pattern, regexp_errstr(pre, code));
  }
  return 0;
}

/* The last PCRE2 message (compile or match), else regerror()'s text for
 * errcode; the length written (0 when there is nothing to say).
 */
size_t pr_regexp_error(int errcode, const pr_regex_t *pre, char *buf,
    size_t bufsz) {
  if (pre == NULL || buf == NULL || bufsz == 0) {
    return 0;
  }
  if (pre->errstr != NULL) {
    sstrncpy(buf, pre->errstr, bufsz);
    return strlen(pre->errstr) + 1;
  }
  if (pre->re != NULL) {
    memset(buf, '\0', bufsz);
    return regerror(errcode, pre->re, buf, bufsz - 1);
  }
  return 0;
}

const char *pr_regexp_get_pattern(const pr_regex_t *pre) {
  if (pre == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (pre->pattern == NULL) {
    errno = ENOENT;
    return NULL;
  }
  return pre->pattern;
}

static int regexp_exec_pcre2(pr_regex_t *pre, const char *text,
    size_t nmatches, regmatch_t *matches, int flags,
    unsigned long match_limit, unsigned long depth_limit) {
  pcre2_match_data *md;
  int res;

  if (match_limit == 0) {
    match_limit = regexp_match_limit;
  }
  if (depth_limit == 0) {
    depth_limit = regexp_depth_limit;
  }
  if ((match_limit > 0 || depth_limit > 0) && pre->match_ctx == NULL) {
    pre->match_ctx = pcre2_match_context_create(NULL);
  }
  if (match_limit > 0) {
    pcre2_set_match_limit(pre->match_ctx, (uint32_t) match_limit);
  }
  if (depth_limit > 0) {
    pcre2_set_depth_limit(pre->match_ctx, (uint32_t) depth_limit);
  }
  md = pcre2_match_data_create_from_pattern(pre->pcre2, NULL);
  if (md == NULL) {
    errno = ENOMEM;
    return -1;
  }
  /* As proftpd, the caller's flags go to pcre2_match() as they are. */
  res = pcre2_match(pre->pcre2, (PCRE2_SPTR) text, PCRE2_ZERO_TERMINATED, 0,
    (uint32_t) flags, md, pre->match_ctx);
  if (res < 0) {
    pr_trace_msg("regexp", 9, "PCRE2 regex '%s' failed to match subject "
      "'%s': %s", pre->pattern, text, regexp_errstr(pre, res));
    pcre2_match_data_free(md);
    return -1;
  }
  if (nmatches > 0 && matches != NULL) {
    uint32_t n = pcre2_get_ovector_count(md), i;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

    /* As proftpd: every pair of the ovector is copied. */
    for (i = 0; i < n; i++) {
      matches[i].rm_so = (regoff_t) ov[i * 2];
      matches[i].rm_eo = (regoff_t) ov[i * 2 + 1];
    }
    for (; i < nmatches; i++) {
      matches[i].rm_so = matches[i].rm_eo = -1;
    }
  }
  pcre2_match_data_free(md);
  return 0;
}

/* 0 on a match; -1 when the text does not match (or EINVAL); otherwise
 * regexec's error code (POSIX).
 */
int pr_regexp_exec(pr_regex_t *pre, const char *text, size_t nmatches,
    regmatch_t *matches, int flags, unsigned long match_limit,
    unsigned long match_limit_recursion) {
  int res;

  if (pre == NULL || text == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (pre->pcre2 != NULL) {
    if (!regexp_use_posix) {
      return regexp_exec_pcre2(pre, text, nmatches, matches, flags,
        match_limit, match_limit_recursion);
    }
    if (pr_regexp_compile_posix(pre, pre->pattern, 0) != 0) {
      return -1;
    }
  }
  if (pre->re == NULL) {
    errno = EINVAL;
    return -1;
  }
  res = regexec(pre->re, text, nmatches, matches, flags);
  return res == REG_NOMATCH ? -1 : res;
}

int pr_regexp_set_limits(unsigned long match_limit,
    unsigned long match_limit_recursion) {
  regexp_match_limit = (uint32_t) match_limit;
  regexp_depth_limit = (uint32_t) match_limit_recursion;
  return 0;
}

/* NULL: the default (PCRE2); "POSIX" or "PCRE2"; "PCRE" (the old library,
 * not in this build): ENOSYS; anything else EINVAL.
 */
int pr_regexp_set_engine(const char *engine) {
  if (engine == NULL) {
    regexp_use_posix = FALSE;
    return 0;
  }
  if (strcasecmp(engine, "POSIX") != 0 && strcasecmp(engine, "PCRE") != 0 &&
      strcasecmp(engine, "PCRE2") != 0) {
    errno = EINVAL;
    return -1;
  }
  if (strcasecmp(engine, "PCRE") == 0) {
    errno = ENOSYS;
    return -1;
  }
  regexp_use_posix = (strcasecmp(engine, "POSIX") == 0);
  return 0;
}
