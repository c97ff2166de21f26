/* prxs SDK: ProFTPD 1.3.8 module ABI -- environment variables, pool-backed. */

#ifndef PR_ENV_H
#define PR_ENV_H

/* Environment variables */
char *pr_env_get(pool *, const char *);
int pr_env_set(pool *, const char *, const char *);
int pr_env_unset(pool *, const char *);

#endif
