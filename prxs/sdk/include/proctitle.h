/* prxs SDK: ProFTPD 1.3.8 module ABI -- process title. */

#ifndef PR_PROCTITLE_H
#define PR_PROCTITLE_H

/* The process title shown by ps */
void pr_proctitle_free(void);
int pr_proctitle_get(char *, size_t);
void pr_proctitle_init(int, char *[], char *[]);
void pr_proctitle_set(const char *, ...) __attribute__ ((format (printf, 1, 2)));
void pr_proctitle_set_static_str(const char *);
void pr_proctitle_set_str(const char *);

#endif
