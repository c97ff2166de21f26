/* prxs SDK: ProFTPD 1.3.8 module ABI -- the data connection: transfers, ABOR handling, sendfile. */

#ifndef PR_DATA_H
#define PR_DATA_H

int pr_data_ignore_ascii(int);
void pr_data_init(char *, int);
void pr_data_cleanup(void);
int pr_data_open(char *, char *, int, off_t);
void pr_data_close(int);
void pr_data_close2(void);
void pr_data_abort(int, int);
int pr_data_xfer(char *, size_t);
void pr_data_reset(void);
void pr_data_set_linger(long);
void pr_data_clear_xfer_pool(void);
int pr_data_get_timeout(int);
void pr_data_set_timeout(int, int);

#define PR_DATA_TIMEOUT_IDLE 0x001
#define PR_DATA_TIMEOUT_NO_TRANSFER 0x002
#define PR_DATA_TIMEOUT_STALLED 0x004

typedef ssize_t pr_sendfile_t;
pr_sendfile_t pr_data_sendfile(int retr_fd, off_t *offset, off_t count);

#endif
