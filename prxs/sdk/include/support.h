/* prxs SDK: support routines (subset of support.h). */

#ifndef PR_SUPPORT_H
#define PR_SUPPORT_H

char *dir_abs_path(pool *, const char *, int);

#endif /* PR_SUPPORT_H */
