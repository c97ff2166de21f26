/* prxs SDK: ProFTPD 1.3.8 module ABI -- environment variables, pool-backed. */

#ifndef PR_ENV_H
#define PR_ENV_H

char *pr_env_get(pool *p, const char *key);
int pr_env_set(pool *p, const char *key, const char *value);
int pr_env_unset(pool *p, const char *key);

#endif
