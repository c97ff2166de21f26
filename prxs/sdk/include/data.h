/* prxs SDK: ProFTPD 1.3.8 module ABI -- the data connection: transfers, ABOR handling, sendfile. */

#ifndef PR_DATA_H
#define PR_DATA_H

/* Timeouts pr_data_get/set_timeout() address */
#define PR_DATA_TIMEOUT_IDLE 0x001
#define PR_DATA_TIMEOUT_NO_TRANSFER 0x002
#define PR_DATA_TIMEOUT_STALLED 0x004

typedef ssize_t pr_sendfile_t;

/* Opening, closing and aborting the data connection */
void pr_data_abort(int, int);
void pr_data_cleanup(void);
void pr_data_clear_xfer_pool(void);
void pr_data_close(int);
void pr_data_close2(void);
void pr_data_init(char *, int);
int pr_data_open(char *, char *, int, off_t);
void pr_data_reset(void);
void pr_data_set_linger(long);

/* Moving data */
int pr_data_ignore_ascii(int);
pr_sendfile_t pr_data_sendfile(int, off_t *, off_t);
int pr_data_xfer(char *, size_t);

/* Timeouts */
int pr_data_get_timeout(int);
void pr_data_set_timeout(int, int);

#endif
