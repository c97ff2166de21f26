/*
 * prxs shim host: the configuration parser (proftpd.conf syntax).
 *
 * Directives are words separated by blanks; "double quotes" group words,
 * with \" and \\ escapes inside them; a trailing backslash continues a line;
 * lines starting with # are comments.  Sections (<Global>, <VirtualHost>,
 * <Anonymous>, <Directory>, <Limit>, <IfModule>, see section.c) and
 * Include are handled here; every other directive goes to the conftables of loaded modules.
 * Every error names the file and line, as proftpd does.
 */

#include "host_parse.h"

#include <dirent.h>
#include <glob.h>

#define PARSER_MAX_ARGS		256
#define PARSER_MAX_DEPTH	16

const char *host_config_path = NULL;
static const char *curr_file = NULL;
static unsigned int curr_line = 0;
static pool *parse_pool = NULL;
static FILE *curr_fh = NULL;

/* The file being read, for pr_parser_read_line(); NULL outside a parse. */
FILE *host_parser_fh(void) {
  return curr_fh;
}

const char *host_parser_file(void) {
  return curr_file;
}

void host_parser_set_position(const char *file, unsigned int line) {
  curr_file = file;
  curr_line = line;
}

pool *host_parser_pool(void) {
  return parse_pool;
}

unsigned int host_parser_line(void) {
  return curr_line;
}

void host_parser_fatal(const char *fmt, ...) {
  char buf[2048];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  host_log_msg("fatal: %s on line %u of '%s'", buf, curr_line,
    curr_file ? curr_file : "?");
}

/* As proftpd's parser: "%{env:NAME}" in a word (longer than 7 characters)
 * is replaced by the value of NAME in the environment, "" when unset; one
 * pass, left to right (a value is not expanded again).
 */
static char *parser_env_word(pool *p, char *word) {
  const char *cp = word, *start, *end;
  char *out = "";

  if (strlen(word) <= 7 ||
      strstr(word, "%{env:") == NULL) {
    return word;
  }

  while ((start = strstr(cp, "%{env:")) != NULL) {
    const char *val;

    end = strchr(start + 6, '}');
    if (end == NULL) {
      break;
    }
    val = getenv(pstrndup(p, start + 6, (size_t) (end - start - 6)));
    out = pstrcat(p, out, pstrndup(p, cp, (size_t) (start - cp)),
      val ? val : "", NULL);
    cp = end + 1;
  }
  return pstrcat(p, out, cp, NULL);
}

/* Split a line into words as proftpd's pr_str_get_word() does: words are
 * separated by white space; a word starting with '#' ends the line (an
 * inline comment); a word starting with '"' runs to the next '"', a
 * backslash in it escaping the character after it.  Returns the word
 * count, or -1 with *why set when there are more than max words; *why is
 * also set (and the words returned) for a quoted word with no closing '"'
 * (proftpd takes the rest of the line; the shim's own parser refuses it).
 */
int host_parser_split(pool *p, const char *line, char **words, int max,
    const char **why) {
  const char *cp = line;
  int n = 0;

  while (*cp) {
    char *word, *wp;
    int quoted = FALSE;

    while (*cp && PR_ISSPACE(*cp)) {
      cp++;
    }
    if (*cp == '\0' || *cp == '#') {
      break;
    }
    if (n >= max) {
      *why = "too many words on one line";
      return -1;
    }

    word = wp = palloc(p, strlen(cp) + 1);
    if (*cp == '"') {
      quoted = TRUE;
      cp++;
    }
    while (*cp && (quoted ? *cp != '"' : !PR_ISSPACE(*cp))) {
      if (*cp == '\\' && quoted && cp[1] != '\0') {
        cp++;
      }
      *wp++ = *cp++;
    }
    if (quoted && *cp != '"') {
      *why = "unterminated quoted string (a \" is missing)";
    }
    if (*cp) {
      cp++;
    }
    *wp = '\0';
    words[n++] = parser_env_word(p, word);
  }
  return n;
}

static const char *parser_file_kind(mode_t mode) {
  if (S_ISDIR(mode)) {
    return "a directory";
  }
  if (S_ISFIFO(mode)) {
    return "a FIFO";
  }
  if (S_ISCHR(mode)) {
    return "a character device";
  }
  if (S_ISBLK(mode)) {
    return "a block device";
  }
  if (S_ISSOCK(mode)) {
    return "a socket";
  }
  return "not a regular file";
}

static int parser_name_cmp(const void *a, const void *b) {
  return strcmp(*((char * const *) a), *((char * const *) b));
}

/* Include of a directory: every entry but "." and "..", dot-files and
 * backup files included, in strcmp() order, as proftpd's
 * parse_config_path2().  An entry that is not a regular file is skipped
 * with a warning (proftpd logs an error for it and goes on).
 */
static int parser_include_dir(const char *dir, unsigned int depth) {
  array_header *names = make_array(parse_pool, 8, sizeof(char *));
  struct dirent *dent;
  unsigned int i;
  DIR *dirh;

  dirh = opendir(dir);
  if (dirh == NULL) {
    host_parser_fatal("Include: unable to open configuration directory "
      "'%s': %s", dir, strerror(errno));
    return -1;
  }
  errno = 0;
  while ((dent = readdir(dirh)) != NULL) {
    if (strcmp(dent->d_name, ".") == 0 || strcmp(dent->d_name, "..") == 0) {
      continue;
    }
    *((char **) push_array(names)) = pdircat(parse_pool, dir, dent->d_name,
      NULL);
    errno = 0;
  }
  if (errno != 0) {
    int xerrno = errno;

    closedir(dirh);
    host_parser_fatal("Include: error reading configuration directory "
      "'%s': %s", dir, strerror(xerrno));
    return -1;
  }
  closedir(dirh);
  qsort(names->elts, names->nelts, sizeof(char *), parser_name_cmp);

  for (i = 0; i < names->nelts; i++) {
    const char *file = ((char **) names->elts)[i];
    const char *saved_file = curr_file;
    unsigned int saved_line = curr_line;
    struct stat st;

    if (stat(file, &st) < 0) {
      pr_log_pri(PR_LOG_WARNING, "Include: skipping '%s' in configuration "
        "directory '%s': %s", file, dir, strerror(errno));
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      pr_log_pri(PR_LOG_WARNING, "Include: skipping '%s' in configuration "
        "directory '%s': %s", file, dir, parser_file_kind(st.st_mode));
      continue;
    }
    if (host_parse_file(file, depth + 1) < 0) {
      return -1;
    }
    curr_file = saved_file;
    curr_line = saved_line;
  }
  return 0;
}

static int parser_include(char **words, int nwords, unsigned int depth) {
  const char *path;
  glob_t g;
  size_t i;
  int res;

  if (nwords != 2) {
    host_parser_fatal("Include: wrong number of parameters (usage: Include path)");
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
    host_parser_fatal("Include: error including '%s': files included more than "
      "%d deep (an Include loop?)", path, PARSER_MAX_DEPTH);
    return -1;
  }

  if (strpbrk(path, "*?[") == NULL) {
    struct stat st;
    if (stat(path, &st) < 0) {
      host_parser_fatal("Include: error including '%s': %s", path,
        strerror(errno));
      return -1;
    }
    if (S_ISDIR(st.st_mode)) {
      int res;
      const char *saved_file = curr_file;
      unsigned int saved_line = curr_line;

      res = parser_include_dir(path, depth);
      if (res == 0) {
        curr_file = saved_file;
        curr_line = saved_line;
      }
      return res;
    }
    return host_parse_file(path, depth + 1);
  }

  res = glob(path, 0, NULL, &g);
  if (res == GLOB_NOMATCH) {
    pr_log_debug(DEBUG3, "Include: no files match '%s'", path);
    return 0;
  }
  if (res != 0) {
    host_parser_fatal("Include: error including '%s': cannot expand pattern",
      path);
    return -1;
  }
  for (i = 0; i < g.gl_pathc; i++) {
    const char *saved_file = curr_file;
    unsigned int saved_line = curr_line;
    struct stat st;

    if (stat(g.gl_pathv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      pr_log_pri(PR_LOG_WARNING, "Include: skipping '%s' (matched by '%s'): "
        "a directory", g.gl_pathv[i], path);
      continue;
    }
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
    {
      char ctx[256];

      snprintf(ctx, sizeof(ctx), "%s' on line %u of '%s", cmd->arg && *cmd->arg ?
        get_full_cmd(cmd) : words[0], curr_line, curr_file);
      host_crash_set_context(ctx);
      host_progress_push("directive '%s'", ctx);
    }
    host_curr_module = ct->m;
    host_crash_module = ct->m ? ct->m->name : NULL;
    host_crash_phase = "directive";
    cmd->argv[0] = (char *) ct->directive;
    mr = ct->handler(cmd);
    host_crash_module = NULL;
    host_crash_phase = NULL;
    host_curr_module = NULL;
    host_crash_set_context(NULL);
    host_progress_pop();

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

/* A section line ("<Name args>", "</Name>"): the shim's own sections
 * (section.c), else the conftables of modules that register "<Name>" and
 * "</Name>" (mod_ifsession's <IfUser>, mod_ifversion's <IfVersion>), called
 * with argv[0] "<Name>" as proftpd's parser gives it.
 */
static int parser_section(FILE *fh, char **words, int nwords) {
  char *last = words[nwords - 1];
  size_t len = strlen(last);
  int closed = FALSE;

  if (len > 0 && last[len - 1] == '>') {
    closed = TRUE;
    last[len - 1] = '\0';
    if (last[0] == '\0' && nwords > 1) {
      nwords--;
    }
  }
  if (host_section_known(words[0])) {
    if (words[0][1] == '/') {
      return host_section_close(words[0]);
    }
    return host_section_open(fh, words, nwords);
  }
  if (closed) {
    words[0] = pstrcat(parse_pool, words[0], ">", NULL);
  }
  return parser_directive(words, nwords);
}

static int parser_line(FILE *fh, const char *line, unsigned int depth) {
  char *words[PARSER_MAX_ARGS];
  const char *why = NULL;
  int nwords;

  nwords = host_parser_split(parse_pool, line, words, PARSER_MAX_ARGS, &why);
  if (nwords < 0 || why != NULL) {
    host_parser_fatal("%s", why);
    return -1;
  }
  if (nwords == 0) {
    return 0;
  }

  if (words[0][0] == '<') {
    return parser_section(fh, words, nwords);
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
  FILE *fh, *saved_fh;
  char *line = NULL, *buf = NULL;
  size_t linesz = 0, bufsz = 0;
  ssize_t len;
  int res = 0;

  {
    /* Opened without blocking (a FIFO with no writer would hang), then
     * refused unless it is a regular file: a device such as /dev/zero
     * would be read for ever.
     */
    struct stat st;
    int fd;

    host_progress_push("reading %s", path);
    fd = open(path, O_RDONLY|O_NONBLOCK|O_CLOEXEC);
    host_progress_pop();
    memset(&st, 0, sizeof(st));
    if (fd < 0) {
      host_log_msg("fatal: unable to open configuration file '%s': %s", path,
        strerror(errno));
      return -1;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
      int xerrno = errno;

      host_log_msg("fatal: unable to use configuration file '%s': %s (only "
        "regular files are read; Include a directory to read its files)",
        path, S_ISREG(st.st_mode) ? strerror(xerrno) :
        parser_file_kind(st.st_mode));
      close(fd);
      return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    fh = fdopen(fd, "r");
    if (fh == NULL) {
      host_log_msg("fatal: unable to open configuration file '%s': %s", path,
        strerror(errno));
      close(fd);
      return -1;
    }
  }
  curr_file = pstrdup(parse_pool, path);
  curr_line = 0;
  saved_fh = curr_fh;
  curr_fh = fh;

  while ((len = getline(&line, &linesz, fh)) >= 0) {
    const char *cp;
    size_t l;

    curr_line++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
      line[--len] = '\0';
    }
    cp = line;
    while (*cp && PR_ISSPACE(*cp)) {
      cp++;
    }
    if (buf == NULL && (*cp == '\0' || *cp == '#')) {
      continue;
    }
    if (buf != NULL && *cp == '#' && len > 0 && line[len - 1] == '\\') {
      /* A continued comment inside a continued line is dropped, as
       * proftpd's pr_fsio_getline() does.
       */
      continue;
    }

    /* Accumulate continued lines ("\" at the end): as proftpd, the next
     * line follows directly, its leading blanks kept.
     */
    if (buf != NULL) {
      cp = line;
    }
    l = strlen(cp);
    buf = realloc(buf, bufsz + l + 2);
    if (buf == NULL) {
      res = -1;
      break;
    }
    memcpy(buf + bufsz, cp, l);
    bufsz += l;
    buf[bufsz] = '\0';
    if (bufsz > 0 && buf[bufsz - 1] == '\\') {
      buf[--bufsz] = '\0';
      continue;
    }

    /* As proftpd, a continued directive is on its last line. */
    res = parser_line(fh, buf, depth);
    free(buf);
    buf = NULL;
    bufsz = 0;
    if (res < 0) {
      break;
    }
  }

  if (res == 0 && ferror(fh)) {
    host_log_msg("fatal: error reading configuration file '%s' after line "
      "%u: %s", path, curr_line, strerror(errno));
    res = -1;
  }
  if (res == 0 && buf != NULL) {
    res = parser_line(fh, buf, depth);
  }
  free(buf);
  free(line);
  curr_fh = saved_fh;
  fclose(fh);
  return res;
}

int host_parse_config(const char *path) {
  int res;

  host_parser_stacks_reset();
  host_trace_reset();		/* a restart reopens TraceLog, as proftpd */
  host_servers_reset();
  if (parse_pool != NULL) {
    destroy_pool(parse_pool);
  }
  parse_pool = make_sub_pool(permanent_pool);
  pr_pool_tag(parse_pool, "parser pool");
  host_sections_reset();

  main_server = host_server_new("prxs shim", CONF_ROOT);
  pr_parser_prepare(NULL, NULL);
  host_config_path = pstrdup(parse_pool, path);

  res = host_parse_file(path, 0);
  if (res == 0 && host_sections_check_closed() < 0) {
    res = -1;
  }
  if (res == 0 && pr_parser_cleanup() < 0) {
    /* A module's section (mod_ifsession's <IfUser>) left open. */
    host_log_msg("fatal: error processing configuration file '%s': "
      "unclosed configuration section", path);
    res = -1;
  }
  host_parser_stacks_reset();
  if (res == 0) {
    host_config_merge_global();
  }
  curr_file = NULL;
  curr_line = 0;
  if (res == 0) {
    pr_event_generate("core.postparse", NULL);
  }
  return res;
}
