/*
 * prxs shim host: internal declarations of the configuration area (the
 * parser API's context stacks, the configuration tree helpers, trace
 * channels).  Not exported to modules.
 */

#ifndef PRXS_HOST_PARSE_H
#define PRXS_HOST_PARSE_H

#include "host.h"

/* api/parser.c: the server and configuration context stacks that
 * pr_parser_*() and the shim's own parser share.
 */
void host_parser_stacks_reset(void);
int host_parser_stacks_open(void);

/* core/parser.c: the file being read (for pr_parser_read_line()). */
FILE *host_parser_fh(void);

/* core/parser.c: split a line into words as proftpd's parser does. */
int host_parser_split(pool *p, const char *line, char **words, int max,
  const char **why);

/* core/section.c: "<Tag" or "</Tag" is one of the shim's own sections. */
int host_section_known(const char *tag);

/* core/config.c: the name -> id table behind config_rec.config_id. */
unsigned int host_config_id(const char *name);

/* core/limit.c: a <Limit>'s decision for the session: 1 allow, -1 deny,
 * 0 none.
 */
int host_limit_decide(config_rec *lim);

/* api/trace.c: Trace and TraceLog (mod_core). */
modret_t *host_set_trace(cmd_rec *cmd);
modret_t *host_set_tracelog(cmd_rec *cmd);
modret_t *host_set_traceoptions(cmd_rec *cmd);
void host_trace_reset(void);
void host_trace_sess_init(void);

/* api/response.c: a final reply line was sent since the last "#END". */
int host_response_final_unmarked(void);

#endif /* PRXS_HOST_PARSE_H */
