/* prxs SDK: ProFTPD 1.3.8 module ABI -- signal handling. */

#ifndef PR_SIGNALS_H
#define PR_SIGNALS_H

#include "config.h"

/* Signal handling */
int init_signals(void);
void pr_signals_block(void);
void pr_signals_handle(void);
RETSIGTYPE pr_signals_handle_disconnect(int);
RETSIGTYPE pr_signals_handle_event(int);
void pr_signals_unblock(void);

#endif
