/* prxs SDK: ProFTPD 1.3.8 module ABI -- the FEAT list. */

#ifndef PR_FEAT_H
#define PR_FEAT_H

/* FEAT response lines */
int pr_feat_add(const char *);
const char *pr_feat_get(void);
const char *pr_feat_get_next(void);
int pr_feat_remove(const char *);

#endif
