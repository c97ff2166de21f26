/* prxs SDK: ProFTPD 1.3.8 module ABI -- random numbers. */

#ifndef PR_RANDOM_H
#define PR_RANDOM_H

/* Random numbers */
int pr_random_init(void);
long pr_random_next(long, long);

#endif
