/*
 * prxs shim host: the parser API (pr_parser_*), as ProFTPD 1.3.8's.
 *
 * A server stack and a configuration context stack: directives add their
 * records to the context on top (add_config_param() and friends), section
 * handlers of modules push and pop contexts (mod_ifsession's <IfUser>), and
 * a module may parse lines of its own at run time (mod_ctrls_admin's
 * "config set": prepare, push a server, parse a line, dispatch, clean up).
 * The shim's own parser (core/parser.c, section.c) uses the same stacks,
 * so a <Limit> inside a module's section lands in that section.
 */

#include "host_parse.h"

static pool *parser_pool = NULL;
static array_header *parser_servstack = NULL;
static server_rec **parser_curr_server = NULL;
static array_header *parser_confstack = NULL;
static config_rec **parser_curr_config = NULL;
static unsigned int parser_lineno = 0;

/* The shim's parser: the context it adds to. */
void host_config_set_ctx(server_rec *s, config_rec *c) {
  if (parser_curr_server == NULL && host_parser_stacks_open() < 0) {
    return;
  }
  *parser_curr_server = s;
  *parser_curr_config = c;
}

config_rec *host_config_get_ctx(void) {
  return parser_curr_config ? *parser_curr_config : NULL;
}

/* Outside a parse (stacks cleaned up), records go to the main server, as
 * the shim always did for modules adding records in init or sess_init.
 */
server_rec *host_config_get_server(void) {
  if (parser_curr_server != NULL && *parser_curr_server != NULL) {
    return *parser_curr_server;
  }
  return main_server;
}

int host_parser_stacks_open(void) {
  return pr_parser_prepare(NULL, NULL);
}

void host_parser_stacks_reset(void) {
  if (parser_pool != NULL) {
    destroy_pool(parser_pool);
    parser_pool = NULL;
  }
  parser_servstack = NULL;
  parser_curr_server = NULL;
  parser_confstack = NULL;
  parser_curr_config = NULL;
}

int pr_parser_prepare(pool *p, xaset_t **parsed_servers) {
  (void) parsed_servers;	/* the shim keeps one server list */

  if (p == NULL) {
    if (parser_pool == NULL) {
      parser_pool = make_sub_pool(permanent_pool);
      pr_pool_tag(parser_pool, "Parser Pool");
    }
    p = parser_pool;
  }

  parser_servstack = make_array(p, 1, sizeof(server_rec *));
  parser_curr_server = (server_rec **) push_array(parser_servstack);
  *parser_curr_server = main_server;

  parser_confstack = make_array(p, 10, sizeof(config_rec *));
  parser_curr_config = (config_rec **) push_array(parser_confstack);
  *parser_curr_config = NULL;
  return 0;
}

/* As proftpd's: the check for sections left open is only made for
 * stacks prepared in the parser's own pool (the configuration file's
 * parse); a module that prepared with a pool of its own
 * (mod_ctrls_admin) always gets 0.
 */
int pr_parser_cleanup(void) {
  if (parser_pool != NULL && parser_servstack != NULL &&
      (parser_servstack->nelts > 1 ||
       (parser_curr_config != NULL && *parser_curr_config != NULL))) {
    errno = EPERM;
    return -1;
  }
  host_parser_stacks_reset();
  return 0;
}

config_rec *pr_parser_config_ctxt_get(void) {
  if (parser_curr_config != NULL) {
    return *parser_curr_config;
  }
  errno = ENOENT;
  return NULL;
}

int pr_parser_config_ctxt_push(config_rec *c) {
  if (c == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (parser_confstack == NULL) {
    errno = EPERM;
    return -1;
  }
  if (*parser_curr_config == NULL) {
    *parser_curr_config = c;
  } else {
    parser_curr_config = (config_rec **) push_array(parser_confstack);
    *parser_curr_config = c;
  }
  return 0;
}

config_rec *pr_parser_config_ctxt_open(const char *name) {
  config_rec *c, *parent;
  server_rec *s;
  pool *parent_pool, *c_pool;
  xaset_t **set;

  if (name == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (parser_curr_config == NULL) {
    errno = EPERM;
    return NULL;
  }

  parent = *parser_curr_config;
  s = host_config_get_server();
  if (parent != NULL) {
    parent_pool = parent->pool;
    set = &parent->subset;
  } else {
    parent_pool = s->pool;
    set = &s->conf;
  }

  c_pool = make_sub_pool(parent_pool);
  pr_pool_tag(c_pool, "sub-config pool");
  c = pcalloc(c_pool, sizeof(config_rec));
  if (*set == NULL) {
    pool *set_pool = make_sub_pool(parent_pool);

    *set = xaset_create(set_pool, NULL);
    (*set)->pool = set_pool;
  }
  xaset_insert(*set, (xasetmember_t *) c);

  c->pool = c_pool;
  c->set = *set;
  c->parent = parent;
  c->server = s;
  c->name = pstrdup(c_pool, name);
  c->config_id = host_config_id(c->name);
  if (parent != NULL && parent->config_type == CONF_DYNDIR) {
    c->flags |= CF_DYNAMIC;
  }

  (void) pr_parser_config_ctxt_push(c);
  return c;
}

/* An empty context (no records were added inside it) is removed, as
 * proftpd's; *empty says so.
 */
config_rec *pr_parser_config_ctxt_close(int *empty) {
  config_rec *c;

  if (parser_curr_config == NULL) {
    errno = EPERM;
    return NULL;
  }

  c = *parser_curr_config;
  if (c != NULL && (c->subset == NULL || c->subset->xas_list == NULL)) {
    xaset_remove(c->set, (xasetmember_t *) c);
    destroy_pool(c->pool);
    if (empty != NULL) {
      *empty = TRUE;
    }
  }

  if (parser_curr_config == (config_rec **) parser_confstack->elts) {
    *parser_curr_config = NULL;
    return NULL;
  }

  parser_curr_config--;
  parser_confstack->nelts--;
  return *parser_curr_config;
}

server_rec *pr_parser_server_ctxt_get(void) {
  if (parser_curr_server != NULL) {
    return *parser_curr_server;
  }
  errno = ENOENT;
  return NULL;
}

int pr_parser_server_ctxt_push(server_rec *s) {
  if (s == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (parser_servstack == NULL) {
    errno = EPERM;
    return -1;
  }
  parser_curr_server = (server_rec **) push_array(parser_servstack);
  *parser_curr_server = s;
  return 0;
}

server_rec *pr_parser_server_ctxt_close(void) {
  if (parser_curr_server == NULL) {
    errno = ENOENT;
    return NULL;
  }
  if (parser_curr_server == (server_rec **) parser_servstack->elts) {
    errno = EPERM;
    return NULL;
  }
  parser_curr_server--;
  parser_servstack->nelts--;
  return *parser_curr_server;
}

/* A line of configuration text into a cmd_rec, as proftpd's: words as
 * pr_str_get_word() splits them (an unquoted word starting with '#' ends
 * the line), %{env:NAME} replaced, and "<Section arg>" becomes argv[0]
 * "<Section>" with argv[1] "arg".
 */
cmd_rec *pr_parser_parse_line(pool *p, const char *text, size_t text_len) {
  char **words, *copy;
  const char *why = NULL;
  pool *sub_pool;
  cmd_rec *cmd;
  int nwords, i, max;

  if (p == NULL || text == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (text_len == 0) {
    text_len = strlen(text);
  }
  if (text_len == 0) {
    errno = ENOENT;
    return NULL;
  }

  sub_pool = make_sub_pool(p);
  pr_pool_tag(sub_pool, "parser cmd subpool");
  cmd = pcalloc(sub_pool, sizeof(cmd_rec));
  cmd->pool = sub_pool;
  cmd->stash_index = -1;

  copy = pstrndup(sub_pool, text, text_len);
  max = (int) text_len / 2 + 2;
  words = pcalloc(sub_pool, ((size_t) max + 1) * sizeof(char *));
  nwords = host_parser_split(sub_pool, copy, words, max, &why);
  if (nwords < 0) {
    nwords = 0;
  }

  cmd->argc = (unsigned int) nwords;
  cmd->argv = pcalloc(sub_pool, ((size_t) nwords + 1) * sizeof(void *));
  for (i = 0; i < nwords; i++) {
    cmd->argv[i] = words[i];
  }

  if (cmd->argc > 1 && *((char *) cmd->argv[0]) == '<') {
    char *last = cmd->argv[cmd->argc - 1];
    size_t len = strlen(last);

    if (len > 0 && last[len - 1] == '>') {
      char *first;

      if (strcmp(last, ">") == 0) {
        cmd->argv[cmd->argc - 1] = NULL;
        cmd->argc--;
      } else {
        last[len - 1] = '\0';
      }
      first = cmd->argv[0];
      if (first[strlen(first) - 1] != '>') {
        cmd->argv[0] = pstrcat(sub_pool, first, ">", NULL);
      }
    }
  }

  cmd->arg = pstrdup(sub_pool, "");
  for (i = 1; i < (int) cmd->argc; i++) {
    cmd->arg = pstrcat(sub_pool, cmd->arg, *cmd->arg ? " " : "",
      (char *) cmd->argv[i], NULL);
  }
  return cmd;
}

/* The next line of the file being parsed that is not blank or a comment,
 * leading blanks and the line end removed, lines ending in a backslash
 * joined; for section handlers that read their body themselves
 * (mod_ifversion's <IfVersion>).  The line counter follows.
 */
char *pr_parser_read_line(char *buf, size_t bufsz) {
  FILE *fh = host_parser_fh();
  unsigned int lineno;

  if (buf == NULL || fh == NULL || bufsz < 2) {
    errno = EINVAL;
    return NULL;
  }

  lineno = host_parser_line();
  parser_lineno = lineno;
  for (;;) {
    size_t len = 0;
    int have_line = FALSE, have_eol = FALSE;
    char *bp;

    buf[0] = '\0';
    while (len < bufsz - 1 && fgets(buf + len, (int) (bufsz - len), fh)) {
      size_t n = strlen(buf + len);

      have_line = TRUE;
      if (n > 0 && buf[len + n - 1] == '\n') {
        lineno++;
        if (n >= 2 && buf[len + n - 2] == '\\') {
          char *seg = buf + len;

          while (*seg && PR_ISSPACE(*seg)) {
            seg++;
          }
          if (*seg != '#') {
            len += n - 2;
          }
          buf[len] = '\0';
          continue;
        }
        have_eol = TRUE;
        len += n;
        break;
      }
      len += n;
    }
    host_parser_set_position(host_parser_file(), lineno);
    parser_lineno = lineno;
    if (!have_line) {
      return NULL;
    }

    if (len > 0 && buf[len - 1] == '\n') {
      buf[--len] = '\0';
    }
    if (len > 0 && buf[len - 1] == '\r') {
      buf[--len] = '\0';
    }
    if (!have_eol && !feof(fh)) {
      pr_log_pri(PR_LOG_WARNING, "warning: handling possibly truncated "
        "configuration data at line %u of '%s'", lineno, host_parser_file());
    }

    for (bp = buf; *bp && PR_ISSPACE(*bp); bp++) {
    }
    if (*bp == '#' || *bp == '\0') {
      continue;
    }
    return bp;
  }
}

unsigned int pr_parser_get_lineno(void) {
  return host_parser_fh() != NULL ? host_parser_line() : parser_lineno;
}
