/* prxs SDK: ProFTPD 1.3.8 module ABI -- bookkeeping for forked children of the daemon. */

#ifndef PR_CHILD_H
#define PR_CHILD_H

/* A forked session process */
typedef struct child {
  struct child *next, *prev;
  pool *ch_pool;
  pid_t ch_pid;
  time_t ch_when;
  int ch_pipefd;
  unsigned char ch_dead;
} pr_child_t;

/* Child processes tracked by the daemon */
int child_add(pid_t, int);
unsigned long child_count(void);
pr_child_t *child_get(pr_child_t *);
int child_remove(pid_t);
void child_signal(int);
void child_update(void);

#endif
