/*
 * mod_apidata: exercises ProFTPD's JSON (json.h), LogFormat jotting (jot.h)
 * and memcache/redis client entry points on request, replying with what
 * they returned, so the shim and the real server can be compared on the same
 * calls (tests/e2e/test_api_data.py).
 *
 *   SITE APIDATA JSON <text>         object/array from text, back to text
 *   SITE APIDATA BUILD               objects built member by member
 *   SITE APIDATA ARRAY               arrays: from text, get, remove, foreach
 *   SITE APIDATA VALID               pr_json_text_validate on edge cases
 *   SITE APIDATA JOT <flags> <fmt>   parse <fmt>, resolve it for this command
 *   SITE APIDATA FILTER <type> <rules>  pr_jot_filters_create, then resolve
 *   SITE APIDATA IDS                 pr_jot_get_logfmt_id_name, 0..255
 *   SITE APIDATA MEMCACHE            memcache with no server configured
 *   SITE APIDATA REDIS               redis with none, then one not answering
 *
 * Replies are "200 <OP> ..."; newlines in texts are shown as '|', other
 * bytes below 0x20 and above 0x7e as \xHH; errno as a number.
 */

#include "conf.h"
#include "jot.h"

#define MOD_APIDATA_VERSION	"mod_apidata/0.1"

module apidata_module;

/* The text after the first n words of cmd->arg. */
static const char *rest_of(cmd_rec *cmd, int n) {
  const char *s = cmd->arg;

  while (n-- > 0) {
    while (*s && *s != ' ') {
      s++;
    }
    while (*s == ' ') {
      s++;
    }
  }
  return s;
}

static char *show(pool *p, const char *s, size_t len) {
  char *out, *o;
  size_t i;

  if (s == NULL) {
    return "(null)";
  }
  out = o = palloc(p, len * 4 + 1);
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char) s[i];

    if (c == '\n') {
      *o++ = '|';
    } else if (c < 0x20 || c > 0x7e) {
      sprintf(o, "\\x%02X", c);
      o += 4;
    } else {
      *o++ = (char) c;
    }
  }
  *o = '\0';
  return out;
}

static char *shows(pool *p, const char *s) {
  return show(p, s, s ? strlen(s) : 0);
}

/* Accumulates "key:type:size" for foreach. */
static int on_member(const char *key, int type, const void *val, size_t valsz,
    void *data) {
  char **acc = data;
  pool *p = session.pool;
  char buf[64];

  snprintf(buf, sizeof(buf), ":%s:%lu", pr_json_type_name(type),
    (unsigned long) valsz);
  *acc = pstrcat(p, *acc, **acc ? "," : "", key, buf, NULL);
  if (type == PR_JSON_TYPE_OBJECT) {
    *acc = pstrcat(p, *acc, "=", pr_json_object_to_text(p, val, ""), NULL);
  }
  return strcmp(key, "stop") == 0 ? -1 : 0;
}

static int on_item(int type, const void *val, size_t valsz, void *data) {
  char **acc = data;
  pool *p = session.pool;
  char buf[64];

  snprintf(buf, sizeof(buf), "%s:%lu", pr_json_type_name(type),
    (unsigned long) valsz);
  *acc = pstrcat(p, *acc, **acc ? "," : "", buf, NULL);
  if (type == PR_JSON_TYPE_ARRAY) {
    *acc = pstrcat(p, *acc, "=", pr_json_array_to_text(p, val, ""), NULL);
  }
  return 0;
}

static void apidata_json(cmd_rec *cmd, pool *p) {
  const char *text = rest_of(cmd, 2);
  pr_json_object_t *obj;
  pr_json_array_t *arr;
  char obj_s[64], arr_s[64];
  const char *compact = "-", *pretty = "-", *acompact = "-";
  int count = -1;

  errno = 0;
  obj = pr_json_object_from_text(p, text);
  snprintf(obj_s, sizeof(obj_s), "%d", obj ? 0 : errno);
  if (obj != NULL) {
    compact = pr_json_object_to_text(p, obj, "");
    pretty = pr_json_object_to_text(p, obj, "  ");
    count = pr_json_object_count(obj);
    pr_json_object_free(obj);
  }
  errno = 0;
  arr = pr_json_array_from_text(p, text);
  snprintf(arr_s, sizeof(arr_s), "%d", arr ? 0 : errno);
  if (arr != NULL) {
    acompact = pr_json_array_to_text(p, arr, "\t");
    count = pr_json_array_count(arr);
    pr_json_array_free(arr);
  }
  pr_response_add(R_200, "JSON obj=%s arr=%s count=%d valid=%d [%s] [%s] [%s]",
    obj_s, arr_s, count, pr_json_text_validate(p, text), shows(p, compact),
    shows(p, pretty), shows(p, acompact));
}

static void apidata_build(cmd_rec *cmd, pool *p) {
  pr_json_object_t *obj, *inner, *got_obj = NULL;
  pr_json_array_t *arr, *got_arr = NULL;
  char *s = NULL, *acc = "";
  double d = -1;
  int b = -1, r1, r2, r3, e1, e2, e3;
  char *before, *after;

  obj = pr_json_object_alloc(p);
  pr_json_object_set_string(p, obj, "s",
    "a\"b\\c/\n\t\b\f\r\x01\x1e\x1f\x7f \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  pr_json_object_set_number(p, obj, "sum", 0.1 + 0.2);
  pr_json_object_set_number(p, obj, "third", 1.0 / 3.0);
  pr_json_object_set_number(p, obj, "inf", 1e300 * 1e300);
  pr_json_object_set_number(p, obj, "i", 42);
  pr_json_object_set_number(p, obj, "negz", -0.0);
  pr_json_object_set_number(p, obj, "e", 1e21);
  pr_json_object_set_number(p, obj, "small", 1e-7);
  pr_json_object_set_number(p, obj, "big", 12345678901234567890.0);
  pr_json_object_set_bool(p, obj, "t", 7);
  pr_json_object_set_bool(p, obj, "f", 0);
  pr_json_object_set_null(p, obj, "z");
  pr_json_object_set_string(p, obj, "s", "dup");

  arr = pr_json_array_alloc(p);
  pr_json_array_append_number(p, arr, 1.5);
  pr_json_array_append_string(p, arr, "x");
  pr_json_array_append_null(p, arr);
  pr_json_object_set_array(p, obj, "arr", arr);

  inner = pr_json_object_alloc(p);
  pr_json_object_set_bool(p, inner, "k", 1);
  pr_json_object_set_object(p, obj, "obj", inner);

  errno = 0;
  r1 = pr_json_object_set_string(p, obj, "nullval", NULL); e1 = errno;
  errno = 0;
  r2 = pr_json_object_set_array(p, obj, "nullarr", NULL); e2 = errno;
  errno = 0;
  r3 = pr_json_object_set_number(NULL, obj, "nopool", 1); e3 = errno;
  pr_response_add(R_200, "BUILD nulls %d/%d %d/%d %d/%d", r1, e1, r2, e2, r3,
    e3);

  before = pr_json_object_to_text(p, obj, "");
  pr_response_add(R_200, "BUILD text %s", shows(p, before));
  pr_response_add(R_200, "BUILD pretty %s",
    shows(p, pr_json_object_to_text(p, obj, "\t")));
  errno = 0;
  pr_response_add(R_200, "BUILD null-indent %s/%d",
    shows(p, pr_json_object_to_text(p, obj, NULL)), errno);

  pr_response_add(R_200, "BUILD count %d exists %d %d", 
    pr_json_object_count(obj), pr_json_object_exists(obj, "s"),
    pr_json_object_exists(obj, "nope"));

  errno = 0;
  r1 = pr_json_object_get_string(p, obj, "s", &s); e1 = errno;
  pr_response_add(R_200, "BUILD get-string %d/%d %s", r1, e1, shows(p, s));
  errno = 0;
  r1 = pr_json_object_get_number(p, obj, "s", &d); e1 = errno;
  errno = 0;
  r2 = pr_json_object_get_number(p, obj, "nope", &d); e2 = errno;
  errno = 0;
  r3 = pr_json_object_get_number(p, obj, "sum", &d); e3 = errno;
  pr_response_add(R_200, "BUILD get-number %d/%d %d/%d %d/%d %.17g", r1, e1,
    r2, e2, r3, e3, d);
  errno = 0;
  r1 = pr_json_object_get_bool(p, obj, "t", &b); e1 = errno;
  errno = 0;
  r2 = pr_json_object_get_null(p, obj, "z"); e2 = errno;
  errno = 0;
  r3 = pr_json_object_get_number(p, obj, "i", NULL); e3 = errno;
  pr_response_add(R_200, "BUILD get-bool %d/%d %d null %d/%d noval %d/%d",
    r1, e1, b, r2, e2, r3, e3);

  r1 = pr_json_object_get_array(p, obj, "arr", &got_arr);
  r2 = pr_json_object_get_object(p, obj, "obj", &got_obj);
  pr_response_add(R_200, "BUILD get-containers %d %d %s %d %s %d", r1,
    r2, got_arr ? pr_json_array_to_text(p, got_arr, "") : "-",
    got_arr ? pr_json_array_count(got_arr) : -1,
    got_obj ? pr_json_object_to_text(p, got_obj, "") : "-",
    got_obj ? pr_json_object_count(got_obj) : -1);
  if (got_arr != NULL) {
    /* The copy is the caller's: changing it leaves the object alone. */
    pr_json_array_append_bool(p, got_arr, 1);
    pr_json_array_free(got_arr);
  }

  r1 = pr_json_object_foreach(p, obj, on_member, &acc);
  pr_response_add(R_200, "BUILD foreach %d %s", r1, shows(p, acc));

  pr_json_object_remove(obj, "s");
  pr_json_object_remove(obj, "nope");
  pr_response_add(R_200, "BUILD removed %d %d", pr_json_object_count(obj),
    pr_json_object_exists(obj, "s"));

  /* Freeing a linked array takes it out of its parent. */
  pr_json_array_free(arr);
  after = pr_json_object_to_text(p, obj, "");
  pr_response_add(R_200, "BUILD unlinked %d %s", pr_json_object_count(obj),
    shows(p, after));

  acc = "";
  pr_json_object_set_string(p, obj, "stop", "here");
  pr_json_object_set_string(p, obj, "after", "x");
  errno = 0;
  r1 = pr_json_object_foreach(p, obj, on_member, &acc);
  pr_response_add(R_200, "BUILD foreach-stop %d %s", r1, shows(p, acc));

  pr_json_object_free(obj);
  errno = 0;
  r1 = pr_json_object_free(NULL); e1 = errno;
  pr_response_add(R_200, "BUILD free-null %d/%d", r1, e1);
}

static void apidata_array(cmd_rec *cmd, pool *p) {
  pr_json_array_t *arr, *sub = NULL;
  pr_json_object_t *o = NULL;
  char *s = NULL, *acc = "";
  double d = 0;
  int b = -1, r1, r2, r3, e1, e2, e3;

  arr = pr_json_array_from_text(p,
    " [ 1 , \"two\" , null , [ 2 , [ ] ] , { \"k\" : true } , false , -2.5e-3 ] ");
  pr_response_add(R_200, "ARRAY text %s count %d",
    pr_json_array_to_text(p, arr, ""), pr_json_array_count(arr));
  pr_response_add(R_200, "ARRAY pretty %s",
    shows(p, pr_json_array_to_text(p, arr, "..")));

  r1 = pr_json_array_get_number(p, arr, 0, &d);
  r2 = pr_json_array_get_string(p, arr, 1, &s);
  errno = 0;
  r3 = pr_json_array_get_string(p, arr, 0, &s); e3 = errno;
  pr_response_add(R_200, "ARRAY get %d %g %d %s %d/%d", r1, d, r2, s, r3, e3);
  errno = 0;
  r1 = pr_json_array_get_null(p, arr, 2); e1 = errno;
  errno = 0;
  r2 = pr_json_array_get_bool(p, arr, 99, &b); e2 = errno;
  r3 = pr_json_array_get_bool(p, arr, 5, &b);
  pr_response_add(R_200, "ARRAY get2 %d/%d %d/%d %d %d", r1, e1, r2, e2, r3,
    b);
  r1 = pr_json_array_get_array(p, arr, 3, &sub);
  r2 = pr_json_array_get_object(p, arr, 4, &o);
  pr_response_add(R_200, "ARRAY get3 %d %s %d %s", r1,
    sub ? pr_json_array_to_text(p, sub, "") : "-", r2,
    o ? pr_json_object_to_text(p, o, "") : "-");

  r1 = pr_json_array_foreach(p, arr, on_item, &acc);
  pr_response_add(R_200, "ARRAY foreach %d %s", r1, acc);

  pr_response_add(R_200, "ARRAY exists %d %d %d", pr_json_array_exists(arr, 6),
    pr_json_array_exists(arr, 7), pr_json_array_remove(arr, 0));
  pr_json_array_remove(arr, 42);
  pr_json_array_append_object(p, arr, o);
  pr_json_array_append_array(p, arr, sub);
  pr_json_array_append_bool(p, arr, 1);
  pr_response_add(R_200, "ARRAY after %d %s", pr_json_array_count(arr),
    pr_json_array_to_text(p, arr, ""));

  errno = 0;
  r1 = pr_json_array_append_string(p, arr, NULL); e1 = errno;
  errno = 0;
  r2 = pr_json_array_count(NULL); e2 = errno;
  errno = 0;
  r3 = pr_json_array_foreach(p, arr, NULL, NULL); e3 = errno;
  pr_response_add(R_200, "ARRAY errors %d/%d %d/%d %d/%d", r1, e1, r2, e2,
    r3, e3);
  {
    unsigned int i;
    char *names = "";

    for (i = 0; i <= 7; i++) {
      const char *n = pr_json_type_name(i);
      names = pstrcat(p, names, n ? n : "(null)", " ", NULL);
    }
    pr_response_add(R_200, "ARRAY types %s", names);
  }
  pr_json_array_free(arr);
}

static void apidata_valid(cmd_rec *cmd, pool *p) {
  static const char *texts[] = {
    "", " ", "{}", " {} ", "[]", "[1,]", "[,1]", "01", "1.", ".5", "-0",
    "-", "1e5", "1E+05", "1e", "+1", "\"\\u0000\"", "\"\\u0001\"",
    "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00\\ud83d\"", "\"\\x\"",
    "\"\\/\"", "\"a\tb\"", "\"\x7f\"", "\"\xc3\x28\"", "\"\xc3\xa9\"",
    "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xc0\xaf\"",
    "{\"a\":1}x", "true ", "nul", "tru", "null", "\n\r\t1\n",
    "{\"a\" : [1, {\"b\":null}]}", "{a:1}", "{\"a\":1,}", "[1 2]",
    "\f1", "\"unterminated", "[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]",
    "[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]",
    "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}}}}}}}}}",
    "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}}}}}}}}}}",
    NULL
  };
  char *out = "";
  unsigned int i;

  for (i = 0; texts[i] != NULL; i++) {
    char r[8];

    snprintf(r, sizeof(r), "%d", pr_json_text_validate(p, texts[i]));
    out = pstrcat(p, out, r, NULL);
  }
  errno = 0;
  pr_response_add(R_200, "VALID %s null=%d/%d", out,
    pr_json_text_validate(p, NULL), errno);
}

/* Jotting */

static int jot_text_meta(pool *p, pr_jot_ctx_t *ctx, unsigned char id,
    const char *hint, const void *val) {
  char **acc = ctx->log;
  const pr_table_t *map = ctx->user_data;
  char key[2] = { (char) id, 0 };
  const struct { unsigned int type; const char *k; } *info;
  char buf[128];

  info = pr_table_get((pr_table_t *) map, key, NULL);
  if (id == LOGFMT_META_CUSTOM) {
    snprintf(buf, sizeof(buf), "<custom %s>", (const char *) val);
  } else if (id == LOGFMT_META_CLASS) {
    snprintf(buf, sizeof(buf), "<class %s>", val ? "set" : "none");
  } else if (info == NULL) {
    snprintf(buf, sizeof(buf), "<%u?>", id);
  } else if (info->type == PR_JSON_TYPE_NUMBER) {
    snprintf(buf, sizeof(buf), "<%s=%g>", pr_jot_get_logfmt_id_name(id),
      *((const double *) val));
  } else if (info->type == PR_JSON_TYPE_BOOL) {
    snprintf(buf, sizeof(buf), "<%s=%d>", pr_jot_get_logfmt_id_name(id),
      *((const int *) val));
  } else {
    snprintf(buf, sizeof(buf), "<%s%s%s=%s>", pr_jot_get_logfmt_id_name(id),
      hint ? "/" : "", hint ? hint : "", val ? (const char *) val : "(null)");
  }
  *acc = pstrcat(p, *acc, buf, NULL);
  return 0;
}

static int jot_text_default(pool *p, pr_jot_ctx_t *ctx, unsigned char id) {
  char **acc = ctx->log;
  char buf[64];

  snprintf(buf, sizeof(buf), "<%s:->", pr_jot_get_logfmt_id_name(id));
  *acc = pstrcat(p, *acc, buf, NULL);
  return 0;
}

static int jot_text_other(pool *p, pr_jot_ctx_t *ctx, unsigned char *text,
    size_t len) {
  char **acc = ctx->log;

  *acc = pstrcat(p, *acc, "{", pstrndup(p, (char *) text, len), "}", NULL);
  return 0;
}

static unsigned char *jot_parse(pool *p, const char *fmt, int flags,
    size_t *len, int *res) {
  pr_jot_ctx_t ctx;
  pr_jot_parsed_t parsed;
  unsigned char *buf = pcalloc(p, 512);

  parsed.bufsz = parsed.buflen = 511;
  parsed.ptr = parsed.buf = buf;
  ctx.log = &parsed;
  ctx.user_data = NULL;
  *res = pr_jot_parse_logfmt(p, fmt, &ctx, pr_jot_parse_on_meta,
    pr_jot_parse_on_unknown, pr_jot_parse_on_other, flags);
  *len = parsed.bufsz - parsed.buflen;
  return buf;
}

static void apidata_jot(cmd_rec *cmd, pool *p) {
  const char *fmt = rest_of(cmd, 3);
  int flags = atoi(cmd->argv[3]), res;
  unsigned char *buf;
  size_t len;
  pr_table_t *map;
  pr_json_object_t *json;
  pr_jot_ctx_t ctx;
  char *text = "";

  pr_table_add(cmd->notes, "apidata.note", "noted", 0);
  buf = jot_parse(p, fmt, flags, &len, &res);
  pr_response_add(R_200, "JOT parsed %d %lu %s", res, (unsigned long) len,
    show(p, (char *) buf, len));

  map = pr_jot_get_logfmt2json(p);
  json = pr_json_object_alloc(p);
  ctx.log = json;
  ctx.user_data = map;
  res = pr_jot_resolve_logfmt(p, cmd, NULL, buf, &ctx, pr_jot_on_json, NULL,
    NULL);
  pr_response_add(R_200, "JOT json %d %s", res,
    shows(p, pr_json_object_to_text(p, json, "")));

  ctx.log = &text;
  ctx.user_data = map;
  res = pr_jot_resolve_logfmt(p, cmd, NULL, buf, &ctx, jot_text_meta,
    jot_text_default, jot_text_other);
  pr_response_add(R_200, "JOT text %d %s", res, shows(p, text));
}

static void apidata_filter(cmd_rec *cmd, pool *p) {
  int type = atoi(cmd->argv[3]), res, xerrno;
  pr_jot_filters_t *filters;
  unsigned char buf[4] = { LOGFMT_META_START, LOGFMT_META_METHOD, 0, 0 };
  pr_jot_ctx_t ctx;
  char *text = "";

  errno = 0;
  filters = pr_jot_filters_create(p, rest_of(cmd, 3), type,
    PR_JOT_FILTER_FL_ALL_INCL_ALL);
  if (filters == NULL) {
    pr_response_add(R_200, "FILTER none %d", errno);
    return;
  }
  ctx.log = &text;
  ctx.user_data = pr_jot_get_logfmt2json(p);
  errno = 0;
  res = pr_jot_resolve_logfmt(p, cmd, filters, buf, &ctx, jot_text_meta,
    NULL, NULL);
  xerrno = errno;
  pr_response_add(R_200, "FILTER %d/%d [%s] all=%d class=%d", res,
    res < 0 ? xerrno : 0, text, pr_jot_filters_include_classes(filters, CL_ALL),
    cmd->cmd_class);
  errno = 0;
  res = pr_jot_resolve_logfmt_id(p, cmd, filters, LOGFMT_META_CONNECT, NULL,
    0, &ctx, jot_text_meta, NULL);
  pr_response_add(R_200, "FILTER id %d/%d", res, res < 0 ? errno : 0);
  pr_jot_filters_destroy(filters);
}

static void apidata_ids(cmd_rec *cmd, pool *p) {
  char *out = "";
  unsigned int i;

  for (i = 0; i < 256; i++) {
    const char *name = pr_jot_get_logfmt_id_name((unsigned char) i);
    if (name != NULL) {
      char buf[64];

      snprintf(buf, sizeof(buf), "%u=%s ", i, name);
      out = pstrcat(p, out, buf, NULL);
    }
  }
  pr_response_add(R_200, "IDS %s", out);
}

static void apidata_memcache(cmd_rec *cmd, pool *p) {
  pr_memcache_t *mc;
  int e1, e2, e3, e4, r3, r4;

  errno = 0;
  mc = pr_memcache_conn_get(); e1 = errno;
  errno = 0;
  (void) pr_memcache_conn_new(NULL, &apidata_module, 0, 0); e2 = errno;
  errno = 0;
  r3 = memcache_set_servers(NULL); e3 = errno;
  errno = 0;
  r4 = memcache_set_sess_replicas(0); e4 = errno;
  pr_response_add(R_200, "MEMCACHE get=%s/%d new=%d servers=%d/%d "
    "replicas=%d/%d kget=%d", mc ? "conn" : "null", e1, e2, r3, e3, r4, e4,
    pr_memcache_kget(NULL, &apidata_module, "k", 1, NULL, NULL) == NULL ?
      errno : 0);
}

static void apidata_redis(cmd_rec *cmd, pool *p) {
  pr_redis_t *r;
  array_header *empty;
  int e1, e2, e3, r3, fd, port = 0;
  struct sockaddr_in sin;
  socklen_t len = sizeof(sin);

  errno = 0;
  r = pr_redis_conn_get(session.pool, 0); e1 = errno;
  errno = 0;
  (void) pr_redis_conn_get(NULL, 0); e2 = errno;
  empty = make_array(p, 1, sizeof(pr_netaddr_t *));
  errno = 0;
  r3 = redis_set_sentinels(empty, "m"); e3 = errno;
  pr_response_add(R_200, "REDIS none get=%s/%d null-pool=%d sentinels=%d/%d",
    r ? "conn" : "null", e1, e2, r3, e3);

  /* A port nothing listens on: bound, then closed. */
  fd = socket(AF_INET, SOCK_STREAM, 0);
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && bind(fd, (struct sockaddr *) &sin, sizeof(sin)) == 0 &&
      getsockname(fd, (struct sockaddr *) &sin, &len) == 0) {
    port = ntohs(sin.sin_port);
  }
  if (fd >= 0) {
    close(fd);
  }
  redis_set_timeouts(200, 200);
  redis_set_server(pstrdup(session.pool, "127.0.0.1"), port, 0, NULL, NULL);
  errno = 0;
  r = pr_redis_conn_new(session.pool, &apidata_module, 0);
  pr_response_add(R_200, "REDIS refused new=%s/%d", r ? "conn" : "null",
    errno);
  redis_set_server(NULL, -2, 0, NULL, NULL);
}

MODRET apidata_site(cmd_rec *cmd) {
  const char *op;
  pool *p = cmd->tmp_pool;

  if (cmd->argc < 3 ||
      strcasecmp(cmd->argv[1], "APIDATA") != 0) {
    return PR_DECLINED(cmd);
  }
  op = cmd->argv[2];

  if (strcasecmp(op, "JSON") == 0) {
    apidata_json(cmd, p);
  } else if (strcasecmp(op, "BUILD") == 0) {
    apidata_build(cmd, p);
  } else if (strcasecmp(op, "ARRAY") == 0) {
    apidata_array(cmd, p);
  } else if (strcasecmp(op, "VALID") == 0) {
    apidata_valid(cmd, p);
  } else if (strcasecmp(op, "JOT") == 0 && cmd->argc >= 4) {
    apidata_jot(cmd, p);
  } else if (strcasecmp(op, "FILTER") == 0 && cmd->argc >= 4) {
    apidata_filter(cmd, p);
  } else if (strcasecmp(op, "IDS") == 0) {
    apidata_ids(cmd, p);
  } else if (strcasecmp(op, "MEMCACHE") == 0) {
    apidata_memcache(cmd, p);
  } else if (strcasecmp(op, "REDIS") == 0) {
    apidata_redis(cmd, p);
  } else {
    pr_response_add_err(R_501, "bad APIDATA arguments");
    return PR_ERROR(cmd);
  }
  return PR_HANDLED(cmd);
}

static cmdtable apidata_cmdtab[] = {
  { CMD,	C_SITE,	G_NONE,	apidata_site,	TRUE,	FALSE,	CL_MISC },
  { 0, NULL }
};

module apidata_module = {
  NULL, NULL,			/* always NULL */
  0x20,				/* API version 2.0 */
  "apidata",			/* module name */
  NULL,				/* configuration table */
  apidata_cmdtab,		/* command table */
  NULL,				/* authentication table */
  NULL,				/* module initialization */
  NULL,				/* session initialization */
  MOD_APIDATA_VERSION		/* module version */
};
