/* prxs SDK: ProFTPD 1.3.8 module ABI -- timers. */

#ifndef PR_TIMERS_H
#define PR_TIMERS_H

int pr_timer_add(int secs, int timerno, module *m, callback_t cb, const char *desc);
int pr_timer_remove(int timerno, module *m);
int pr_timer_reset(int timerno, module *m);
int pr_timer_sleep(int secs);
int pr_timer_usleep(unsigned long usecs);
void handle_alarm(void);
void timers_init(void);

#endif
