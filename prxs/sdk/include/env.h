/* prxs SDK: environment variables (subset of env.h). */

#ifndef PR_ENV_H
#define PR_ENV_H

char *pr_env_get(pool *p, const char *key);
int pr_env_set(pool *p, const char *key, const char *value);
int pr_env_unset(pool *p, const char *key);

#endif /* PR_ENV_H */
