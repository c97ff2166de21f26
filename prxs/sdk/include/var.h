/* prxs SDK: ProFTPD 1.3.8 module ABI -- LogFormat-style variables (%{...}). */

#ifndef PR_VAR_H
#define PR_VAR_H

/* Variable kinds */
#define PR_VAR_TYPE_STR 1
#define PR_VAR_TYPE_FUNC 2

/* Configuration variables (%{name}) */
int pr_var_delete(const char *);
int pr_var_exists(const char *);
const char *pr_var_get(const char *);
const char *pr_var_next(const char **);
void pr_var_rewind(void);
int pr_var_set(pool *, const char *, const char *, int, void *, void *, size_t);
int var_free(void);
int var_init(void);

#endif
