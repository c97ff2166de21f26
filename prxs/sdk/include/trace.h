/* prxs SDK: trace logging (subset of trace.h).  The shim logs a trace
 * message when the debug level is at least the message's level.
 */

#ifndef PR_TRACE_H
#define PR_TRACE_H

int pr_trace_msg(const char *, int, const char *, ...)
#ifdef __GNUC__
  __attribute__ ((format (printf, 3, 4)));
#else
  ;
#endif

#endif /* PR_TRACE_H */
