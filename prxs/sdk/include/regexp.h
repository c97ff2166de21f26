/* prxs SDK: ProFTPD 1.3.8 module ABI -- regular expressions (pr_regex_t). */

#ifndef PR_REGEXP_H
#define PR_REGEXP_H

/* PCRE2 is used with 8-bit code units */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pcre2posix.h>

/* Regular expressions are available */
#define PR_USE_REGEX 1

typedef struct regexp_rec pr_regex_t;

/* Compiling and matching */
pr_regex_t *pr_regexp_alloc(module *);
int pr_regexp_compile(pr_regex_t *, const char *, int);
int pr_regexp_compile_posix(pr_regex_t *, const char *, int);
size_t pr_regexp_error(int, const pr_regex_t *, char *, size_t);
int pr_regexp_exec(pr_regex_t *, const char *, size_t, regmatch_t *, int, unsigned long, unsigned long);
void pr_regexp_free(module *, pr_regex_t *);
const char *pr_regexp_get_pattern(const pr_regex_t *);

/* Engine and limits */
void init_regexp(void);
int pr_regexp_set_engine(const char *);
int pr_regexp_set_limits(unsigned long, unsigned long);

#endif
