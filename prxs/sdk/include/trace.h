/* prxs SDK: ProFTPD 1.3.8 module ABI -- trace logging (Trace, TraceLog). */

#ifndef PR_TRACE_H
#define PR_TRACE_H

/* The default channel and trace options */
#define PR_TRACE_DEFAULT_CHANNEL "DEFAULT"
#define PR_TRACE_OPT_LOG_CONN_IPS 0x0001
#define PR_TRACE_OPT_USE_TIMESTAMP 0x0002
#define PR_TRACE_OPT_USE_TIMESTAMP_MILLIS 0x0004
#define PR_TRACE_OPT_DEFAULT (PR_TRACE_OPT_USE_TIMESTAMP|PR_TRACE_OPT_USE_TIMESTAMP_MILLIS)

/* Channels and levels */
int pr_trace_get_level(const char *);
int pr_trace_get_max_level(const char *);
int pr_trace_get_min_level(const char *);
pr_table_t *pr_trace_get_table(void);
int pr_trace_parse_levels(char *, int *, int *);
int pr_trace_set_levels(const char *, int, int);

/* Output */
int pr_trace_msg(const char *, int, const char *, ...) __attribute__ ((format (printf, 3, 4)));
int pr_trace_set_file(const char *);
int pr_trace_set_options(unsigned long);
int pr_trace_use_stderr(int);
int pr_trace_vmsg(const char *, int, const char *, va_list);

#endif
