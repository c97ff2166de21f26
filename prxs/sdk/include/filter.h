/* prxs SDK: ProFTPD 1.3.8 module ABI -- PathAllowFilter/PathDenyFilter style regex filters. */

#ifndef PR_FILTER_H
#define PR_FILTER_H

/* What a filter error means */
#define PR_FILTER_ERR_FAILS_ALLOW_FILTER -2
#define PR_FILTER_ERR_FAILS_DENY_FILTER -3

/* Path filters (PathAllowFilter, PathDenyFilter) */
int pr_filter_allow_path(xaset_t *, const char *);
int pr_filter_parse_flags(pool *, const char *);

#endif
