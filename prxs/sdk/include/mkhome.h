/* prxs SDK: ProFTPD 1.3.8 module ABI -- CreateHome: making home directories. */

#ifndef PR_MKHOME_H
#define PR_MKHOME_H

/* create_home() flags */
#define PR_MKHOME_FL_USE_USER_PRIVS 0x0001

/* Creating home directories */
int create_home(pool *, const char *, const char *, uid_t, gid_t);

#endif
