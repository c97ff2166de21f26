/* prxs SDK: ProFTPD 1.3.8 module ABI -- DisplayLogin/DisplayConnect style message files. */

#ifndef PR_DISPLAY_H
#define PR_DISPLAY_H

/* pr_display_*() flags */
#define PR_DISPLAY_FL_NO_EOM 0x0001
#define PR_DISPLAY_FL_SEND_NOW 0x0002

/* An open file handle */
struct fh_rec;

/* Sending a display file to the client */
int pr_display_fh(struct fh_rec *, const char *, const char *, int);
int pr_display_file(const char *, const char *, const char *, int);

#endif
