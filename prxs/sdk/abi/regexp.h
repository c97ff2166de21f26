/* prxs SDK: ProFTPD 1.3.8 module ABI -- regular expressions (pr_regex_t). */

#ifndef PR_REGEXP_H
#define PR_REGEXP_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pcre2posix.h>
#define PR_USE_REGEX 1

typedef struct regexp_rec pr_regex_t;
pr_regex_t *pr_regexp_alloc(module *m);
void pr_regexp_free(module *m, pr_regex_t *pre);
int pr_regexp_compile_posix(pr_regex_t *pre, const char *pattern, int flags);
int pr_regexp_compile(pr_regex_t *pre, const char *pattern, int flags);
size_t pr_regexp_error(int res, const pr_regex_t *pre, char *buf, size_t bufsz);
const char *pr_regexp_get_pattern(const pr_regex_t *pre);
int pr_regexp_exec(pr_regex_t *pre, const char *str, size_t nmatches, regmatch_t *matches, int flags, unsigned long match_limit, unsigned long match_limit_recursion);
int pr_regexp_set_limits(unsigned long match_limit, unsigned long match_limit_recursion);
int pr_regexp_set_engine(const char *engine);
void init_regexp(void);

#endif
