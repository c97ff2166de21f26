/* prxs SDK: ProFTPD 1.3.8 module ABI -- LogFormat parsing and resolving ("jotting"). */

#ifndef PR_JOT_H
#define PR_JOT_H

#include "conf.h"
#include "logfmt.h"

/* JSON member names of the variables (pr_jot_get_logfmt2json) */
#define PR_JOT_LOGFMT_ANON_PASSWD_KEY "anon_password"
#define PR_JOT_LOGFMT_BASENAME_KEY "basename"
#define PR_JOT_LOGFMT_BYTES_SENT_KEY "bytes_sent"
#define PR_JOT_LOGFMT_CLASS_KEY "connection_class"
#define PR_JOT_LOGFMT_CMD_PARAMS_KEY "command_params"
#define PR_JOT_LOGFMT_COMMAND_KEY "raw_command"
#define PR_JOT_LOGFMT_CONNECT_KEY "connecting"
#define PR_JOT_LOGFMT_DIR_NAME_KEY "dir_name"
#define PR_JOT_LOGFMT_DIR_PATH_KEY "dir_path"
#define PR_JOT_LOGFMT_DISCONNECT_KEY "disconnecting"
#define PR_JOT_LOGFMT_ENV_VAR_KEY "ENV:"
#define PR_JOT_LOGFMT_EOS_REASON_KEY "session_end_reason"
#define PR_JOT_LOGFMT_EPOCH_KEY "epoch"
#define PR_JOT_LOGFMT_FILENAME_KEY "file"
#define PR_JOT_LOGFMT_FILE_MODIFIED_KEY "file_modified"
#define PR_JOT_LOGFMT_FILE_OFFSET_KEY "file_offset"
#define PR_JOT_LOGFMT_FILE_SIZE_KEY "file_size"
#define PR_JOT_LOGFMT_GID_KEY "gid"
#define PR_JOT_LOGFMT_GROUP_KEY "group"
#define PR_JOT_LOGFMT_IDENT_USER_KEY "identd_user"
#define PR_JOT_LOGFMT_ISO8601_KEY "timestamp"
#define PR_JOT_LOGFMT_LOCAL_FQDN_KEY "server_dns"
#define PR_JOT_LOGFMT_LOCAL_IP_KEY "local_ip"
#define PR_JOT_LOGFMT_LOCAL_NAME_KEY "server_name"
#define PR_JOT_LOGFMT_LOCAL_PORT_KEY "local_port"
#define PR_JOT_LOGFMT_METHOD_KEY "command"
#define PR_JOT_LOGFMT_MICROSECS_KEY "microsecs"
#define PR_JOT_LOGFMT_MILLISECS_KEY "millisecs"
#define PR_JOT_LOGFMT_NOTE_KEY "NOTE:"
#define PR_JOT_LOGFMT_ORIG_USER_KEY "original_user"
#define PR_JOT_LOGFMT_PID_KEY "pid"
#define PR_JOT_LOGFMT_PROTOCOL_KEY "protocol"
#define PR_JOT_LOGFMT_RAW_BYTES_IN_KEY "session_bytes_rcvd"
#define PR_JOT_LOGFMT_RAW_BYTES_OUT_KEY "session_bytes_sent"
#define PR_JOT_LOGFMT_REMOTE_HOST_KEY "remote_dns"
#define PR_JOT_LOGFMT_REMOTE_IP_KEY "remote_ip"
#define PR_JOT_LOGFMT_REMOTE_PORT_KEY "remote_port"
#define PR_JOT_LOGFMT_RENAME_FROM_KEY "rename_from"
#define PR_JOT_LOGFMT_RESPONSE_CODE_KEY "response_code"
#define PR_JOT_LOGFMT_RESPONSE_MSG_KEY "response_msg"
#define PR_JOT_LOGFMT_RESPONSE_MS_KEY "response_millis"
#define PR_JOT_LOGFMT_SECONDS_KEY "transfer_secs"
#define PR_JOT_LOGFMT_TIME_KEY "local_time"
#define PR_JOT_LOGFMT_UID_KEY "uid"
#define PR_JOT_LOGFMT_USER_KEY "user"
#define PR_JOT_LOGFMT_VERSION_KEY "server_version"
#define PR_JOT_LOGFMT_VHOST_IP_KEY "server_ip"
#define PR_JOT_LOGFMT_XFER_FAILURE_KEY "transfer_failure"
#define PR_JOT_LOGFMT_XFER_MS_KEY "transfer_millis"
#define PR_JOT_LOGFMT_XFER_PATH_KEY "transfer_path"
#define PR_JOT_LOGFMT_XFER_PORT_KEY "transfer_port"
#define PR_JOT_LOGFMT_XFER_STATUS_KEY "transfer_status"
#define PR_JOT_LOGFMT_XFER_TYPE_KEY "transfer_type"

/* Filter rule kinds and flags (pr_jot_filters_create) */
#define PR_JOT_FILTER_TYPE_COMMANDS_WITH_CLASSES 0
#define PR_JOT_FILTER_TYPE_COMMANDS 1
#define PR_JOT_FILTER_TYPE_CLASSES 2
#define PR_JOT_FILTER_FL_ALL_INCL_ALL 0x001

/* Parsing flags (pr_jot_parse_logfmt) */
#define PR_JOT_LOGFMT_PARSE_FL_UNKNOWN_AS_CUSTOM 0x001

typedef struct jot_filters_rec pr_jot_filters_t;

/* What the callbacks get: where to write, and the caller's own data */
typedef struct {
  void *log;
  const void *user_data;
} pr_jot_ctx_t;

/* A buffer being filled by the parse callbacks */
typedef struct {
  unsigned char *ptr, *buf;
  size_t bufsz, buflen;
} pr_jot_parsed_t;

/* Filters */
pr_jot_filters_t *pr_jot_filters_create(pool *, const char *, int, int);
int pr_jot_filters_destroy(pr_jot_filters_t *);
int pr_jot_filters_include_classes(pr_jot_filters_t *, int);

/* Ids and their JSON form */
const char *pr_jot_get_logfmt_id_name(unsigned char);
pr_table_t *pr_jot_get_logfmt2json(pool *);
int pr_jot_on_json(pool *, pr_jot_ctx_t *, unsigned char, const char *, const void *);

/* Parsing LogFormat text into a buffer */
int pr_jot_parse_logfmt(pool *, const char *, pr_jot_ctx_t *, int (*)(pool *, pr_jot_ctx_t *, unsigned char, const char *, size_t), int (*)(pool *, pr_jot_ctx_t *, const char *, size_t), int (*)(pool *, pr_jot_ctx_t *, char), int);
int pr_jot_parse_on_meta(pool *, pr_jot_ctx_t *, unsigned char, const char *, size_t);
int pr_jot_parse_on_other(pool *, pr_jot_ctx_t *, char);
int pr_jot_parse_on_unknown(pool *, pr_jot_ctx_t *, const char *, size_t);

/* Resolving a parsed buffer, or one id, for a command */
int pr_jot_resolve_logfmt(pool *, cmd_rec *, pr_jot_filters_t *, unsigned char *, pr_jot_ctx_t *, int (*)(pool *, pr_jot_ctx_t *, unsigned char, const char *, const void *), int (*)(pool *, pr_jot_ctx_t *, unsigned char), int (*)(pool *, pr_jot_ctx_t *, unsigned char *, size_t));
int pr_jot_resolve_logfmt_id(pool *, cmd_rec *, pr_jot_filters_t *, unsigned char, const char *, size_t, pr_jot_ctx_t *, int (*)(pool *, pr_jot_ctx_t *, unsigned char, const char *, const void *), int (*)(pool *, pr_jot_ctx_t *, unsigned char));
int pr_jot_scan_logfmt(pool *, unsigned char *, unsigned char, pr_jot_ctx_t *, int (*)(pool *, pr_jot_ctx_t *, unsigned char, const char *, size_t), int);

/* Core use */
void jot_set_deleted_filesz(off_t);

#endif
