/* prxs SDK: ProFTPD 1.3.8 module ABI -- the HELP listing. */

#ifndef PR_HELP_H
#define PR_HELP_H

/* HELP output */
void pr_help_add(const char *, const char *, int);
int pr_help_add_response(cmd_rec *, const char *);

#endif
