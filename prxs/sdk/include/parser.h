/* prxs SDK: ProFTPD 1.3.8 module ABI -- the configuration file parser and directive handlers. */

#ifndef PR_PARSER_H
#define PR_PARSER_H

/* Parser flags and Include options */
#define PR_PARSER_FL_DYNAMIC_CONFIG 0x0001
#define PR_PARSER_INCLUDE_OPT_ALLOW_SYMLINKS 0x0001
#define PR_PARSER_INCLUDE_OPT_IGNORE_TMP_FILES 0x0002
#define PR_PARSER_INCLUDE_OPT_IGNORE_WILDCARDS 0x0004

/* A configuration line and where it came from */
typedef struct {
  cmd_rec *cmd;
  const char *text;
  const char *source_file;
  unsigned int source_lineno;
} pr_parsed_line_t;

/* Reading configuration files */
int parse_config_path(pool *, const char *);
int parse_config_path2(pool *, const char *, unsigned int);
int pr_parser_cleanup(void);
unsigned int pr_parser_get_lineno(void);
int pr_parser_parse_file(pool *, const char *, config_rec *, int);
cmd_rec *pr_parser_parse_line(pool *, const char *, size_t);
int pr_parser_prepare(pool *, xaset_t **);
char *pr_parser_read_line(char *, size_t);
unsigned long pr_parser_set_include_opts(unsigned long);

/* The configuration context stack */
config_rec *pr_parser_config_ctxt_close(int *);
config_rec *pr_parser_config_ctxt_get(void);
config_rec *pr_parser_config_ctxt_open(const char *);
int pr_parser_config_ctxt_push(config_rec *);

/* The server (virtual host) stack */
server_rec *pr_parser_server_ctxt_close(void);
server_rec *pr_parser_server_ctxt_get(void);
server_rec *pr_parser_server_ctxt_open(const char *);
int pr_parser_server_ctxt_push(server_rec *);

#endif
