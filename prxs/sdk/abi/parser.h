/* prxs SDK: ProFTPD 1.3.8 module ABI -- the configuration file parser and directive handlers. */

#ifndef PR_PARSER_H
#define PR_PARSER_H

typedef struct {
  cmd_rec *cmd;
  const char *text;
  const char *source_file;
  unsigned int source_lineno;
} pr_parsed_line_t;
int pr_parser_prepare(pool *p, xaset_t **parsed_servers);
int pr_parser_cleanup(void);
config_rec *pr_parser_config_ctxt_open(const char *name);
config_rec *pr_parser_config_ctxt_close(int *isempty);
int pr_parser_config_ctxt_push(config_rec *c);
config_rec *pr_parser_config_ctxt_get(void);
unsigned int pr_parser_get_lineno(void);
int pr_parser_parse_file(pool *p, const char *path, config_rec *start, int flags);

#define PR_PARSER_FL_DYNAMIC_CONFIG 0x0001

cmd_rec *pr_parser_parse_line(pool *p, const char *text, size_t text_len);
char *pr_parser_read_line(char *buf, size_t bufsz);
server_rec *pr_parser_server_ctxt_open(const char *addrstr);
server_rec *pr_parser_server_ctxt_close(void);
int pr_parser_server_ctxt_push(server_rec *s);
server_rec *pr_parser_server_ctxt_get(void);
unsigned long pr_parser_set_include_opts(unsigned long opts);

#define PR_PARSER_INCLUDE_OPT_ALLOW_SYMLINKS 0x0001
#define PR_PARSER_INCLUDE_OPT_IGNORE_TMP_FILES 0x0002
#define PR_PARSER_INCLUDE_OPT_IGNORE_WILDCARDS 0x0004

int parse_config_path(pool *p, const char *path);
int parse_config_path2(pool *p, const char *path, unsigned int depth);

#endif
