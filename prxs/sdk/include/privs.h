/* prxs SDK: ProFTPD 1.3.8 module ABI -- privilege switching (PRIVS_ROOT, PRIVS_RELINQUISH, ...). */

#ifndef PR_PRIVS_H
#define PR_PRIVS_H

/* Privilege switching macros (inert for core-dump debugging builds) */
#if defined(HPUX10) || defined(HPUX11)
#define setreuid(r,e) setresuid((r), (e), 0)
#endif
#ifdef PR_DEVEL_COREDUMP
#define PRIVS_SETUP(u,g)
#define PRIVS_ROOT
#define PRIVS_USER
#define PRIVS_RELINQUISH
#define PRIVS_REVOKE
#else
#define PRIVS_SETUP(u,g) pr_privs_setup((u), (g), __FILE__, __LINE__);
#define PRIVS_ROOT pr_privs_root(__FILE__, __LINE__);
#define PRIVS_USER pr_privs_user(__FILE__, __LINE__);
#define PRIVS_RELINQUISH pr_privs_relinquish(__FILE__, __LINE__);
#define PRIVS_REVOKE pr_privs_revoke(__FILE__, __LINE__);
#endif

/* Privilege switching */
int init_privs(void);
int pr_privs_relinquish(const char *, int);
int pr_privs_revoke(const char *, int);
int pr_privs_root(const char *, int);
int pr_privs_setup(uid_t, gid_t, const char *, int);
int pr_privs_user(const char *, int);
int set_nonroot_daemon(int);

#endif
