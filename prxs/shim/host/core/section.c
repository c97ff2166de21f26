/*
 * prxs shim host: configuration sections.
 *
 * <Global>, <VirtualHost>, <Anonymous>, <Directory>, <Limit> and <Class>
 * open a new context (see config.c); <IfModule [!]mod_x.c> either skips its lines or
 * is transparent.  Closing tags must match the innermost open section, and
 * a section left open at the end of the configuration is an error.
 */

#include "host_parse.h"

#define SECT_GLOBAL		1
#define SECT_VHOST		2
#define SECT_ANON		3
#define SECT_DIR		4
#define SECT_LIMIT		5
#define SECT_IFMODULE		6
#define SECT_CLASS		7

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

static int section_push(int type, const char *name, server_rec *s,
    config_rec *c) {
  if (nsections >= sizeof(sections) / sizeof(sections[0])) {
    host_parser_fatal("%s: sections nested too deeply", name);
    return -1;
  }
  sections[nsections].type = type;
  sections[nsections].name = name;
  sections[nsections].file = host_parser_file();
  sections[nsections].line = host_parser_line();
  sections[nsections].saved_server = host_config_get_server();
  sections[nsections].saved_config = host_config_get_ctx();
  nsections++;
  host_config_set_ctx(s, c);
  return 0;
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

/* Skip lines of a false <IfModule> (<IfDefine>) up to its matching
 * </IfModule> (</IfDefine>); tag is "IfModule" or "IfDefine".
 */
static int parser_skip_section(FILE *fh, unsigned int start_line,
    const char *tag) {
  char *line = NULL;
  size_t linesz = 0, len = strlen(tag);
  int depth = 1;

  unsigned int lineno = start_line;

  while (getline(&line, &linesz, fh) >= 0) {
    const char *cp = line;

    lineno++;
    host_parser_set_position(host_parser_file(), lineno);
    while (*cp == ' ' || *cp == '\t') {
      cp++;
    }
    if (cp[0] == '<' && strncasecmp(cp + 1, tag, len) == 0 &&
        (cp[len + 1] == ' ' || cp[len + 1] == '\t' || cp[len + 1] == '>')) {
      depth++;
    } else if (cp[0] == '<' && cp[1] == '/' &&
        strncasecmp(cp + 2, tag, len) == 0) {
      depth--;
      if (depth == 0) {
        free(line);
        return 0;
      }
    }
  }
  free(line);
  host_parser_set_position(host_parser_file(), start_line);
  host_parser_fatal("unclosed <%s> section (missing </%s>)", tag, tag);
  return -1;
}

/* Define NAME (mod_core): names <IfDefine NAME> tests. */
static array_header *defines = NULL;

int host_define_add(const char *name) {
  if (defines == NULL) {
    defines = make_array(permanent_pool, 4, sizeof(char *));
  }
  *((char **) push_array(defines)) = pstrdup(permanent_pool, name);
  return 0;
}

static int define_exists(const char *name) {
  unsigned int i;

  for (i = 0; defines != NULL && i < defines->nelts; i++) {
    if (strcmp(((char **) defines->elts)[i], name) == 0) {
      return TRUE;
    }
  }
  return FALSE;
}

/* <IfDefine [!]NAME>: as proftpd, a true one is transparent (it opens no
 * context, and </IfDefine> lines are ignored); a false one is skipped.
 */
static int section_open_ifdefine(FILE *fh, char **words, int nwords,
    server_rec *s, config_rec *ctx, int outer_type) {
  const char *name;
  int negate = FALSE;

  if (nwords < 2 || words[1][0] == '\0') {
    host_parser_fatal("<IfDefine>: missing parameters");
    return -1;
  }
  name = words[1];
  if (*name == '!') {
    negate = TRUE;
    name++;
  }
  if (define_exists(name) != negate) {
    return 0;
  }
  return parser_skip_section(fh, host_parser_line(), "IfDefine");
}

static int section_open_ifmodule(FILE *fh, char **words, int nwords,
    server_rec *s, config_rec *ctx, int outer_type) {
  const char *name;
  int negate = FALSE, present;

  if (nwords != 2 || words[1][0] == '\0' ||
      (words[1][0] == '!' && words[1][1] == '\0')) {
    host_parser_fatal("<IfModule>: wrong number of parameters (usage: "
      "<IfModule [!]mod_name.c>)");
    return -1;
  }
  name = words[1];
  if (*name == '!') {
    negate = TRUE;
    name++;
  }
  name = ifmodule_name(host_parser_pool(), name);
  present = pr_module_exists(name) ? TRUE : FALSE;
  if (present == negate) {
    return parser_skip_section(fh, host_parser_line(), "IfModule");
  }
  return section_push(SECT_IFMODULE, "<IfModule>", s, ctx);
}

static int section_open_global(FILE *fh, char **words, int nwords,
    server_rec *s, config_rec *ctx, int outer_type) {
  config_rec *c;

  if (nwords != 1) {
    host_parser_fatal("<Global>: takes no parameters");
    return -1;
  }
  if (outer_type != 0) {
    host_parser_fatal("<Global>: directive not allowed in %s context",
      section_ctx_name());
    return -1;
  }
  c = host_config_new(permanent_pool, &host_global_set, "<Global>",
    CONF_GLOBAL, NULL, main_server);
  return section_push(SECT_GLOBAL, "<Global>", main_server, c);
}

static int section_open_virtualhost(FILE *fh, char **words, int nwords,
    server_rec *s, config_rec *ctx, int outer_type) {
  server_rec *vs;
  int i;

  if (nwords < 2) {
    host_parser_fatal("<VirtualHost>: missing parameters (usage: "
      "<VirtualHost address [address ...]>)");
    return -1;
  }
  if (outer_type != 0) {
    host_parser_fatal("<VirtualHost>: directive not allowed in %s context",
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

static int section_open_anonymous(FILE *fh, char **words, int nwords,
    server_rec *s, config_rec *ctx, int outer_type) {
  config_rec *c;

  if (nwords != 2) {
    host_parser_fatal("<Anonymous>: wrong number of parameters (usage: "
      "<Anonymous root-directory>)");
    return -1;
  }
  if (outer_type != 0 && outer_type != SECT_VHOST) {
    host_parser_fatal("<Anonymous>: directive not allowed in %s context",
      section_ctx_name());
    return -1;
  }
  c = host_config_new(s->pool, &s->conf, words[1], CONF_ANON, NULL, s);
  c->argc = 1;
  c->argv = pcalloc(c->pool, 2 * sizeof(void *));
  c->argv[0] = pstrdup(c->pool, words[1]);
  return section_push(SECT_ANON, "<Anonymous>", s, c);
}

static int section_open_directory(FILE *fh, char **words, int nwords,
    server_rec *s, config_rec *ctx, int outer_type) {
  xaset_t **set;
  config_rec *c;

  if (nwords != 2) {
    host_parser_fatal("<Directory>: wrong number of parameters (usage: "
      "<Directory path>)");
    return -1;
  }
  if (outer_type == SECT_DIR || outer_type == SECT_LIMIT) {
    host_parser_fatal("<Directory>: directive not allowed in %s context",
      section_ctx_name());
    return -1;
  }
  if (words[1][0] != '/' && words[1][0] != '~' && words[1][0] != '*') {
    host_parser_fatal("<Directory>: relative path not allowed in "
      "<Directory> section ('%s'): use an absolute path", words[1]);
    return -1;
  }
  /* As proftpd: one <Directory> per path and server, outside <Anonymous>. */
  if (outer_type != SECT_ANON &&
      find_config(s->conf, CONF_DIR, words[1], FALSE) != NULL) {
    host_parser_fatal("<Directory>: <Directory> section already configured "
      "for '%s'", words[1]);
    return -1;
  }
  set = ctx ? &ctx->subset : &s->conf;
  c = host_config_new(s->pool, set, words[1], CONF_DIR, ctx, s);
  return section_push(SECT_DIR, "<Directory>", s, c);
}

static int section_open_limit(FILE *fh, char **words, int nwords,
    server_rec *s, config_rec *ctx, int outer_type) {
  xaset_t **set;
  int i;
  config_rec *c;

  if (nwords < 2) {
    host_parser_fatal("<Limit>: missing parameters (usage: "
      "<Limit command|group ...>)");
    return -1;
  }
  if (outer_type == SECT_LIMIT) {
    host_parser_fatal("<Limit>: directive not allowed in %s context",
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

/* <Class name>: its From/Satisfy lines go to a "Class" config_rec of
 * type CONF_CLASS, as proftpd's; the shim keeps no class table (classes
 * select nothing in a shim session: README).
 */
static int section_open_class(FILE *fh, char **words, int nwords,
    server_rec *s, config_rec *ctx, int outer_type) {
  config_rec *c;

  if (nwords < 2) {
    host_parser_fatal("<Class>: missing parameters");
    return -1;
  }
  if (outer_type != 0 && outer_type != SECT_GLOBAL) {
    host_parser_fatal("<Class>: directive not allowed in %s context",
      section_ctx_name());
    return -1;
  }
  c = host_config_new(s->pool, ctx ? &ctx->subset : &s->conf, "Class",
    CONF_CLASS, ctx, s);
  c->argc = 1;
  c->argv = pcalloc(c->pool, 2 * sizeof(void *));
  c->argv[0] = pstrdup(c->pool, words[1]);
  return section_push(SECT_CLASS, "<Class>", s, c);
}

int host_section_open(FILE *fh, char **words, int nwords) {
  static const struct {
    const char *tag;
    int (*open)(FILE *, char **, int, server_rec *, config_rec *, int);
  } sections[] = {
    { "<IfModule", section_open_ifmodule },
    { "<IfDefine", section_open_ifdefine },
    { "<Global", section_open_global },
    { "<VirtualHost", section_open_virtualhost },
    { "<Anonymous", section_open_anonymous },
    { "<Directory", section_open_directory },
    { "<Limit", section_open_limit },
    { "<Class", section_open_class },
  };
  struct section *outer = section_ctx();
  size_t i;

  for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
    if (strcasecmp(words[0], sections[i].tag) == 0) {
      return sections[i].open(fh, words, nwords, host_config_get_server(),
        host_config_get_ctx(), outer ? outer->type : 0);
    }
  }
  host_parser_fatal("unknown configuration section '%s>'", words[0]);
  return -1;
}

/* Is "<Tag" or "</Tag" (no '>') one of the sections above? */
int host_section_known(const char *tag) {
  static const char *known[] = { "IfModule", "IfDefine", "Global",
    "VirtualHost", "Anonymous", "Directory", "Limit", "Class", NULL };
  unsigned int i;

  if (tag[0] != '<') {
    return FALSE;
  }
  tag += tag[1] == '/' ? 2 : 1;
  for (i = 0; known[i] != NULL; i++) {
    if (strcasecmp(tag, known[i]) == 0) {
      return TRUE;
    }
  }
  return FALSE;
}

int host_section_close(const char *tag) {
  if (strcasecmp(tag, "</IfDefine") == 0) {
    return 0;
  }

  static const struct { const char *tag; int type; const char *name; } map[] = {
    { "</IfModule", SECT_IFMODULE, "<IfModule>" },
    { "</Global", SECT_GLOBAL, "<Global>" },
    { "</VirtualHost", SECT_VHOST, "<VirtualHost>" },
    { "</Anonymous", SECT_ANON, "<Anonymous>" },
    { "</Directory", SECT_DIR, "<Directory>" },
    { "</Limit", SECT_LIMIT, "<Limit>" },
    { "</Class", SECT_CLASS, "<Class>" },
    { NULL, 0, NULL }
  };
  unsigned int i;

  for (i = 0; map[i].tag != NULL; i++) {
    if (strcasecmp(tag, map[i].tag) == 0) {
      struct section *top;

      if (nsections == 0) {
        host_parser_fatal("%s>: no matching %s section is open", map[i].tag,
          map[i].name);
        return -1;
      }
      top = &sections[nsections - 1];
      if (top->type != map[i].type) {
        host_parser_fatal("%s>: does not close the open %s section (opened on "
          "line %u of '%s')", map[i].tag, top->name, top->line, top->file);
        return -1;
      }
      host_config_set_ctx(top->saved_server, top->saved_config);
      nsections--;
      return 0;
    }
  }

  host_parser_fatal("unknown configuration section '%s>'", tag);
  return -1;
}

void host_sections_reset(void) {
  nsections = 0;
}

int host_sections_check_closed(void) {
  struct section *top;
  const char *close;

  if (nsections == 0) {
    return 0;
  }
  top = &sections[nsections - 1];
  close = top->name + 1;
  host_parser_set_position(top->file, top->line);
  host_parser_fatal("unclosed %s section (missing </%.*s>)", top->name,
    (int) strlen(close) - 1, close);
  return -1;
}
