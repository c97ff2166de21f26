/*
 * prxs shim host: the configuration parser (proftpd.conf syntax).
 *
 * Directives are words separated by blanks; "double quotes" group words,
 * with \" and \\ escapes inside them; a trailing backslash continues a line;
 * lines starting with # are comments.  Sections (<Global>, <VirtualHost>,
 * <Anonymous>, <Directory>, <Limit>, <IfModule>) and Include are handled
 * here; every other directive goes to the conftables of loaded modules.
 * Every error names the file and line, as proftpd does.
 */

#include "host.h"

#include <glob.h>

#define PARSER_MAX_ARGS		256
#define PARSER_MAX_DEPTH	16

#define SECT_GLOBAL		1
#define SECT_VHOST		2
#define SECT_ANON		3
#define SECT_DIR		4
#define SECT_LIMIT		5
#define SECT_IFMODULE		6

struct section {
  int type;
  const char *name;		/* e.g. "<Directory>" */
  const char *file;
  unsigned int line;
  server_rec *saved_server;
  config_rec *saved_config;
};

static struct section sections[64];
static unsigned int nsections = 0;

const char *host_config_path = NULL;
static const char *curr_file = NULL;
static unsigned int curr_line = 0;
static pool *parse_pool = NULL;

const char *host_parser_file(void) {
  return curr_file;
}

unsigned int host_parser_line(void) {
  return curr_line;
}

static void parser_fatal(const char *fmt, ...)
  __attribute__ ((format (printf, 1, 2)));

static void parser_fatal(const char *fmt, ...) {
  char buf[2048];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  host_log_msg("fatal: %s on line %u of '%s'", buf, curr_line,
    curr_file ? curr_file : "?");
}

/* Split a line into words.  Returns the word count, or -1 with *why set. */
static int parser_split(pool *p, const char *line, char **words,
    const char **why) {
  const char *cp = line;
  int n = 0;

  while (*cp) {
    char *word, *wp;

    while (*cp == ' ' || *cp == '\t' || *cp == '\r' || *cp == '\n') {
      cp++;
    }
    if (*cp == '\0') {
      break;
    }
    if (n >= PARSER_MAX_ARGS) {
      *why = "too many words on one line";
      return -1;
    }

    word = wp = palloc(p, strlen(cp) + 1);
    if (*cp == '"') {
      cp++;
      while (*cp && *cp != '"') {
        if (*cp == '\\' && (cp[1] == '"' || cp[1] == '\\')) {
          cp++;
        }
        *wp++ = *cp++;
      }
      if (*cp != '"') {
        *why = "unterminated quoted string (a \" is missing)";
        return -1;
      }
      cp++;
    } else {
      while (*cp && *cp != ' ' && *cp != '\t' && *cp != '\r' && *cp != '\n') {
        *wp++ = *cp++;
      }
    }
    *wp = '\0';
    words[n++] = word;
  }
  return n;
}

static int section_push(int type, const char *name, server_rec *s,
    config_rec *c) {
  if (nsections >= sizeof(sections) / sizeof(sections[0])) {
    parser_fatal("%s: sections nested too deeply", name);
    return -1;
  }
  sections[nsections].type = type;
  sections[nsections].name = name;
  sections[nsections].file = curr_file;
  sections[nsections].line = curr_line;
  sections[nsections].saved_server = host_config_get_server();
  sections[nsections].saved_config = host_config_get_ctx();
  nsections++;
  host_config_set_ctx(s, c);
  return 0;
}

static int section_in(int type) {
  unsigned int i;

  for (i = 0; i < nsections; i++) {
    if (sections[i].type == type) {
      return TRUE;
    }
  }
  return FALSE;
}

/* The innermost enclosing section that is not an <IfModule>. */
static struct section *section_ctx(void) {
  unsigned int i = nsections;

  while (i > 0) {
    i--;
    if (sections[i].type != SECT_IFMODULE) {
      return &sections[i];
    }
  }
  return NULL;
}

static const char *section_ctx_name(void) {
  struct section *sect = section_ctx();
  if (sect == NULL) {
    return "server config";
  }
  return sect->name;
}

static const char *ifmodule_name(pool *p, const char *word) {
  size_t len = strlen(word);

  if (len > 2 && strcmp(word + len - 2, ".c") == 0) {
    return word;
  }
  if (len > 4 && strcmp(word + len - 4, ".cpp") == 0) {
    return word;
  }
  return pstrcat(p, word, ".c", NULL);
}

/* Skip lines of a false <IfModule> up to its matching </IfModule>. */
static int parser_skip_ifmodule(FILE *fh, unsigned int start_line) {
  char *line = NULL;
  size_t linesz = 0;
  int depth = 1;

  while (getline(&line, &linesz, fh) >= 0) {
    const char *cp = line;

    curr_line++;
    while (*cp == ' ' || *cp == '\t') {
      cp++;
    }
    if (strncasecmp(cp, "<IfModule", 9) == 0 &&
        (cp[9] == ' ' || cp[9] == '\t' || cp[9] == '>')) {
      depth++;
    } else if (strncasecmp(cp, "</IfModule", 10) == 0) {
      depth--;
      if (depth == 0) {
        free(line);
        return 0;
      }
    }
  }
  free(line);
  curr_line = start_line;
  parser_fatal("unclosed <IfModule> section (missing </IfModule>)");
  return -1;
}

static int parser_open_section(FILE *fh, char **words, int nwords) {
  const char *tag = words[0];
  server_rec *s = host_config_get_server();
  config_rec *ctx = host_config_get_ctx();
  struct section *outer = section_ctx();
  int outer_type = outer ? outer->type : 0;
  config_rec *c;

  if (strcasecmp(tag, "<IfModule") == 0) {
    const char *name;
    int negate = FALSE, present;

    if (nwords != 2 || words[1][0] == '\0' ||
        (words[1][0] == '!' && words[1][1] == '\0')) {
      parser_fatal("<IfModule>: wrong number of parameters (usage: "
        "<IfModule [!]mod_name.c>)");
      return -1;
    }
    name = words[1];
    if (*name == '!') {
      negate = TRUE;
      name++;
    }
    name = ifmodule_name(parse_pool, name);
    present = pr_module_exists(name) ? TRUE : FALSE;
    if (present == negate) {
      return parser_skip_ifmodule(fh, curr_line);
    }
    return section_push(SECT_IFMODULE, "<IfModule>", s, ctx);
  }

  if (strcasecmp(tag, "<Global") == 0) {
    if (nwords != 1) {
      parser_fatal("<Global>: takes no parameters");
      return -1;
    }
    if (outer_type != 0) {
      parser_fatal("<Global>: directive not allowed in %s context",
        section_ctx_name());
      return -1;
    }
    c = host_config_new(permanent_pool, &host_global_set, "<Global>",
      CONF_GLOBAL, NULL, main_server);
    return section_push(SECT_GLOBAL, "<Global>", main_server, c);
  }

  if (strcasecmp(tag, "<VirtualHost") == 0) {
    server_rec *vs;
    int i;

    if (nwords < 2) {
      parser_fatal("<VirtualHost>: missing parameters (usage: "
        "<VirtualHost address [address ...]>)");
      return -1;
    }
    if (outer_type != 0) {
      parser_fatal("<VirtualHost>: directive not allowed in %s context",
        section_ctx_name());
      return -1;
    }
    vs = host_server_new(words[1], CONF_VIRTUAL);
    vs->ServerAddress = pstrdup(vs->pool, words[1]);
    for (i = 2; i < nwords; i++) {
      add_config_param_set(&vs->conf, "_bind_", 1,
        pstrdup(vs->pool, words[i]));
    }
    return section_push(SECT_VHOST, "<VirtualHost>", vs, NULL);
  }

  if (strcasecmp(tag, "<Anonymous") == 0) {
    if (nwords != 2) {
      parser_fatal("<Anonymous>: wrong number of parameters (usage: "
        "<Anonymous root-directory>)");
      return -1;
    }
    if (outer_type != 0 && outer_type != SECT_VHOST) {
      parser_fatal("<Anonymous>: directive not allowed in %s context",
        section_ctx_name());
      return -1;
    }
    c = host_config_new(s->pool, &s->conf, words[1], CONF_ANON, NULL, s);
    c->argc = 1;
    c->argv = pcalloc(c->pool, 2 * sizeof(void *));
    c->argv[0] = pstrdup(c->pool, words[1]);
    return section_push(SECT_ANON, "<Anonymous>", s, c);
  }

  if (strcasecmp(tag, "<Directory") == 0) {
    xaset_t **set;

    if (nwords != 2) {
      parser_fatal("<Directory>: wrong number of parameters (usage: "
        "<Directory path>)");
      return -1;
    }
    if (outer_type == SECT_DIR || outer_type == SECT_LIMIT) {
      parser_fatal("<Directory>: directive not allowed in %s context",
        section_ctx_name());
      return -1;
    }
    if (words[1][0] != '/' && words[1][0] != '~' && words[1][0] != '*') {
      parser_fatal("<Directory>: relative path not allowed in "
        "<Directory> section ('%s'): use an absolute path", words[1]);
      return -1;
    }
    set = ctx ? &ctx->subset : &s->conf;
    c = host_config_new(s->pool, set, words[1], CONF_DIR, ctx, s);
    return section_push(SECT_DIR, "<Directory>", s, c);
  }

  if (strcasecmp(tag, "<Limit") == 0) {
    xaset_t **set;
    int i;

    if (nwords < 2) {
      parser_fatal("<Limit>: missing parameters (usage: "
        "<Limit command|group ...>)");
      return -1;
    }
    if (outer_type == SECT_LIMIT) {
      parser_fatal("<Limit>: directive not allowed in %s context",
        section_ctx_name());
      return -1;
    }
    set = ctx ? &ctx->subset : &s->conf;
    c = host_config_new(s->pool, set, "Limit", CONF_LIMIT, ctx, s);
    c->argc = (unsigned int) nwords - 1;
    c->argv = pcalloc(c->pool, (size_t) nwords * sizeof(void *));
    for (i = 1; i < nwords; i++) {
      char *w = pstrdup(c->pool, words[i]), *cp;
      for (cp = w; *cp; cp++) {
        *cp = (char) toupper((unsigned char) *cp);
      }
      c->argv[i - 1] = w;
    }
    return section_push(SECT_LIMIT, "<Limit>", s, c);
  }

  parser_fatal("unknown configuration section '%s>'", tag);
  return -1;
}

static int parser_close_section(const char *tag) {
  static const struct { const char *tag; int type; const char *name; } map[] = {
    { "</IfModule", SECT_IFMODULE, "<IfModule>" },
    { "</Global", SECT_GLOBAL, "<Global>" },
    { "</VirtualHost", SECT_VHOST, "<VirtualHost>" },
    { "</Anonymous", SECT_ANON, "<Anonymous>" },
    { "</Directory", SECT_DIR, "<Directory>" },
    { "</Limit", SECT_LIMIT, "<Limit>" },
    { NULL, 0, NULL }
  };
  unsigned int i;

  for (i = 0; map[i].tag != NULL; i++) {
    if (strcasecmp(tag, map[i].tag) == 0) {
      struct section *top;

      if (nsections == 0) {
        parser_fatal("%s>: no matching %s section is open", map[i].tag,
          map[i].name);
        return -1;
      }
      top = &sections[nsections - 1];
      if (top->type != map[i].type) {
        parser_fatal("%s>: does not close the open %s section (opened on "
          "line %u of '%s')", map[i].tag, top->name, top->line, top->file);
        return -1;
      }
      host_config_set_ctx(top->saved_server, top->saved_config);
      nsections--;
      return 0;
    }
  }

  parser_fatal("unknown configuration section '%s>'", tag);
  return -1;
}

static int parser_include(char **words, int nwords, unsigned int depth) {
  const char *path;
  glob_t g;
  size_t i;
  int res;

  if (nwords != 2) {
    parser_fatal("Include: wrong number of parameters (usage: Include path)");
    return -1;
  }
  path = words[1];
  if (*path != '/') {
    /* Relative to the directory of the file that includes it. */
    const char *slash = strrchr(curr_file, '/');
    if (slash != NULL) {
      path = pstrcat(parse_pool, pstrndup(parse_pool, curr_file,
        (size_t) (slash - curr_file)), "/", path, NULL);
    }
  }
  if (depth >= PARSER_MAX_DEPTH) {
    parser_fatal("Include: error including '%s': files included more than "
      "%d deep (an Include loop?)", path, PARSER_MAX_DEPTH);
    return -1;
  }

  if (strpbrk(path, "*?[") == NULL) {
    struct stat st;
    if (stat(path, &st) < 0) {
      parser_fatal("Include: error including '%s': %s", path,
        strerror(errno));
      return -1;
    }
    return host_parse_file(path, depth + 1);
  }

  res = glob(path, 0, NULL, &g);
  if (res == GLOB_NOMATCH) {
    pr_log_debug(DEBUG3, "Include: no files match '%s'", path);
    return 0;
  }
  if (res != 0) {
    parser_fatal("Include: error including '%s': cannot expand pattern",
      path);
    return -1;
  }
  for (i = 0; i < g.gl_pathc; i++) {
    const char *saved_file = curr_file;
    unsigned int saved_line = curr_line;
    if (host_parse_file(pstrdup(parse_pool, g.gl_pathv[i]), depth + 1) < 0) {
      globfree(&g);
      return -1;
    }
    curr_file = saved_file;
    curr_line = saved_line;
  }
  globfree(&g);
  return 0;
}

static int parser_directive(char **words, int nwords) {
  cmd_rec *cmd;
  conftable *ct = NULL;
  int found = FALSE, i;
  size_t arglen = 0;

  cmd = pcalloc(parse_pool, sizeof(cmd_rec));
  cmd->pool = parse_pool;
  cmd->server = host_config_get_server();
  cmd->config = host_config_get_ctx();
  cmd->argc = (unsigned int) nwords;
  cmd->argv = pcalloc(parse_pool, ((size_t) nwords + 1) * sizeof(void *));
  for (i = 0; i < nwords; i++) {
    cmd->argv[i] = words[i];
    if (i > 0) {
      arglen += strlen(words[i]) + 1;
    }
  }
  cmd->arg = pcalloc(parse_pool, arglen + 1);
  for (i = 1; i < nwords; i++) {
    if (i > 1) {
      strcat(cmd->arg, " ");
    }
    strcat(cmd->arg, words[i]);
  }
  cmd->notes = pr_table_alloc(parse_pool, 0);

  while ((ct = host_find_conftable(words[0], ct)) != NULL) {
    modret_t *mr;

    cmd->tmp_pool = make_sub_pool(parse_pool);
    host_curr_module = ct->m;
    mr = ct->handler(cmd);
    host_curr_module = NULL;

    if (MODRET_ISERROR(mr)) {
      host_log_msg("fatal: %s on line %u of '%s'",
        MODRET_ERRMSG(mr) ? MODRET_ERRMSG(mr) : "(no message)",
        curr_line, curr_file);
      destroy_pool(cmd->tmp_pool);
      return -1;
    }
    if (!MODRET_ISDECLINED(mr)) {
      found = TRUE;
    }
    destroy_pool(cmd->tmp_pool);
    cmd->tmp_pool = NULL;
  }

  if (!found) {
    host_log_msg("fatal: unknown configuration directive '%s' on line %u "
      "of '%s'", words[0], curr_line, curr_file);
    host_log_msg("hint: no loaded module provides '%s'; load the module "
      "that does (LoadModule) before line %u, or put the directive inside "
      "<IfModule mod_name.c>", words[0], curr_line);
    return -1;
  }
  return 0;
}

static int parser_line(FILE *fh, const char *line, unsigned int depth) {
  char *words[PARSER_MAX_ARGS];
  const char *why = NULL;
  int nwords;

  nwords = parser_split(parse_pool, line, words, &why);
  if (nwords < 0) {
    parser_fatal("%s", why);
    return -1;
  }
  if (nwords == 0 || words[0][0] == '#') {
    return 0;
  }

  if (words[0][0] == '<') {
    char *last = words[nwords - 1];
    size_t len = strlen(last);

    if (len > 0 && last[len - 1] == '>') {
      last[len - 1] = '\0';
      if (last[0] == '\0' && nwords > 1) {
        nwords--;
      }
    }
    if (words[0][1] == '/') {
      return parser_close_section(words[0]);
    }
    return parser_open_section(fh, words, nwords);
  }

  if (strcasecmp(words[0], "Include") == 0) {
    const char *saved_file = curr_file;
    unsigned int saved_line = curr_line;
    int res = parser_include(words, nwords, depth);
    curr_file = saved_file;
    curr_line = saved_line;
    return res;
  }

  return parser_directive(words, nwords);
}

int host_parse_file(const char *path, unsigned int depth) {
  FILE *fh;
  char *line = NULL, *buf = NULL;
  size_t linesz = 0, bufsz = 0;
  ssize_t len;
  unsigned int start_line = 0;
  int res = 0;

  fh = fopen(path, "r");
  if (fh == NULL) {
    host_log_msg("fatal: unable to open configuration file '%s': %s", path,
      strerror(errno));
    return -1;
  }
  curr_file = pstrdup(parse_pool, path);
  curr_line = 0;

  while ((len = getline(&line, &linesz, fh)) >= 0) {
    const char *cp;
    size_t l;

    curr_line++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
      line[--len] = '\0';
    }
    cp = line;
    while (*cp == ' ' || *cp == '\t') {
      cp++;
    }
    if (buf == NULL && (*cp == '\0' || *cp == '#')) {
      continue;
    }

    /* Accumulate continued lines ("\" at the end). */
    l = strlen(cp);
    if (buf == NULL) {
      start_line = curr_line;
    }
    buf = realloc(buf, bufsz + l + 2);
    if (buf == NULL) {
      res = -1;
      break;
    }
    memcpy(buf + bufsz, cp, l);
    bufsz += l;
    buf[bufsz] = '\0';
    if (bufsz > 0 && buf[bufsz - 1] == '\\') {
      buf[--bufsz] = ' ';
      bufsz++;
      buf[bufsz] = '\0';
      continue;
    }

    {
      unsigned int end_line = curr_line;
      curr_line = start_line;
      res = parser_line(fh, buf, depth);
      if (curr_line == start_line) {
        curr_line = end_line;
      }
    }
    free(buf);
    buf = NULL;
    bufsz = 0;
    if (res < 0) {
      break;
    }
  }

  if (res == 0 && buf != NULL) {
    curr_line = start_line;
    res = parser_line(fh, buf, depth);
  }
  free(buf);
  free(line);
  fclose(fh);
  return res;
}

int host_parse_config(const char *path) {
  int res;

  host_servers_reset();
  if (parse_pool != NULL) {
    destroy_pool(parse_pool);
  }
  parse_pool = make_sub_pool(permanent_pool);
  pr_pool_tag(parse_pool, "parser pool");
  nsections = 0;

  main_server = host_server_new("prxs shim", CONF_ROOT);
  host_config_set_ctx(main_server, NULL);
  host_config_path = pstrdup(parse_pool, path);

  res = host_parse_file(path, 0);
  if (res == 0 && nsections > 0) {
    struct section *top = &sections[nsections - 1];
    const char *close = top->name + 1;

    curr_file = top->file;
    curr_line = top->line;
    parser_fatal("unclosed %s section (missing </%.*s>)", top->name,
      (int) strlen(close) - 1, close);
    res = -1;
  }
  host_config_set_ctx(main_server, NULL);
  if (res == 0) {
    host_config_merge_global();
  }
  curr_file = NULL;
  curr_line = 0;
  return res;
}
