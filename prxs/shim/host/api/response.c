/*
 * prxs shim host: command responses.
 *
 * Handlers queue responses with pr_response_add()/pr_response_add_err();
 * after dispatch the session sends one list: the error list if the command
 * failed, else the normal list.  Consecutive lines with the same code (or
 * R_DUP) form one multi-line reply ("230-..." then "230 ...").
 */

#include "host.h"
#include "host_cmd.h"
#include "host_net.h"

/* Each list keeps a pointer to its last entry, so adding a line is O(1):
 * a reply of 100,000 lines must not walk the list 100,000 times.
 */
/* Exported under ProFTPD's names: some modules walk them (mod_site_misc). */
pr_response_t *resp_list = NULL, *resp_err_list = NULL;
static pr_response_t *resp_tail = NULL, *resp_err_tail = NULL;
/* How many R_DUP (unnumbered) lines each list holds. */
static int resp_nulls = 0, resp_err_nulls = 0;
static pool *resp_pool = NULL;
static int resp_fd = -1;
static char resp_last_num[8] = "";
static char *resp_last_msg = NULL;
/* pr_response_block(TRUE): nothing is sent until it is unblocked. */
static int resp_blocked = FALSE;

void host_response_set_fd(int fd) {
  resp_fd = fd;
}

/* Before each command, as proftpd: the lists are emptied and the last
 * response forgotten (a PRE_CMD handler sees none).
 */
void host_response_reset(void) {
  resp_last_num[0] = '\0';
  free(resp_last_msg);
  resp_last_msg = NULL;
  resp_list = resp_err_list = NULL;
  resp_tail = resp_err_tail = NULL;
  if (resp_pool != NULL) {
    destroy_pool(resp_pool);
  }
  resp_pool = make_sub_pool(permanent_pool);
  pr_pool_tag(resp_pool, "response pool");
}

/* A command's final reply is held (resp_pending) and goes out in one write
 * with the session's end-of-command marker: one wakeup of the caller per
 * command instead of one per line.  Any other write sends it first, so the
 * order on the wire never changes. */
static char *resp_pending = NULL;
static size_t resp_pending_len = 0, resp_pending_size = 0;
static int resp_holding = FALSE;

/* A final reply line went out (or is held) since the last "#END" marker. */
static int resp_final_unmarked = FALSE;

int host_response_final_unmarked(void) {
  return resp_final_unmarked;
}

static int resp_write_fd(const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(resp_fd, buf, len);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    buf += n;
    len -= (size_t) n;
  }
  return 0;
}

static int resp_hold(const char *buf, size_t len) {
  if (resp_pending_len + len > resp_pending_size) {
    size_t size = (resp_pending_len + len) * 2 + 256;
    char *p = realloc(resp_pending, size);

    if (p == NULL) {
      return -1;
    }
    resp_pending = p;
    resp_pending_size = size;
  }
  memcpy(resp_pending + resp_pending_len, buf, len);
  resp_pending_len += len;
  return 0;
}

/* Send the held reply now (before the session ends or anything else is
 * written). */
int host_response_release(void) {
  size_t len = resp_pending_len;

  resp_pending_len = 0;
  if (len == 0 || resp_fd < 0) {
    return 0;
  }
  return resp_write_fd(resp_pending, len);
}

/* The end of a command: the held reply and the marker in one write. */
int host_response_end(const char *marker, size_t len) {
  if (resp_fd < 0) {
    errno = EBADF;
    return -1;
  }
  resp_final_unmarked = FALSE;
  if (resp_pending_len == 0 || resp_hold(marker, len) < 0) {
    if (host_response_release() < 0) {
      return -1;
    }
    return resp_write_fd(marker, len);
  }
  return host_response_release();
}

/* Bytes of replies so far, held or written (session.c: did a command
 * reply?) */
unsigned long host_response_bytes = 0;

int host_response_write(const char *buf, size_t len) {
  if (resp_fd < 0) {
    errno = EBADF;
    return -1;
  }
  host_response_bytes += len;
  if (resp_holding && resp_hold(buf, len) == 0) {
    return 0;
  }
  if (host_response_release() < 0) {
    return -1;
  }
  return resp_write_fd(buf, len);
}

/* Data that reaches the client without passing the data NetIO (what
 * proftpd sends with sendfile(2)). */
int host_response_send_data_raw(const char *buf, size_t len) {
  char hdr[64];
  int n = snprintf(hdr, sizeof(hdr), "#DATA %lu\n", (unsigned long) len);

  if (host_response_write(hdr, (size_t) n) < 0) {
    return -1;
  }
  return len > 0 ? host_response_write(buf, len) : 0;
}

int host_response_send_data(const char *buf, size_t len) {
  char hdr[64], *out = NULL;
  size_t outlen = 0;
  pool *tmp;
  int n, res;

  /* What reaches the client is what comes out of the data NetIO (a
   * module's, such as mod_deflate's MODE Z, else the core's). */
  tmp = make_sub_pool(session.pool ? session.pool : permanent_pool);
  if (host_data_send(tmp, buf, len, &out, &outlen) < 0) {
    pr_log_debug(DEBUG3, "data transfer through the NetIO failed: %s",
      strerror(errno));
    outlen = 0;
  }
  n = snprintf(hdr, sizeof(hdr), "#DATA %lu\n", (unsigned long) outlen);
  res = host_response_write(hdr, (size_t) n);
  if (res >= 0 && outlen > 0) {
    res = host_response_write(out, outlen);
  }
  destroy_pool(tmp);
  return res;
}

static void resp_remember(const char *num, const char *msg) {
  if (num != NULL) {
    sstrncpy(resp_last_num, num, sizeof(resp_last_num));
  }
  free(resp_last_msg);
  resp_last_msg = strdup(msg);
}

static void resp_send_line(const char *num, char sep, const char *msg) {
  char buf[PR_TUNABLE_BUFFER_SIZE * 4];
  int n;

  /* A message must not smuggle extra lines into the reply. */
  n = snprintf(buf, sizeof(buf) - 3, "%s%c", num, sep);
  if (n < 0) {
    return;
  }
  while (*msg && (size_t) n < sizeof(buf) - 3) {
    buf[n++] = (*msg == '\r' || *msg == '\n') ? ' ' : *msg;
    msg++;
  }
  buf[n++] = '\r';
  buf[n++] = '\n';
  host_response_write(buf, (size_t) n);
  if (sep == ' ') {
    resp_final_unmarked = TRUE;
  }
}

/* As proftpd's pr_response_add(): a numbered line gives its number to the
 * unnumbered (R_DUP) lines already queued, and goes in after the last
 * line whose number is not greater (the list stays in order of numbers, a
 * module's 230 lands after the 230 of mod_auth and before a 250); an R_DUP
 * line goes at the end.  The usual case, a number not below the last one,
 * appends in O(1); a list without R_DUP lines is not walked to fill them.
 */
static void resp_add(pr_response_t **list, pr_response_t **tail,
    const char *num, const char *fmt, va_list ap) {
  pr_response_t *resp, **head;
  char buf[PR_TUNABLE_BUFFER_SIZE * 4];
  int *nulls = (list == &resp_list) ? &resp_nulls : &resp_err_nulls;

  if (resp_pool == NULL) {
    resp_pool = make_sub_pool(permanent_pool);
    pr_pool_tag(resp_pool, "response pool");
  }
  vsnprintf(buf, sizeof(buf), fmt, ap);
  resp = pcalloc(resp_pool, sizeof(pr_response_t));
  resp->num = num ? pstrdup(resp_pool, num) : NULL;
  resp->msg = pstrdup(resp_pool, buf);
  resp_remember(num, buf);

  if (*list == NULL) {
    *tail = NULL;
    *nulls = 0;
  }
  if (num != NULL && *nulls > 0) {
    pr_response_t *r;

    for (r = *list; r != NULL; r = r->next) {
      if (r->num == NULL) {
        r->num = resp->num;
      }
    }
    *nulls = 0;
  }
  if (*list == NULL || num == NULL || (*tail != NULL &&
      (*tail)->num != NULL && strcmp((*tail)->num, num) <= 0)) {
    if (*list == NULL) {
      *list = resp;
    } else {
      (*tail)->next = resp;
    }
    *tail = resp;
    if (num == NULL) {
      (*nulls)++;
    }
    return;
  }
  for (head = list; *head != NULL && ((*head)->num == NULL ||
      strcmp((*head)->num, num) <= 0) &&
      !((*head)->num == NULL && head == list); head = &(*head)->next);
  resp->next = *head;
  *head = resp;
  if (resp->next == NULL) {
    *tail = resp;
  }
}

void pr_response_add(const char *num, const char *fmt, ...) {
  va_list ap;

  if (fmt == NULL) {
    return;
  }
  va_start(ap, fmt);
  resp_add(&resp_list, &resp_tail, num, fmt, ap);
  va_end(ap);
}

void pr_response_add_err(const char *num, const char *fmt, ...) {
  va_list ap;

  if (fmt == NULL) {
    return;
  }
  va_start(ap, fmt);
  resp_add(&resp_err_list, &resp_err_tail, num, fmt, ap);
  va_end(ap);
}

static void resp_send_now(const char *num, const char *fmt, va_list ap) {
  char buf[PR_TUNABLE_BUFFER_SIZE * 4];

  if (resp_blocked) {
    return;
  }

  vsnprintf(buf, sizeof(buf), fmt, ap);
  resp_send_line(num ? num : resp_last_num, ' ', buf);
  resp_remember(num, buf);
}

void pr_response_send(const char *num, const char *fmt, ...) {
  va_list ap;

  if (fmt == NULL) {
    return;
  }
  va_start(ap, fmt);
  resp_send_now(num, fmt, ap);
  va_end(ap);
}

void pr_response_send_async(const char *num, const char *fmt, ...) {
  va_list ap;

  if (fmt == NULL) {
    return;
  }
  va_start(ap, fmt);
  resp_send_now(num, fmt, ap);
  va_end(ap);
}

int pr_response_get_last(pool *p, const char **num, const char **msg) {
  /* Either of num and msg may be NULL (jot asks for one at a time). */
  if (p == NULL || (num == NULL && msg == NULL)) {
    errno = EINVAL;
    return -1;
  }
  /* NULL when nothing was added since the command began, as proftpd. */
  if (num != NULL) {
    *num = resp_last_num[0] ? pstrdup(p, resp_last_num) : NULL;
  }
  if (msg != NULL) {
    *msg = resp_last_msg ? pstrdup(p, resp_last_msg) : NULL;
  }
  return 0;
}

/* Send the queued responses; returns how many lines were sent. */
int host_response_flush(int is_error) {
  pr_response_t *list, *r;
  const char *num = "";
  int n = 0;

  /* As proftpd: a failed command sends only its error list; blocked
   * responses are dropped. */
  list = is_error ? resp_err_list : resp_list;
  resp_holding = TRUE;
  for (r = resp_blocked ? NULL : list; r != NULL; r = r->next) {
    const char *next_num;

    if (r->num != NULL) {
      num = r->num;
    }
    next_num = r->next ? (r->next->num ? r->next->num : num) : NULL;
    resp_send_line(num, (next_num && strcmp(next_num, num) == 0) ? '-' : ' ',
      r->msg);
    n++;
  }
  resp_holding = FALSE;
  resp_list = resp_err_list = NULL;
  resp_tail = resp_err_tail = NULL;
  return n;
}

/* Empty a response list (resp_list or resp_err_list: the ones a module can
 * name) and forget the last response, as proftpd.
 */
void pr_response_clear(pr_response_t **head) {
  resp_last_num[0] = '\0';
  free(resp_last_msg);
  resp_last_msg = NULL;
  if (head == NULL) {
    return;
  }
  *head = NULL;
  if (head == &resp_list) {
    resp_tail = NULL;
  } else if (head == &resp_err_list) {
    resp_err_tail = NULL;
  }
}

/* TRUE: queued responses are dropped and none is sent (mod_site_misc runs
 * other commands quietly that way); FALSE: as before.
 */
int pr_response_block(int on) {
  if (on != TRUE && on != FALSE) {
    errno = EINVAL;
    return -1;
  }
  resp_blocked = on;
  return 0;
}

int pr_response_blocked(void) {
  return resp_blocked;
}

int host_response_blocked(void) {
  return resp_blocked;
}
