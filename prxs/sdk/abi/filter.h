/* prxs SDK: ProFTPD 1.3.8 module ABI -- PathAllowFilter/PathDenyFilter style regex filters. */

#ifndef PR_FILTER_H
#define PR_FILTER_H

int pr_filter_allow_path(xaset_t *set, const char *path);

#define PR_FILTER_ERR_FAILS_ALLOW_FILTER -2
#define PR_FILTER_ERR_FAILS_DENY_FILTER -3

int pr_filter_parse_flags(pool *p, const char *flags_str);

#endif
