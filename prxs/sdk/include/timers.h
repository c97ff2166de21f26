/* prxs SDK: ProFTPD 1.3.8 module ABI -- timers. */

#ifndef PR_TIMERS_H
#define PR_TIMERS_H

/* Timers and sleeping */
void handle_alarm(void);
int pr_timer_add(int, int, module *, callback_t, const char *);
int pr_timer_remove(int, module *);
int pr_timer_reset(int, module *);
int pr_timer_sleep(int);
int pr_timer_usleep(unsigned long);
void timers_init(void);

#endif
