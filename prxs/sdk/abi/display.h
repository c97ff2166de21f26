/* prxs SDK: ProFTPD 1.3.8 module ABI -- DisplayLogin/DisplayConnect style message files. */

#ifndef PR_DISPLAY_H
#define PR_DISPLAY_H

struct fh_rec;

#define PR_DISPLAY_FL_NO_EOM 0x0001
#define PR_DISPLAY_FL_SEND_NOW 0x0002

int pr_display_fh(struct fh_rec *fh, const char *fs, const char *resp_code, int flags);
int pr_display_file(const char *path, const char *fs, const char *resp_code, int flags);

#endif
