/*
 * prxs shim host: small support functions of proftpd's API (fnmatch,
 * millisecond time, scrubbing memory, sized pools, the version string,
 * sorted sets, the session's disconnect reason).
 */

#include "host.h"

#include <fnmatch.h>
#include <sys/time.h>

/* Shell-pattern matching: 0 on a match, PR_FNM_NOMATCH otherwise. */
int pr_fnmatch(const char *pattern, const char *string, int flags) {
  int f = 0;

  if (flags & PR_FNM_PATHNAME) f |= FNM_PATHNAME;
  if (flags & PR_FNM_NOESCAPE) f |= FNM_NOESCAPE;
  if (flags & PR_FNM_PERIOD) f |= FNM_PERIOD;
  if (flags & PR_FNM_LEADING_DIR) f |= FNM_LEADING_DIR;
  if (flags & PR_FNM_CASEFOLD) f |= FNM_CASEFOLD;
  if (flags & PR_FNM_EXTMATCH) f |= FNM_EXTMATCH;
  if (pattern == NULL || string == NULL) {
    errno = EINVAL;
    return -1;
  }
  return fnmatch(pattern, string, f) == 0 ? 0 : PR_FNM_NOMATCH;
}

int pr_gettimeofday_millis(uint64_t *ms) {
  struct timeval tv;

  if (ms == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (gettimeofday(&tv, NULL) < 0) {
    return -1;
  }
  *ms = (uint64_t) tv.tv_sec * 1000 + (uint64_t) tv.tv_usec / 1000;
  return 0;
}

/* Zeroes memory in a way the compiler keeps (secrets). */
void pr_memscrub(void *ptr, size_t len) {
  if (ptr == NULL || len == 0) {
    return;
  }
  explicit_bzero(ptr, len);
}

/* A sub-pool; the size is a hint proftpd uses for its first block. */
pool *pr_pool_create_sz(pool *parent, size_t sz) {
  (void) sz;
  return make_sub_pool(parent);
}

/* Insert member before the first member it sorts before (the set's compare
 * function); an equal member already there keeps it out unless
 * dups_allowed.
 */
int xaset_insert_sort(xaset_t *set, xasetmember_t *member, int dups_allowed) {
  xasetmember_t **mp, *prev = NULL;

  if (set == NULL || member == NULL || set->xas_compare == NULL) {
    errno = EINVAL;
    return -1;
  }
  for (mp = &set->xas_list; *mp != NULL; mp = &(*mp)->next) {
    int res = set->xas_compare(member, *mp);

    if (res <= 0) {
      if (res == 0 && !dups_allowed) {
        return 0;
      }
      break;
    }
    prev = *mp;
  }
  if (*mp != NULL) {
    (*mp)->prev = member;
  }
  member->prev = prev;
  member->next = *mp;
  *mp = member;
  return 0;
}

/* Why the session ended (PR_SESS_DISCONNECT_*), as text; *details the
 * detail given with it, if any.
 */
const char *pr_session_get_disconnect_reason(const char **details) {
  const char *reason = NULL;

  switch (session.disconnect_reason) {
    case PR_SESS_DISCONNECT_UNSPECIFIED: reason = "Unknown/unspecified"; break;
    case PR_SESS_DISCONNECT_CLIENT_QUIT: reason = "Quit"; break;
    case PR_SESS_DISCONNECT_CLIENT_EOF: reason = "Read EOF from client"; break;
    case PR_SESS_DISCONNECT_SESSION_INIT_FAILED:
      reason = "Session initialized failed"; break;
    case PR_SESS_DISCONNECT_SIGNAL: reason = "Terminated by signal"; break;
    case PR_SESS_DISCONNECT_NOMEM: reason = "Low memory"; break;
    case PR_SESS_DISCONNECT_SERVER_SHUTDOWN: reason = "Server shutting down";
      break;
    case PR_SESS_DISCONNECT_TIMEOUT: reason = "Timeout exceeded"; break;
    case PR_SESS_DISCONNECT_BANNED: reason = "Banned"; break;
    case PR_SESS_DISCONNECT_CONFIG_ACL: reason = "Configured policy"; break;
    case PR_SESS_DISCONNECT_MODULE_ACL: reason = "Module-specific policy";
      break;
    case PR_SESS_DISCONNECT_BAD_CONFIG: reason = "Server misconfiguration";
      break;
    case PR_SESS_DISCONNECT_BY_APPLICATION: reason = "Application error";
      break;
    default: break;
  }
  if (details != NULL) {
    *details = session.notes != NULL ?
      pr_table_get(session.notes, "core.disconnect-details", NULL) : NULL;
  }
  return reason;
}
