/* prxs SDK: ProFTPD 1.3.8 module ABI -- TransferRate throttling. */

#ifndef PR_THROTTLE_H
#define PR_THROTTLE_H

/* Transfer rate throttling (TransferRate) */
int pr_throttle_have_rate(void);
void pr_throttle_init(cmd_rec *);
void pr_throttle_pause(off_t, int);

#endif
