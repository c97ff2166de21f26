/* prxs SDK: ProFTPD 1.3.8 module ABI -- authentication: the auth API, user/group lookups and the auth caches. */

#ifndef PR_AUTH_H
#define PR_AUTH_H

/* Results of authentication checks */
#define PR_AUTH_OK_NO_PASS 3
#define PR_AUTH_RFC2228_OK 2
#define PR_AUTH_OK 0
#define PR_AUTH_ERROR -1
#define PR_AUTH_NOPWD -2
#define PR_AUTH_BADPWD -3
#define PR_AUTH_AGEPWD -4
#define PR_AUTH_DISABLEDPWD -5
#define PR_AUTH_CRED_INSUFFICIENT -6
#define PR_AUTH_CRED_UNAVAIL -7
#define PR_AUTH_CRED_ERROR -8
#define PR_AUTH_INFO_UNAVAIL -9
#define PR_AUTH_MAX_ATTEMPTS_EXCEEDED -10
#define PR_AUTH_INIT_ERROR -11
#define PR_AUTH_NEW_TOKEN_REQUIRED -12

/* Which lookups pr_auth_cache_set() applies to */
#define PR_AUTH_CACHE_FL_UID2NAME 0x00001
#define PR_AUTH_CACHE_FL_GID2NAME 0x00002
#define PR_AUTH_CACHE_FL_AUTH_MODULE 0x00004
#define PR_AUTH_CACHE_FL_NAME2UID 0x00008
#define PR_AUTH_CACHE_FL_NAME2GID 0x00010
#define PR_AUTH_CACHE_FL_BAD_UID2NAME 0x00020
#define PR_AUTH_CACHE_FL_BAD_GID2NAME 0x00040
#define PR_AUTH_CACHE_FL_BAD_NAME2UID 0x00080
#define PR_AUTH_CACHE_FL_BAD_NAME2GID 0x00100
#define PR_AUTH_CACHE_FL_DEFAULT (PR_AUTH_CACHE_FL_UID2NAME| PR_AUTH_CACHE_FL_GID2NAME| PR_AUTH_CACHE_FL_AUTH_MODULE| PR_AUTH_CACHE_FL_NAME2UID| PR_AUTH_CACHE_FL_NAME2GID| PR_AUTH_CACHE_FL_BAD_UID2NAME| PR_AUTH_CACHE_FL_BAD_GID2NAME| PR_AUTH_CACHE_FL_BAD_NAME2UID| PR_AUTH_CACHE_FL_BAD_NAME2GID)

/* Iterating the user and group databases */
void pr_auth_endgrent(pool *);
void pr_auth_endpwent(pool *);
struct group *pr_auth_getgrent(pool *);
struct passwd *pr_auth_getpwent(pool *);
void pr_auth_setgrent(pool *);
void pr_auth_setpwent(pool *);

/* Single lookups */
const char *pr_auth_get_home(pool *, const char *);
struct group *pr_auth_getgrgid(pool *, gid_t);
struct group *pr_auth_getgrnam(pool *, const char *);
int pr_auth_getgroups(pool *, const char *, array_header **, array_header **);
struct passwd *pr_auth_getpwnam(pool *, const char *);
struct passwd *pr_auth_getpwuid(pool *, uid_t);
const char *pr_auth_gid2name(pool *, gid_t);
gid_t pr_auth_name2gid(pool *, const char *);
uid_t pr_auth_name2uid(pool *, const char *);
const char *pr_auth_uid2name(pool *, uid_t);

/* Authenticating and authorizing a login */
int pr_auth_authenticate(pool *, const char *, const char *);
int pr_auth_authorize(pool *, const char *);
int pr_auth_banned_by_ftpusers(xaset_t *, const char *);
char *pr_auth_bcrypt(pool *, const char *, const char *, size_t *);
int pr_auth_check(pool *, const char *, const char *, const char *);
int pr_auth_chroot(const char *);
config_rec *pr_auth_get_anon_config(pool *, const char **, char **, char **);
int pr_auth_is_valid_shell(xaset_t *, const char *);
int pr_auth_requires_pass(pool *, const char *);
size_t pr_auth_set_max_password_len(pool *, size_t);
int set_groups(pool *, gid_t, array_header *);

/* Modules that are the sole authority for a user */
int pr_auth_add_auth_only_module(const char *);
int pr_auth_clear_auth_only_modules(void);
int pr_auth_remove_auth_only_module(const char *);

/* Lookup cache and start-up */
int init_auth(void);
void pr_auth_cache_clear(void);
int pr_auth_cache_set(int, unsigned int);

#endif
