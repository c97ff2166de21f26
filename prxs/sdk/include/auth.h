/* prxs SDK: authentication (subset of auth.h). */

#ifndef PR_AUTH_H
#define PR_AUTH_H

/* Authentication results; handlers return these via PR_ERROR_INT. */
#define PR_AUTH_OK_NO_PASS		3
#define PR_AUTH_RFC2228_OK		2
#define PR_AUTH_OK			0
#define PR_AUTH_ERROR			-1
#define PR_AUTH_NOPWD			-2
#define PR_AUTH_BADPWD			-3
#define PR_AUTH_AGEPWD			-4
#define PR_AUTH_DISABLEDPWD		-5

struct passwd *pr_auth_getpwnam(pool *, const char *);
struct passwd *pr_auth_getpwuid(pool *, uid_t);
struct group *pr_auth_getgrnam(pool *, const char *);
struct group *pr_auth_getgrgid(pool *, gid_t);
int pr_auth_authenticate(pool *, const char *, const char *);
int pr_auth_check(pool *, const char *, const char *, const char *);
const char *pr_auth_uid2name(pool *, uid_t);
const char *pr_auth_gid2name(pool *, gid_t);
uid_t pr_auth_name2uid(pool *, const char *);
gid_t pr_auth_name2gid(pool *, const char *);

#endif /* PR_AUTH_H */
