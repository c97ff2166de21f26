/*
 * prxs shim host: JSON objects and arrays (json.h), with our own small
 * parser and printer.  What a module sees is ProFTPD 1.3.8's behaviour:
 *  - text in: strict RFC 8259 grammar, UTF-8 validated, "\u0000" refused,
 *    containers nested at most 17 deep (deeper text is invalid), whitespace
 *    is space, tab, CR, LF only;
 *  - text out: compact with no spaces when the indent is "", else one member
 *    or element a line, `"key": value`; numbers as "%.16g" (a non-finite
 *    number prints as null); control characters below 0x1f as \u00XX in
 *    upper-case hex, the usual two-character escapes for \b \f \n \r \t;
 *  - setting a member appends it (a key set twice appears twice, and the
 *    first one is what a get finds); an object or array set into another is
 *    linked, not copied, and freeing it takes it out of its parent again;
 *  - what get and foreach hand out is a fresh copy made through the text
 *    form, which the caller (or foreach, after the callback) frees.
 * Nodes are malloc'd (freed by pr_json_*_free and remove), the handles live
 * in a sub-pool of the caller's pool.
 */

#include "host.h"
#include "json.h"

#define JSON_MAX_DEPTH	16

struct json_node {
  struct json_node *parent, *next, *prev;
  struct json_node *head, *tail;	/* children of arrays and objects */
  char *key;				/* member name, in an object */
  int type;				/* PR_JSON_TYPE_* */
  int bool_val;
  double num_val;
  char *str_val;
};

struct json_list_st {
  pool *pool;
  struct json_node *node;
  unsigned int item_count;
};

struct json_obj_st {
  pool *pool;
  struct json_node *node;
  unsigned int member_count;
};

static const char *trace_channel = "json";

/* Nodes */

static void json_oom(void) {
  pr_log_pri(PR_LOG_ALERT, "%s", "Out of memory!");
  exit(1);
}

static struct json_node *node_new(int type) {
  struct json_node *n;

  n = calloc(1, sizeof(struct json_node));
  if (n == NULL) {
    json_oom();
  }
  n->type = type;
  return n;
}

static void node_unlink(struct json_node *n) {
  struct json_node *parent = n->parent;

  if (parent == NULL) {
    return;
  }
  if (n->prev != NULL) {
    n->prev->next = n->next;
  } else {
    parent->head = n->next;
  }
  if (n->next != NULL) {
    n->next->prev = n->prev;
  } else {
    parent->tail = n->prev;
  }
  free(n->key);
  n->key = NULL;
  n->parent = n->next = n->prev = NULL;
}

static void node_free(struct json_node *n) {
  struct json_node *c, *next;

  if (n == NULL) {
    return;
  }
  node_unlink(n);
  for (c = n->head; c != NULL; c = next) {
    next = c->next;
    c->parent = NULL;
    free(c->key);
    c->key = NULL;
    node_free(c);
  }
  free(n->str_val);
  free(n);
}

static void node_append(struct json_node *parent, struct json_node *n,
    const char *key) {
  if (n->parent != NULL) {
    node_unlink(n);
  }
  if (key != NULL) {
    n->key = strdup(key);
    if (n->key == NULL) {
      json_oom();
    }
  }
  n->parent = parent;
  n->next = NULL;
  n->prev = parent->tail;
  if (parent->tail != NULL) {
    parent->tail->next = n;
  } else {
    parent->head = n;
  }
  parent->tail = n;
}

static unsigned int node_count(const struct json_node *n) {
  unsigned int count = 0;
  const struct json_node *c;

  for (c = n != NULL ? n->head : NULL; c != NULL; c = c->next) {
    count++;
  }
  return count;
}

static struct json_node *node_member(const struct json_node *obj,
    const char *key) {
  struct json_node *c;

  if (obj == NULL || obj->type != PR_JSON_TYPE_OBJECT) {
    return NULL;
  }
  for (c = obj->head; c != NULL; c = c->next) {
    if (strcmp(c->key, key) == 0) {
      return c;
    }
  }
  return NULL;
}

static struct json_node *node_item(const struct json_node *arr,
    unsigned int idx) {
  struct json_node *c;
  unsigned int i = 0;

  if (arr == NULL || arr->type != PR_JSON_TYPE_ARRAY) {
    return NULL;
  }
  for (c = arr->head; c != NULL; c = c->next, i++) {
    if (i == idx) {
      return c;
    }
  }
  return NULL;
}

/* A growing text buffer */

struct json_buf {
  char *data;
  size_t len, size;
};

static void buf_add(struct json_buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->size) {
    size_t size = b->size ? b->size : 64;
    char *data;

    while (b->len + n + 1 > size) {
      size *= 2;
    }
    data = realloc(b->data, size);
    if (data == NULL) {
      json_oom();
    }
    b->data = data;
    b->size = size;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void buf_str(struct json_buf *b, const char *s) {
  buf_add(b, s, strlen(s));
}

/* UTF-8: the length of the valid sequence at s (1-4), or 0.  RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF.
 */
static int utf8_len(const unsigned char *s) {
  unsigned char c = s[0];
  int len, i;

  if (c < 0x80) {
    return 1;
  }
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f)) {
      return 0;
    }
    len = 3;
  } else if (c >= 0xf0 && c <= 0xf4) {
    if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f)) {
      return 0;
    }
    len = 4;
  } else {
    return 0;
  }
  for (i = 1; i < len; i++) {
    if ((s[i] & 0xc0) != 0x80) {
      return 0;
    }
  }
  return len;
}

/* Printing */

static void emit_string(struct json_buf *b, const char *str) {
  const unsigned char *s = (const unsigned char *) str;

  buf_add(b, "\"", 1);
  while (*s != '\0') {
    const char *esc = NULL;
    int len;

    switch (*s) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\b': esc = "\\b"; break;
      case '\f': esc = "\\f"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      default: break;
    }
    if (esc != NULL) {
      buf_str(b, esc);
      s++;
      continue;
    }

    len = utf8_len(s);
    if (len == 0) {
      /* Not UTF-8: U+FFFD in its place, one byte skipped. */
      buf_str(b, "\xef\xbf\xbd");
      s++;

    } else if (*s < 0x1f) {
      char hex[8];

      snprintf(hex, sizeof(hex), "\\u%04X", (unsigned int) *s);
      buf_str(b, hex);
      s++;

    } else {
      buf_add(b, (const char *) s, len);
      s += len;
    }
  }
  buf_add(b, "\"", 1);
}

static int number_text_ok(const char *s);

static void emit_number(struct json_buf *b, double num) {
  char text[64];

  snprintf(text, sizeof(text), "%.16g", num);
  buf_str(b, number_text_ok(text) ? text : "null");
}

static void emit_indent(struct json_buf *b, const char *space, int level) {
  int i;

  for (i = 0; i < level; i++) {
    buf_str(b, space);
  }
}

static void emit_node(struct json_buf *b, const struct json_node *n,
    const char *space, int level) {
  const struct json_node *c;
  int is_obj;

  switch (n->type) {
    case PR_JSON_TYPE_NULL:
      buf_str(b, "null");
      return;

    case PR_JSON_TYPE_BOOL:
      buf_str(b, n->bool_val ? "true" : "false");
      return;

    case PR_JSON_TYPE_STRING:
      emit_string(b, n->str_val);
      return;

    case PR_JSON_TYPE_NUMBER:
      emit_number(b, n->num_val);
      return;

    default:
      break;
  }

  is_obj = (n->type == PR_JSON_TYPE_OBJECT);
  if (space != NULL && n->head == NULL) {
    buf_str(b, is_obj ? "{}" : "[]");
    return;
  }

  buf_str(b, is_obj ? "{" : "[");
  if (space != NULL) {
    buf_str(b, "\n");
  }
  for (c = n->head; c != NULL; c = c->next) {
    if (space != NULL) {
      emit_indent(b, space, level + 1);
    }
    if (is_obj) {
      emit_string(b, c->key);
      buf_str(b, space != NULL ? ": " : ":");
    }
    emit_node(b, c, space, level + 1);
    if (c->next != NULL) {
      buf_str(b, ",");
    }
    if (space != NULL) {
      buf_str(b, "\n");
    }
  }
  if (space != NULL) {
    emit_indent(b, space, level);
  }
  buf_str(b, is_obj ? "}" : "]");
}

static char *node_to_text(pool *p, const struct json_node *n,
    const char *indent) {
  struct json_buf b = { NULL, 0, 0 };
  char *text;

  emit_node(&b, n, indent, 0);
  text = pstrdup(p, b.data != NULL ? b.data : "");
  free(b.data);
  return text;
}

/* Parsing.  With out == NULL the functions only validate. */

static void skip_ws(const char **sp) {
  while (**sp == ' ' || **sp == '\t' || **sp == '\n' || **sp == '\r') {
    (*sp)++;
  }
}

static int parse_number(const char **sp, double *out) {
  const char *s = *sp;

  if (*s == '-') {
    s++;
  }
  if (*s == '0') {
    s++;
  } else if (*s >= '1' && *s <= '9') {
    while (isdigit((unsigned char) *s)) {
      s++;
    }
  } else {
    return FALSE;
  }
  if (*s == '.') {
    s++;
    if (!isdigit((unsigned char) *s)) {
      return FALSE;
    }
    while (isdigit((unsigned char) *s)) {
      s++;
    }
  }
  if (*s == 'e' || *s == 'E') {
    s++;
    if (*s == '+' || *s == '-') {
      s++;
    }
    if (!isdigit((unsigned char) *s)) {
      return FALSE;
    }
    while (isdigit((unsigned char) *s)) {
      s++;
    }
  }
  if (out != NULL) {
    *out = strtod(*sp, NULL);
  }
  *sp = s;
  return TRUE;
}

static int number_text_ok(const char *s) {
  return parse_number(&s, NULL) && *s == '\0';
}

static int parse_hex4(const char **sp, unsigned int *out) {
  unsigned int v = 0;
  int i;

  for (i = 0; i < 4; i++) {
    char c = (*sp)[i];

    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= (unsigned int) (c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= (unsigned int) (c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= (unsigned int) (c - 'A' + 10);
    } else {
      return FALSE;
    }
  }
  *sp += 4;
  *out = v;
  return TRUE;
}

static void buf_utf8(struct json_buf *b, unsigned int cp) {
  char u[4];
  size_t n;

  if (cp < 0x80) {
    u[0] = (char) cp;
    n = 1;
  } else if (cp < 0x800) {
    u[0] = (char) (0xc0 | (cp >> 6));
    u[1] = (char) (0x80 | (cp & 0x3f));
    n = 2;
  } else if (cp < 0x10000) {
    u[0] = (char) (0xe0 | (cp >> 12));
    u[1] = (char) (0x80 | ((cp >> 6) & 0x3f));
    u[2] = (char) (0x80 | (cp & 0x3f));
    n = 3;
  } else {
    u[0] = (char) (0xf0 | (cp >> 18));
    u[1] = (char) (0x80 | ((cp >> 12) & 0x3f));
    u[2] = (char) (0x80 | ((cp >> 6) & 0x3f));
    u[3] = (char) (0x80 | (cp & 0x3f));
    n = 4;
  }
  buf_add(b, u, n);
}

static int parse_string(const char **sp, char **out) {
  const char *s = *sp;
  struct json_buf b = { NULL, 0, 0 };

  if (*s++ != '"') {
    return FALSE;
  }
  buf_add(&b, "", 0);

  while (*s != '"') {
    unsigned char c = (unsigned char) *s;

    if (c == '\\') {
      char e = s[1];
      unsigned int cp, lo;

      s += 2;
      switch (e) {
        case '"': case '\\': case '/':
          buf_add(&b, &e, 1);
          break;
        case 'b': buf_add(&b, "\b", 1); break;
        case 'f': buf_add(&b, "\f", 1); break;
        case 'n': buf_add(&b, "\n", 1); break;
        case 'r': buf_add(&b, "\r", 1); break;
        case 't': buf_add(&b, "\t", 1); break;
        case 'u':
          if (!parse_hex4(&s, &cp)) {
            goto fail;
          }
          if (cp >= 0xd800 && cp <= 0xdfff) {
            /* A surrogate pair: high then low, both escaped. */
            if (cp > 0xdbff || s[0] != '\\' || s[1] != 'u') {
              goto fail;
            }
            s += 2;
            if (!parse_hex4(&s, &lo) || lo < 0xdc00 || lo > 0xdfff) {
              goto fail;
            }
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          } else if (cp == 0) {
            goto fail;
          }
          buf_utf8(&b, cp);
          break;
        default:
          goto fail;
      }

    } else if (c <= 0x1f) {
      /* Also the end of the text: an unterminated string. */
      goto fail;

    } else {
      int len = utf8_len((const unsigned char *) s);

      if (len == 0) {
        goto fail;
      }
      buf_add(&b, s, len);
      s += len;
    }
  }
  s++;

  if (out != NULL) {
    *out = b.data;
  } else {
    free(b.data);
  }
  *sp = s;
  return TRUE;

fail:
  free(b.data);
  return FALSE;
}

static int parse_value(const char **sp, struct json_node **out,
    unsigned int depth);

static int parse_container(const char **sp, struct json_node **out,
    unsigned int depth, int is_obj) {
  const char *s = *sp;
  struct json_node *n = NULL;
  char close = is_obj ? '}' : ']';

  if (out != NULL) {
    n = node_new(is_obj ? PR_JSON_TYPE_OBJECT : PR_JSON_TYPE_ARRAY);
  }
  s++;
  skip_ws(&s);
  if (*s == close) {
    s++;
    goto done;
  }

  for (;;) {
    char *key = NULL;
    struct json_node *child = NULL;

    if (is_obj) {
      if (!parse_string(&s, out != NULL ? &key : NULL)) {
        goto fail;
      }
      skip_ws(&s);
      if (*s++ != ':') {
        free(key);
        goto fail;
      }
      skip_ws(&s);
    }
    if (!parse_value(&s, out != NULL ? &child : NULL, depth + 1)) {
      free(key);
      goto fail;
    }
    if (n != NULL) {
      node_append(n, child, NULL);
      child->key = key;
    }
    skip_ws(&s);
    if (*s == close) {
      s++;
      break;
    }
    if (*s++ != ',') {
      goto fail;
    }
    skip_ws(&s);
  }

done:
  if (out != NULL) {
    *out = n;
  }
  *sp = s;
  return TRUE;

fail:
  node_free(n);
  return FALSE;
}

static int parse_value(const char **sp, struct json_node **out,
    unsigned int depth) {
  const char *s = *sp;

  if (depth > JSON_MAX_DEPTH) {
    return FALSE;
  }

  switch (*s) {
    case 'n':
    case 't':
    case 'f': {
      const char *lit = (*s == 'n') ? "null" : (*s == 't') ? "true" : "false";
      size_t len = strlen(lit);

      if (strncmp(s, lit, len) != 0) {
        return FALSE;
      }
      if (out != NULL) {
        if (*s == 'n') {
          *out = node_new(PR_JSON_TYPE_NULL);
        } else {
          *out = node_new(PR_JSON_TYPE_BOOL);
          (*out)->bool_val = (*s == 't');
        }
      }
      *sp = s + len;
      return TRUE;
    }

    case '"': {
      char *str = NULL;

      if (!parse_string(&s, out != NULL ? &str : NULL)) {
        return FALSE;
      }
      if (out != NULL) {
        *out = node_new(PR_JSON_TYPE_STRING);
        (*out)->str_val = str;
      }
      *sp = s;
      return TRUE;
    }

    case '[':
    case '{':
      return parse_container(sp, out, depth, *s == '{');

    default: {
      double num;

      if (!parse_number(&s, out != NULL ? &num : NULL)) {
        return FALSE;
      }
      if (out != NULL) {
        *out = node_new(PR_JSON_TYPE_NUMBER);
        (*out)->num_val = num;
      }
      *sp = s;
      return TRUE;
    }
  }
}

/* The whole text: one value, nothing but whitespace around it. */
static int parse_text(const char *text, struct json_node **out) {
  const char *s = text;
  struct json_node *n = NULL;

  skip_ws(&s);
  if (!parse_value(&s, out != NULL ? &n : NULL, 0)) {
    return FALSE;
  }
  skip_ws(&s);
  if (*s != '\0') {
    node_free(n);
    return FALSE;
  }
  if (out != NULL) {
    *out = n;
  }
  return TRUE;
}

/* A deep copy, through the text form as ProFTPD's does (so a number comes
 * back as its "%.16g" text reads).
 */
static struct json_node *node_copy(const struct json_node *n) {
  struct json_buf b = { NULL, 0, 0 };
  struct json_node *copy = NULL;

  emit_node(&b, n, NULL, 0);
  if (b.data == NULL || parse_text(b.data, &copy) == FALSE) {
    copy = node_new(n->type);
  }
  free(b.data);
  return copy;
}

/* Handles */

static pr_json_object_t *object_new(pool *p, struct json_node *n) {
  pool *sub_pool;
  pr_json_object_t *json;

  sub_pool = make_sub_pool(p);
  pr_pool_tag(sub_pool, "JSON Object Pool");
  json = pcalloc(sub_pool, sizeof(pr_json_object_t));
  json->pool = sub_pool;
  json->node = n;
  json->member_count = node_count(n);
  return json;
}

static pr_json_array_t *array_new(pool *p, struct json_node *n) {
  pool *sub_pool;
  pr_json_array_t *json;

  sub_pool = make_sub_pool(p);
  pr_pool_tag(sub_pool, "JSON Array Pool");
  json = pcalloc(sub_pool, sizeof(pr_json_array_t));
  json->pool = sub_pool;
  json->node = n;
  json->item_count = node_count(n);
  return json;
}

/* The value of node n for a get (val points to the caller's variable). */
static int node_get(pool *p, const struct json_node *n, int type, void *val) {
  if (n == NULL) {
    errno = ENOENT;
    return -1;
  }
  if (n->type != type) {
    errno = EEXIST;
    return -1;
  }

  switch (type) {
    case PR_JSON_TYPE_BOOL:
      *((int *) val) = n->bool_val;
      break;

    case PR_JSON_TYPE_NUMBER:
      *((double *) val) = n->num_val;
      break;

    case PR_JSON_TYPE_STRING:
      *((char **) val) = pstrdup(p, n->str_val);
      break;

    case PR_JSON_TYPE_ARRAY:
      *((pr_json_array_t **) val) = array_new(p, node_copy(n));
      break;

    case PR_JSON_TYPE_OBJECT:
      *((pr_json_object_t **) val) = object_new(p, node_copy(n));
      break;

    default:
      break;
  }
  return 0;
}

/* A new node for a set or an append; objects and arrays are linked. */
static struct json_node *node_for(int type, const void *val) {
  struct json_node *n;

  switch (type) {
    case PR_JSON_TYPE_ARRAY:
      return ((const pr_json_array_t *) val)->node;

    case PR_JSON_TYPE_OBJECT:
      return ((const pr_json_object_t *) val)->node;

    default:
      break;
  }

  n = node_new(type);
  switch (type) {
    case PR_JSON_TYPE_BOOL:
      n->bool_val = *((const int *) val);
      break;

    case PR_JSON_TYPE_NUMBER:
      n->num_val = *((const double *) val);
      break;

    case PR_JSON_TYPE_STRING:
      n->str_val = strdup((const char *) val);
      if (n->str_val == NULL) {
        json_oom();
      }
      break;

    default:
      break;
  }
  return n;
}

/* foreach: the value and its size as ProFTPD hands them to the callback. */
static const void *foreach_val(pool *p, struct json_node *n, size_t *valsz) {
  *valsz = 0;

  switch (n->type) {
    case PR_JSON_TYPE_BOOL:
      *valsz = sizeof(n->bool_val);
      return &(n->bool_val);

    case PR_JSON_TYPE_NUMBER:
      *valsz = sizeof(n->num_val);
      return &(n->num_val);

    case PR_JSON_TYPE_STRING:
      *valsz = strlen(n->str_val);
      return n->str_val;

    case PR_JSON_TYPE_ARRAY:
      return array_new(p, node_copy(n));

    case PR_JSON_TYPE_OBJECT:
      return object_new(p, node_copy(n));

    default:
      return NULL;
  }
}

static void foreach_done(int type, const void *val) {
  if (type == PR_JSON_TYPE_ARRAY) {
    pr_json_array_free((pr_json_array_t *) val);
  } else if (type == PR_JSON_TYPE_OBJECT) {
    pr_json_object_free((pr_json_object_t *) val);
  }
}

/* JSON objects */

/* The text's value when it is of the type wanted (pr_json_*_from_text):
 * EPERM for text that is no JSON, EEXIST for another type, as proftpd. */
static struct json_node *node_from_text(pool *p, const char *text, int type) {
  struct json_node *n = NULL;

  if (p == NULL || text == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (parse_text(text, &n) == FALSE) {
    pr_trace_msg(trace_channel, 9, "unable to parse invalid JSON text '%s'",
      text);
    errno = EPERM;
    return NULL;
  }
  if (n->type != type) {
    node_free(n);
    pr_trace_msg(trace_channel, 9, "JSON text '%s' is not a JSON %s", text,
      type == PR_JSON_TYPE_OBJECT ? "object" : "array");
    errno = EEXIST;
    return NULL;
  }
  return n;
}


pr_json_object_t *pr_json_object_alloc(pool *p) {
  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return object_new(p, node_new(PR_JSON_TYPE_OBJECT));
}

int pr_json_object_free(pr_json_object_t *json) {
  if (json == NULL) {
    errno = EINVAL;
    return -1;
  }
  node_free(json->node);
  json->node = NULL;
  destroy_pool(json->pool);
  return 0;
}

pr_json_object_t *pr_json_object_from_text(pool *p, const char *text) {
  struct json_node *n = node_from_text(p, text, PR_JSON_TYPE_OBJECT);

  return n != NULL ? object_new(p, n) : NULL;
}

char *pr_json_object_to_text(pool *p, const pr_json_object_t *json,
    const char *indent) {
  if (json == NULL || p == NULL || indent == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return node_to_text(p, json->node, *indent != '\0' ? indent : NULL);
}

int pr_json_object_count(const pr_json_object_t *json) {
  if (json == NULL) {
    errno = EINVAL;
    return -1;
  }
  return (int) json->member_count;
}

int pr_json_object_remove(pr_json_object_t *json, const char *key) {
  struct json_node *n;

  if (json == NULL || key == NULL) {
    errno = EINVAL;
    return -1;
  }
  n = node_member(json->node, key);
  if (n != NULL) {
    node_free(n);
    if (json->member_count > 0) {
      json->member_count--;
    }
  }
  return 0;
}

int pr_json_object_exists(const pr_json_object_t *json, const char *key) {
  if (json == NULL || key == NULL) {
    errno = EINVAL;
    return -1;
  }
  return node_member(json->node, key) != NULL ? TRUE : FALSE;
}

int pr_json_object_foreach(pool *p, const pr_json_object_t *json,
    int (*cb)(const char *, int, const void *, size_t, void *),
    void *user_data) {
  struct json_node *n;

  if (p == NULL || json == NULL || cb == NULL) {
    errno = EINVAL;
    return -1;
  }

  for (n = json->node->head; n != NULL; n = n->next) {
    const void *val;
    size_t valsz;
    int res, xerrno;

    pr_signals_handle();
    val = foreach_val(p, n, &valsz);
    res = (cb)(n->key, n->type, val, valsz, user_data);
    xerrno = errno;
    foreach_done(n->type, val);
    if (res < 0) {
      errno = xerrno;
      return -1;
    }
  }
  return 0;
}

static int object_get(pool *p, const pr_json_object_t *json, const char *key,
    int type, void *val) {
  if (p == NULL || json == NULL || key == NULL ||
      (type != PR_JSON_TYPE_NULL && val == NULL)) {
    errno = EINVAL;
    return -1;
  }
  return node_get(p, node_member(json->node, key), type, val);
}

static int object_set(pool *p, pr_json_object_t *json, const char *key,
    int type, const void *val) {
  if (p == NULL || json == NULL || key == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (val == NULL && type != PR_JSON_TYPE_NULL) {
    errno = EINVAL;
    return -1;
  }
  node_append(json->node, node_for(type, val), key);
  json->member_count++;
  return 0;
}

int pr_json_object_get_bool(pool *p, const pr_json_object_t *json,
    const char *key, int *val) {
  return object_get(p, json, key, PR_JSON_TYPE_BOOL, val);
}

int pr_json_object_set_bool(pool *p, pr_json_object_t *json, const char *key,
    int val) {
  return object_set(p, json, key, PR_JSON_TYPE_BOOL, &val);
}

int pr_json_object_get_null(pool *p, const pr_json_object_t *json,
    const char *key) {
  return object_get(p, json, key, PR_JSON_TYPE_NULL, NULL);
}

int pr_json_object_set_null(pool *p, pr_json_object_t *json, const char *key) {
  return object_set(p, json, key, PR_JSON_TYPE_NULL, NULL);
}

int pr_json_object_get_number(pool *p, const pr_json_object_t *json,
    const char *key, double *val) {
  return object_get(p, json, key, PR_JSON_TYPE_NUMBER, val);
}

int pr_json_object_set_number(pool *p, pr_json_object_t *json, const char *key,
    double val) {
  return object_set(p, json, key, PR_JSON_TYPE_NUMBER, &val);
}

int pr_json_object_get_string(pool *p, const pr_json_object_t *json,
    const char *key, char **val) {
  return object_get(p, json, key, PR_JSON_TYPE_STRING, val);
}

int pr_json_object_set_string(pool *p, pr_json_object_t *json, const char *key,
    const char *val) {
  return object_set(p, json, key, PR_JSON_TYPE_STRING, val);
}

int pr_json_object_get_array(pool *p, const pr_json_object_t *json,
    const char *key, pr_json_array_t **val) {
  return object_get(p, json, key, PR_JSON_TYPE_ARRAY, val);
}

int pr_json_object_set_array(pool *p, pr_json_object_t *json, const char *key,
    const pr_json_array_t *val) {
  return object_set(p, json, key, PR_JSON_TYPE_ARRAY, val);
}

int pr_json_object_get_object(pool *p, const pr_json_object_t *json,
    const char *key, pr_json_object_t **val) {
  return object_get(p, json, key, PR_JSON_TYPE_OBJECT, val);
}

int pr_json_object_set_object(pool *p, pr_json_object_t *json, const char *key,
    const pr_json_object_t *val) {
  return object_set(p, json, key, PR_JSON_TYPE_OBJECT, val);
}

/* JSON arrays */

pr_json_array_t *pr_json_array_alloc(pool *p) {
  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return array_new(p, node_new(PR_JSON_TYPE_ARRAY));
}

int pr_json_array_free(pr_json_array_t *json) {
  if (json == NULL) {
    errno = EINVAL;
    return -1;
  }
  node_free(json->node);
  json->node = NULL;
  destroy_pool(json->pool);
  return 0;
}

pr_json_array_t *pr_json_array_from_text(pool *p, const char *text) {
  struct json_node *n = node_from_text(p, text, PR_JSON_TYPE_ARRAY);

  return n != NULL ? array_new(p, n) : NULL;
}

char *pr_json_array_to_text(pool *p, const pr_json_array_t *json,
    const char *indent) {
  if (json == NULL || p == NULL || indent == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return node_to_text(p, json->node, *indent != '\0' ? indent : NULL);
}

int pr_json_array_count(const pr_json_array_t *json) {
  if (json == NULL) {
    errno = EINVAL;
    return -1;
  }
  return (int) json->item_count;
}

int pr_json_array_remove(pr_json_array_t *json, unsigned int idx) {
  struct json_node *n;

  if (json == NULL) {
    errno = EINVAL;
    return -1;
  }
  n = node_item(json->node, idx);
  if (n != NULL) {
    node_free(n);
    if (json->item_count > 0) {
      json->item_count--;
    }
  }
  return 0;
}

int pr_json_array_exists(const pr_json_array_t *json, unsigned int idx) {
  if (json == NULL) {
    errno = EINVAL;
    return -1;
  }
  return node_item(json->node, idx) != NULL ? TRUE : FALSE;
}

int pr_json_array_foreach(pool *p, const pr_json_array_t *json,
    int (*cb)(int, const void *, size_t, void *), void *user_data) {
  struct json_node *n;

  if (p == NULL || json == NULL || cb == NULL) {
    errno = EINVAL;
    return -1;
  }

  for (n = json->node->head; n != NULL; n = n->next) {
    const void *val;
    size_t valsz;
    int res, xerrno;

    pr_signals_handle();
    val = foreach_val(p, n, &valsz);
    res = (cb)(n->type, val, valsz, user_data);
    xerrno = errno;
    foreach_done(n->type, val);
    if (res < 0) {
      errno = xerrno;
      return -1;
    }
  }
  return 0;
}

static int array_get(pool *p, const pr_json_array_t *json, unsigned int idx,
    int type, void *val) {
  if (p == NULL || json == NULL ||
      (type != PR_JSON_TYPE_NULL && val == NULL)) {
    errno = EINVAL;
    return -1;
  }
  return node_get(p, node_item(json->node, idx), type, val);
}

static int array_append(pool *p, pr_json_array_t *json, int type,
    const void *val) {
  if (p == NULL || json == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (val == NULL && type != PR_JSON_TYPE_NULL) {
    errno = EINVAL;
    return -1;
  }
  node_append(json->node, node_for(type, val), NULL);
  json->item_count++;
  return 0;
}

int pr_json_array_append_bool(pool *p, pr_json_array_t *json, int val) {
  return array_append(p, json, PR_JSON_TYPE_BOOL, &val);
}

int pr_json_array_get_bool(pool *p, const pr_json_array_t *json,
    unsigned int idx, int *val) {
  return array_get(p, json, idx, PR_JSON_TYPE_BOOL, val);
}

int pr_json_array_append_null(pool *p, pr_json_array_t *json) {
  return array_append(p, json, PR_JSON_TYPE_NULL, NULL);
}

int pr_json_array_get_null(pool *p, const pr_json_array_t *json,
    unsigned int idx) {
  return array_get(p, json, idx, PR_JSON_TYPE_NULL, NULL);
}

int pr_json_array_append_number(pool *p, pr_json_array_t *json, double val) {
  return array_append(p, json, PR_JSON_TYPE_NUMBER, &val);
}

int pr_json_array_get_number(pool *p, const pr_json_array_t *json,
    unsigned int idx, double *val) {
  return array_get(p, json, idx, PR_JSON_TYPE_NUMBER, val);
}

int pr_json_array_append_string(pool *p, pr_json_array_t *json,
    const char *val) {
  return array_append(p, json, PR_JSON_TYPE_STRING, val);
}

int pr_json_array_get_string(pool *p, const pr_json_array_t *json,
    unsigned int idx, char **val) {
  return array_get(p, json, idx, PR_JSON_TYPE_STRING, val);
}

int pr_json_array_append_array(pool *p, pr_json_array_t *json,
    const pr_json_array_t *val) {
  return array_append(p, json, PR_JSON_TYPE_ARRAY, val);
}

int pr_json_array_get_array(pool *p, const pr_json_array_t *json,
    unsigned int idx, pr_json_array_t **val) {
  return array_get(p, json, idx, PR_JSON_TYPE_ARRAY, val);
}

int pr_json_array_append_object(pool *p, pr_json_array_t *json,
    const pr_json_object_t *val) {
  return array_append(p, json, PR_JSON_TYPE_OBJECT, val);
}

int pr_json_array_get_object(pool *p, const pr_json_array_t *json,
    unsigned int idx, pr_json_object_t **val) {
  return array_get(p, json, idx, PR_JSON_TYPE_OBJECT, val);
}

/* Helpers */

int pr_json_text_validate(pool *p, const char *text) {
  if (p == NULL || text == NULL) {
    errno = EINVAL;
    return -1;
  }
  return parse_text(text, NULL);
}

const char *pr_json_type_name(unsigned int json_type) {
  switch (json_type) {
    case PR_JSON_TYPE_BOOL: return "boolean";
    case PR_JSON_TYPE_NUMBER: return "number";
    case PR_JSON_TYPE_NULL: return "null";
    case PR_JSON_TYPE_STRING: return "string";
    case PR_JSON_TYPE_ARRAY: return "array";
    case PR_JSON_TYPE_OBJECT: return "object";
    default:
      errno = EINVAL;
      return NULL;
  }
}

int init_json(void) {
  return 0;
}

int finish_json(void) {
  return 0;
}
