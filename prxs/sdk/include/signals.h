/* prxs SDK: signal handling (subset of signals.h). */

#ifndef PR_SIGNALS_H
#define PR_SIGNALS_H

void pr_signals_block(void);
void pr_signals_unblock(void);
void pr_signals_handle(void);

#endif /* PR_SIGNALS_H */
