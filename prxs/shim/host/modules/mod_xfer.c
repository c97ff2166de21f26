/*
 * prxs shim host: mod_xfer (TYPE, STOR, APPE, RETR).
 *
 * There is no data connection: the caller sends upload data ahead of
 * STOR/APPE (it is written into the file as the session's user), and
 * download or listing data comes back as a "#DATA <n>" frame between the
 * 150 and the 226 replies.  As in proftpd, a session is in ASCII mode after
 * login unless it sent TYPE first or DefaultTransferMode says binary; ASCII
 * transfers turn CRLF into LF on the way in and LF into CRLF on the way out.
 */

#include "host.h"
#include "host_net.h"
#include "host_fs.h"


#define MOD_XFER_VERSION	"mod_xfer/1.0"
#define XFER_MODE_STRING \
  ((session.sf_flags & (SF_ASCII|SF_ASCII_OVERRIDE)) ? "ASCII" : "BINARY")

/* Whether the client chose a TYPE before logging in (kept then). */
static int xfer_have_type = FALSE;

/* ASCII uploads: a CR directly before an LF is dropped (in place). */
static size_t xfer_from_crlf(char *buf, size_t len) {
  size_t i, j = 0;

  for (i = 0; i < len; i++) {
    if (buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n') {
      continue;
    }
    buf[j++] = buf[i];
  }
  return j;
}

/* ASCII downloads: every LF not already after a CR gets one. */
static char *xfer_to_crlf(pool *p, const char *buf, size_t len, size_t *outlen) {
  size_t i, j = 0;
  char *out = palloc(p, len * 2 + 1);

  for (i = 0; i < len; i++) {
    if (buf[i] == '\n' && (i == 0 || buf[i - 1] != '\r')) {
      out[j++] = '\r';
    }
    out[j++] = buf[i];
  }
  *outlen = j;
  return out;
}

struct xfer_sink {
  pr_fh_t *fh;
  size_t written;
  int ascii, held_cr;
  pool *p;
};

/* Through the FS API: a filesystem a module registered (mod_facl,
 * mod_statcache) sees the write. */
static int xfer_write_all(pr_fh_t *fh, const char *buf, size_t len) {
  size_t off = 0;

  while (off < len) {
    ssize_t n = pr_fsio_write(fh, buf + off, len - off);

    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return -1;
    }
    off += (size_t) n;
  }
  return 0;
}

/* One chunk of an upload, as it came out of the data NetIO.  In ASCII mode
 * a CR ending a chunk is held until the next one shows whether an LF
 * follows it. */
static int xfer_sink_write(void *data, const char *buf, size_t len) {
  struct xfer_sink *sink = data;
  char *copy;

  if (!sink->ascii) {
    if (xfer_write_all(sink->fh, buf, len) < 0) {
      return -1;
    }
    sink->written += len;
    return 0;
  }
  copy = palloc(sink->p, len + 1);
  if (sink->held_cr) {
    copy[0] = '\r';
  }
  memcpy(copy + (sink->held_cr ? 1 : 0), buf, len);
  len += sink->held_cr ? 1 : 0;
  sink->held_cr = FALSE;
  if (len > 0 && copy[len - 1] == '\r') {
    sink->held_cr = TRUE;
    len--;
  }
  len = xfer_from_crlf(copy, len);
  if (xfer_write_all(sink->fh, copy, len) < 0) {
    return -1;
  }
  sink->written += len;
  return 0;
}

static modret_t *xfer_store(cmd_rec *cmd, int append) {
  struct xfer_sink sink;
  const char *path;
  size_t off = 0;
  pr_fh_t *fh;
  int xerrno;

  CHECK_CMD_MIN_ARGS(cmd, 2);
  path = host_abs_path(cmd->tmp_pool, cmd->arg);

  fh = pr_fsio_open(path, O_WRONLY|O_CREAT|(append ? O_APPEND : O_TRUNC));
  if (fh == NULL) {
    xerrno = errno;
    pr_log_debug(DEBUG3, MOD_XFER_VERSION ": error opening '%s': %s", path,
      strerror(xerrno));
    pr_response_add_err(R_550, "%s: %s", cmd->arg, strerror(xerrno));
    errno = xerrno;
    return PR_ERROR(cmd);
  }

  session.xfer.p = session.pool;
  session.xfer.xfer_type = append ? STOR_APPEND : STOR_DEFAULT;
  session.xfer.direction = 1;
  session.xfer.filename = pstrdup(session.pool, cmd->arg);
  session.xfer.path = pstrdup(session.pool, path);
  session.xfer.total_bytes = 0;

  pr_response_send(R_150, _("Opening %s mode data connection for %s"),
    XFER_MODE_STRING, cmd->arg);

  /* What the client sent, read through the data NetIO (a module's, such
   * as mod_deflate's MODE Z, else the core's), then, in ASCII mode, CRLF
   * turned into LF (as proftpd: after the NetIO). */
  sink.fh = fh;
  sink.written = 0;
  sink.ascii = (session.sf_flags & SF_ASCII) ? TRUE : FALSE;
  sink.held_cr = FALSE;
  sink.p = cmd->tmp_pool;
  if (host_data_recv(cmd->tmp_pool, host_upload_data ? host_upload_data : "",
      host_upload_len, xfer_sink_write, &sink) < 0 ||
      (sink.held_cr && xfer_write_all(fh, "\r", 1) < 0)) {
    xerrno = errno;
    pr_fsio_close(fh);
    pr_response_add_err(R_451, "%s: %s", cmd->arg, strerror(xerrno));
    errno = xerrno;
    return PR_ERROR(cmd);
  }
  off = sink.written + (sink.held_cr ? 1 : 0);
  if (pr_fsio_close(fh) < 0) {
    xerrno = errno;
    pr_response_add_err(R_451, "%s: %s", cmd->arg, strerror(xerrno));
    errno = xerrno;
    return PR_ERROR(cmd);
  }

  session.xfer.total_bytes = (off_t) off;
  session.total_bytes_in += (off_t) off;
  session.total_bytes += (off_t) off;
  pr_response_add(R_226, _("Transfer complete"));
  return PR_HANDLED(cmd);
}

/* As proftpd's mod_xfer, before the data connection opens: an existing
 * file is overwritten only with AllowOverwrite on, and appended to (APPE)
 * only with AllowStoreRestart on. */
static modret_t *xfer_pre_store(cmd_rec *cmd, int append) {
  unsigned char *allow;
  struct stat st;
  const char *path;

  CHECK_CMD_MIN_ARGS(cmd, 2);
  path = host_abs_path(cmd->tmp_pool, cmd->arg);
  if (host_path_filtered(cmd, path)) {
    return PR_ERROR(cmd);
  }
  if (pr_fsio_lstat(path, &st) < 0) {
    return PR_DECLINED(cmd);
  }

  allow = get_param_ptr(CURRENT_CONF, "AllowOverwrite", FALSE);
  if (!append && (allow == NULL || *allow == FALSE)) {
    pr_log_debug(DEBUG6, "AllowOverwrite denied permission for %s", cmd->arg);
    pr_response_add_err(R_550, _("%s: Overwrite permission denied"), cmd->arg);
    errno = EACCES;
    return PR_ERROR(cmd);
  }

  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) &&
      strcasecmp(path, "/dev/null") != 0 && strcasecmp(path, "/dev/full") != 0) {
    pr_response_add_err(R_550, _("%s: Not a regular file"), cmd->arg);
    errno = EISDIR;
    return PR_ERROR(cmd);
  }

  allow = get_param_ptr(CURRENT_CONF, "AllowStoreRestart", FALSE);
  if (append && (allow == NULL || *allow == FALSE)) {
    pr_response_add_err(R_451, _("%s: Append/Restart not permitted, try again"),
      cmd->arg);
    errno = EPERM;
    return PR_ERROR(cmd);
  }
  return PR_DECLINED(cmd);
}

MODRET xfer_pre_stor(cmd_rec *cmd) {
  return xfer_pre_store(cmd, FALSE);
}

MODRET xfer_pre_appe(cmd_rec *cmd) {
  return xfer_pre_store(cmd, TRUE);
}

/* usage: AllowOverwrite on|off, AllowStoreRestart on|off */
MODRET set_xfer_bool(cmd_rec *cmd) {
  config_rec *c;
  int b;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|
    CONF_DYNDIR);

  b = get_boolean(cmd, 1);
  if (b == -1) {
    CONF_ERROR(cmd, "expected boolean parameter");
  }
  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned char));
  *((unsigned char *) c->argv[0]) = (unsigned char) b;
  c->flags |= CF_MERGEDOWN;
  return PR_HANDLED(cmd);
}

MODRET xfer_stor(cmd_rec *cmd) {
  modret_t *mr;

  host_timers_transfer(TRUE);
  mr = xfer_store(cmd, FALSE);
  host_timers_transfer(FALSE);
  return mr;
}

MODRET xfer_appe(cmd_rec *cmd) {
  modret_t *mr;

  host_timers_transfer(TRUE);
  mr = xfer_store(cmd, TRUE);
  host_timers_transfer(FALSE);
  return mr;
}

/* MODE Z or a protected data channel (PROT other than C) in effect, as
 * proftpd's mod_xfer tracks them (POST_CMD). */
static int xfer_have_zmode = FALSE, xfer_have_rfc2228_data = FALSE;

MODRET xfer_post_mode(cmd_rec *cmd) {
  if (cmd->argc == 2) {
    xfer_have_zmode = strcmp(cmd->argv[1], "Z") == 0;
  }
  return PR_DECLINED(cmd);
}

MODRET xfer_post_prot(cmd_rec *cmd) {
  if (cmd->argc == 2) {
    xfer_have_rfc2228_data = strcmp(cmd->argv[1], "C") != 0;
  }
  return PR_DECLINED(cmd);
}

/* usage: UseSendfile on|off|"len units"|percentage"%" (argv[0]: whether
 * sendfile(2) may be used; a length or percentage means on) */
MODRET set_usesendfile(cmd_rec *cmd) {
  config_rec *c;
  int b = -1;

  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|
    CONF_DYNDIR);
  if (cmd->argc == 2) {
    size_t len = strlen(cmd->argv[1]);

    b = get_boolean(cmd, 1);
    if (b == -1 && len > 1 && ((char *) cmd->argv[1])[len - 1] == '%') {
      b = TRUE;
    }
    if (b == -1) {
      CONF_ERROR(cmd, "expected Boolean parameter");
    }
  } else if (cmd->argc == 3) {
    b = TRUE;
  } else {
    CONF_ERROR(cmd, "wrong number of parameters");
  }
  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned char));
  *((unsigned char *) c->argv[0]) = (unsigned char) b;
  c->flags |= CF_MERGEDOWN;
  return PR_HANDLED(cmd);
}

/* Whether proftpd would send this download with sendfile(2), bypassing the
 * data NetIO: a binary transfer with data, UseSendfile not off, no MODE Z
 * and no protected data channel.  (TransferRate has no effect in the shim;
 * a UseSendfile length or percentage is taken as the whole file.) */
static int xfer_use_sendfile(size_t len) {
  unsigned char *use;

  if (len == 0 || (session.sf_flags & (SF_ASCII|SF_ASCII_OVERRIDE)) ||
      xfer_have_zmode || xfer_have_rfc2228_data) {
    return FALSE;
  }
  use = get_param_ptr(CURRENT_CONF, "UseSendfile", FALSE);
  return use == NULL || *use == TRUE;
}

MODRET xfer_retr(cmd_rec *cmd) {
  const char *path;
  struct stat st;
  char *buf;
  size_t off = 0;
  pr_fh_t *fh;
  int xerrno;

  CHECK_CMD_MIN_ARGS(cmd, 2);
  path = host_abs_path(cmd->tmp_pool, cmd->arg);

  fh = pr_fsio_open(path, O_RDONLY);
  if (fh == NULL || pr_fsio_fstat(fh, &st) < 0 || !S_ISREG(st.st_mode)) {
    xerrno = fh == NULL ? errno : EISDIR;
    if (fh != NULL) {
      pr_fsio_close(fh);
    }
    pr_response_add_err(R_550, "%s: %s", cmd->arg, strerror(xerrno));
    errno = xerrno;
    return PR_ERROR(cmd);
  }

  buf = palloc(cmd->tmp_pool, (size_t) st.st_size + 1);
  while (off < (size_t) st.st_size) {
    int n = pr_fsio_read(fh, buf + off, (size_t) st.st_size - off);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) {
        continue;
      }
      break;
    }
    off += (size_t) n;
  }
  pr_fsio_close(fh);

  session.xfer.p = session.pool;
  session.xfer.direction = 0;
  session.xfer.path = pstrdup(session.pool, path);
  session.xfer.filename = pstrdup(session.pool, cmd->arg);
  session.xfer.total_bytes = (off_t) off;
  session.total_bytes_out += (off_t) off;
  session.total_bytes += (off_t) off;

  pr_response_send(R_150, _("Opening %s mode data connection for %s "
    "(%lu bytes)"), XFER_MODE_STRING, cmd->arg, (unsigned long) off);
  if (session.sf_flags & SF_ASCII) {
    buf = xfer_to_crlf(cmd->tmp_pool, buf, off, &off);
  }
  host_timers_transfer(TRUE);
  if (xfer_use_sendfile(off)) {
    /* proftpd sends the file with sendfile(2): no data NetIO sees it */
    host_response_send_data_raw(buf, off);
  } else {
    host_response_send_data(buf, off);
  }
  host_timers_transfer(FALSE);
  pr_response_add(R_226, _("Transfer complete"));
  return PR_HANDLED(cmd);
}

/* MODE: stream mode only (S); B and C are refused as unsupported, as in
 * proftpd's mod_xfer.  A module handling MODE Z (mod_deflate) comes first. */
MODRET xfer_mode(cmd_rec *cmd) {
  const char *shown = pr_cmd_get_displayable_str(cmd, NULL);
  char *mode;

  if (cmd->argc != 2) {
    pr_response_add_err(R_501, _("'%s' not understood"), shown);
    errno = EINVAL;
    return PR_ERROR(cmd);
  }
  mode = cmd->argv[1];
  mode[0] = (char) toupper((unsigned char) mode[0]);
  switch (mode[0]) {
    case 'S':
      pr_response_add(R_200, _("Mode set to S"));
      return PR_HANDLED(cmd);
    case 'B':
    case 'C':
      pr_response_add_err(R_504, _("'%s' unsupported transfer mode"), shown);
      errno = ENOSYS;
      return PR_ERROR(cmd);
  }
  pr_response_add_err(R_501, _("'%s' unrecognized transfer mode"), shown);
  errno = EINVAL;
  return PR_ERROR(cmd);
}

/* As proftpd's mod_xfer (xfer_log_*, xfer_err_cleanup): once a transfer
 * command has been logged, session.xfer no longer describes a transfer.
 */
MODRET xfer_cleanup(cmd_rec *cmd) {
  /* The file counters, as proftpd's, count logged transfers. */
  if (session.curr_phase == LOG_CMD &&
      session.xfer.p != NULL) {
    if (session.xfer.direction == 0) {
      session.total_files_out++;
    } else {
      session.total_files_in++;
    }
    session.total_files_xfer++;
  }
  memset(&session.xfer, 0, sizeof(session.xfer));
  return PR_DECLINED(cmd);
}

/* usage: TYPE A|I|L 7|L 8 (proftpd's answers and errors). */
MODRET xfer_type(cmd_rec *cmd) {
  char *type;

  if (cmd->argc < 2 || cmd->argc > 3) {
    pr_response_add_err(R_500, _("'%s' not understood"),
      pr_cmd_get_displayable_str(cmd, NULL));
    errno = EINVAL;
    return PR_ERROR(cmd);
  }

  type = pstrdup(cmd->tmp_pool, cmd->argv[1]);
  type[0] = toupper((int) type[0]);
  if (strcmp(type, "A") == 0 ||
      (cmd->argc == 3 && strcmp(type, "L") == 0 && strcmp(cmd->argv[2], "7") == 0)) {
    session.sf_flags |= SF_ASCII;

  } else if (strcmp(type, "I") == 0 ||
      (cmd->argc == 3 && strcmp(type, "L") == 0 && strcmp(cmd->argv[2], "8") == 0)) {
    session.sf_flags &= (SF_ALL^(SF_ASCII|SF_ASCII_OVERRIDE));

  } else {
    pr_response_add_err(R_504, _("%s not implemented for '%s' parameter"),
      (char *) cmd->argv[0], (char *) cmd->argv[1]);
    errno = ENOSYS;
    return PR_ERROR(cmd);
  }

  if (session.user == NULL) {
    xfer_have_type = TRUE;
  }
  pr_response_add(R_200, _("Type set to %s"), (char *) cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* After login: ASCII (RFC 959's default) unless TYPE came first or
 * DefaultTransferMode binary. */
MODRET xfer_post_pass(cmd_rec *cmd) {
  const char *mode;

  if (!xfer_have_type) {
    session.sf_flags |= SF_ASCII;
    mode = get_param_ptr(main_server->conf, "DefaultTransferMode", FALSE);
    if (mode != NULL && strcasecmp(mode, "binary") == 0) {
      session.sf_flags &= (SF_ALL^SF_ASCII);
    }
  }
  return PR_DECLINED(cmd);
}

/* usage: DefaultTransferMode ascii|binary */
MODRET set_defaulttransfermode(cmd_rec *cmd) {
  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);
  if (strcasecmp(cmd->argv[1], "ascii") != 0 &&
      strcasecmp(cmd->argv[1], "binary") != 0) {
    CONF_ERROR(cmd, "parameter must be 'ascii' or 'binary'");
  }
  add_config_param_str(cmd->argv[0], 1, cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* Module API tables
 */

static conftable xfer_conftab[] = {
  { "AllowOverwrite",		set_xfer_bool,	NULL },
  { "AllowRetrieveRestart", host_set_directive,	NULL },
  { "AllowStoreRestart",	set_xfer_bool,	NULL },
  { "DefaultTransferMode", set_defaulttransfermode, NULL },
  { "DeleteAbortedStores", host_set_directive,	NULL },
  { "DisplayFileTransfer", host_set_directive,	NULL },
  { "HiddenStores",	host_set_directive,	NULL },
  { "MaxRetrieveFileSize", host_set_directive,	NULL },
  { "MaxStoreFileSize", host_set_directive,	NULL },
  { "MaxTransfersPerHost", host_set_directive,	NULL },
  { "MaxTransfersPerUser", host_set_directive,	NULL },
  { "StoreUniquePrefix", host_set_directive,	NULL },
  { "TransferOptions", host_set_directive,	NULL },
  { "TransferRate",	host_set_directive,	NULL },
  { "UseSendfile",	set_usesendfile,	NULL },
  { NULL }
};

static cmdtable xfer_cmdtab[] = {
  { PRE_CMD,	C_APPE,	G_NONE,	xfer_pre_appe,	TRUE,	FALSE },
  { PRE_CMD,	C_STOR,	G_NONE,	xfer_pre_stor,	TRUE,	FALSE },
  { CMD,	C_APPE,	G_WRITE, xfer_appe,	TRUE,	FALSE,	CL_WRITE },
  { CMD,	C_MODE,	G_NONE,	xfer_mode,	TRUE,	FALSE,	CL_MISC },
  { CMD,	C_RETR,	G_READ,	xfer_retr,	TRUE,	FALSE,	CL_READ },
  { CMD,	C_STOR,	G_WRITE, xfer_stor,	TRUE,	FALSE,	CL_WRITE },
  { CMD,	C_TYPE,	G_NONE,	xfer_type,	FALSE,	FALSE,	CL_MISC },
  { POST_CMD,	C_PASS,	G_NONE,	xfer_post_pass,	FALSE,	FALSE },
  { POST_CMD,	C_MODE,	G_NONE,	xfer_post_mode,	FALSE,	FALSE },
  { POST_CMD,	C_PROT,	G_NONE,	xfer_post_prot,	FALSE,	FALSE },
  { LOG_CMD,	C_APPE,	G_NONE,	xfer_cleanup,	FALSE,	FALSE },
  { LOG_CMD,	C_RETR,	G_NONE,	xfer_cleanup,	FALSE,	FALSE },
  { LOG_CMD,	C_STOR,	G_NONE,	xfer_cleanup,	FALSE,	FALSE },
  { LOG_CMD_ERR, C_APPE, G_NONE, xfer_cleanup,	FALSE,	FALSE },
  { LOG_CMD_ERR, C_RETR, G_NONE, xfer_cleanup,	FALSE,	FALSE },
  { LOG_CMD_ERR, C_STOR, G_NONE, xfer_cleanup,	FALSE,	FALSE },
  { 0, NULL }
};

module xfer_module = {
  NULL, NULL,
  0x20,
  "xfer",
  xfer_conftab,
  xfer_cmdtab,
  NULL,
  NULL,
  NULL,
  MOD_XFER_VERSION
};
