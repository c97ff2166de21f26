/* prxs SDK: ProFTPD 1.3.8 module ABI -- ASCII/TYPE A conversion of transfer buffers. */

#ifndef PR_ASCII_H
#define PR_ASCII_H

/* ASCII-only character classes (locale independent) */
#define PR_ISALNUM(c) (isascii((int) (c)) && isalnum((int) (c)))
#define PR_ISALPHA(c) (isascii((int) (c)) && isalpha((int) (c)))
#define PR_ISCNTRL(c) (isascii((int) (c)) && iscntrl((int) (c)))
#define PR_ISDIGIT(c) (isascii((int) (c)) && isdigit((int) (c)))
#define PR_ISPRINT(c) (isascii((int) (c)) && isprint((int) (c)))
#define PR_ISSPACE(c) (isascii((int) (c)) && isspace((int) (c)))
#define PR_ISXDIGIT(c) (isascii((int) (c)) && isxdigit((int) (c)))

/* Line-ending conversion for ASCII (TYPE A) transfers */
int pr_ascii_ftp_from_crlf(pool *, char *, size_t, char **, size_t *);
void pr_ascii_ftp_reset(void);
int pr_ascii_ftp_to_crlf(pool *, char *, size_t, char **, size_t *);

#endif
