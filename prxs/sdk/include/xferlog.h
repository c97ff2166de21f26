/* prxs SDK: ProFTPD 1.3.8 module ABI -- the TransferLog (xferlog) format. */

#ifndef PR_XFERLOG_H
#define PR_XFERLOG_H

/* The TransferLog file */
void xferlog_close(void);
int xferlog_open(const char *);
int xferlog_write(long, const char *, off_t, const char *, char, char, char, const char *, char, const char *);

#endif
