/* prxs SDK: privilege switching (subset of privs.h). */

#ifndef PR_PRIVS_H
#define PR_PRIVS_H

#define PRIVS_SETUP(u, g)	pr_privs_setup((u), (g), __FILE__, __LINE__);
#define PRIVS_ROOT		pr_privs_root(__FILE__, __LINE__);
#define PRIVS_USER		pr_privs_user(__FILE__, __LINE__);
#define PRIVS_RELINQUISH	pr_privs_relinquish(__FILE__, __LINE__);
#define PRIVS_REVOKE		pr_privs_revoke(__FILE__, __LINE__);

int pr_privs_setup(uid_t, gid_t, const char *, int);
int pr_privs_root(const char *, int);
int pr_privs_user(const char *, int);
int pr_privs_relinquish(const char *, int);
int pr_privs_revoke(const char *, int);

#endif /* PR_PRIVS_H */
