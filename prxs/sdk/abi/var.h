/* prxs SDK: ProFTPD 1.3.8 module ABI -- LogFormat-style variables (%{...}). */

#ifndef PR_VAR_H
#define PR_VAR_H

int pr_var_delete(const char *name);
int pr_var_exists(const char *name);
const char *pr_var_get(const char *name);
const char *pr_var_next(const char **desc);
void pr_var_rewind(void);
int pr_var_set(pool *p, const char *name, const char *desc, int type, void *val, void *data, size_t datasz);

#define PR_VAR_TYPE_STR 1
#define PR_VAR_TYPE_FUNC 2

int var_init(void);
int var_free(void);

#endif
