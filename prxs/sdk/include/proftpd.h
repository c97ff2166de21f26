/* prxs SDK: ProFTPD 1.3.8 module ABI -- session_t, the session state, and core globals. */

#ifndef PR_PROFTPD_H
#define PR_PROFTPD_H

#include "class.h"
#include "netaddr.h"
#include "options.h"
#include <assert.h>

/* Truth values and root ids */
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#define PR_ROOT_UID 0
#define PR_ROOT_GID 0

/* Callback signature and assertions */
#define CALLBACK_FRAME unsigned long p1, unsigned long p2, unsigned long p3, void *data
#define ASSERT(x) assert(x)
#define PR_DEVEL_CLOCK(code) (code)

/* How an upload stores its file */
#define STOR_DEFAULT 0
#define STOR_APPEND 1
#define STOR_HIDDEN 2
#define STOR_UNIQUE 3

/* Session flags (session.sf_flags) */
#define SF_PASSIVE 0x0001
#define SF_ABORT 0x0002
#define SF_XFER 0x0004
#define SF_ASCII 0x0010
#define SF_ASCII_OVERRIDE 0x0020
#define SF_ANON 0x0040
#define SF_POST_ABORT 0x0100
#define SF_PORT 0x0200
#define SF_EPSV_ALL 0x0400
#define SF_ALL (SF_PASSIVE|SF_ABORT|SF_XFER|SF_ASCII|  SF_ASCII_OVERRIDE|SF_ANON|SF_POST_ABORT|SF_PORT|  SF_EPSV_ALL)
#define XFER_ABORTED (session.sf_flags & SF_ABORT)

/* Protection flags (session.sp_flags) */
#define SP_CCC (1 << 0)
#define SP_ENC (1 << 1)
#define SP_MIC (1 << 2)
#define SP_CONF (1 << 3)

/* Server types */
#define SERVER_INETD 0
#define SERVER_STANDALONE 1

/* Signals received, recorded for later handling */
#define RECEIVED_SIG_RESTART 0x0001
#define RECEIVED_SIG_EXIT 0x0002
#define RECEIVED_SIG_SHUTDOWN 0x0004
#define RECEIVED_SIG_SEGV 0x0008
#define RECEIVED_SIG_TERMINATE 0x0010
#define RECEIVED_SIG_XCPU 0x0020
#define RECEIVED_SIG_XFSZ 0x0040
#define RECEIVED_SIG_ABORT 0x0080
#define RECEIVED_SIG_EVENT 0x0100
#define RECEIVED_SIG_CHLD 0x0200
#define RECEIVED_SIG_ALRM 0x0400

/* Core timer ids */
#define PR_TIMER_LOGIN 1
#define PR_TIMER_IDLE 2
#define PR_TIMER_NOXFER 3
#define PR_TIMER_STALLED 4
#define PR_TIMER_SESSION 5

/* A timer or scheduler callback */
typedef int (*callback_t)(CALLBACK_FRAME);

/* Records declared elsewhere */
struct class_struc;

struct conn_struc;

struct cmd_struc;

/* One configuration entry (directive or section) with its parameters */
struct config_struc;

/* What a command handler returns */
struct modret_struc;

struct server_struc;

/* Everything about the current session */
typedef struct {
  /* Pool, flags, data connection and security mechanisms */
  struct pool_rec *pool;
  volatile int sf_flags;
  volatile int sp_flags;
  pr_netaddr_t data_addr;
  unsigned short data_port;
  const char *auth_mech;
  const char *rfc2228_mech;
  /* Current directory (real and virtual) and its configuration */
  char cwd[PR_TUNABLE_PATH_MAX];
  char vwd[PR_TUNABLE_PATH_MAX];
  struct config_struc *dir_config;
  /* Process and identity */
  pid_t pid;
  int disable_id_switching;
  uid_t uid, ouid;
  gid_t gid;
  array_header *gids;
  array_header *groups;
  uid_t fsuid;
  gid_t fsgid;
  const char *user, *group;
  uid_t login_uid;
  gid_t login_gid;
  /* Notes, class, connections */
  pr_table_t *notes;
  const struct class_struc *conn_class;
  const char *proc_prefix;
  int wtmp_log;
  struct conn_struc *c;
  struct conn_struc *d;
  int hide_password;
  /* Chroot and anonymous login */
  const char *chroot_path;
  struct config_struc *anon_config;
  const char *anon_user;
  /* The command being handled */
  const char *curr_cmd;
  int curr_cmd_id;
  struct cmd_struc *curr_cmd_rec;
  int curr_phase;
  struct server_struc *prev_server;
  /* REST and RANG positions */
  off_t restart_pos;
  off_t range_start, range_len;
  struct {
    struct pool_rec *p;
    int xfer_type;
    int direction;
    const char *filename;
    const char *path;
    const char *path_hidden;
    unsigned int bufsize, buflen;
    struct timeval start_time;
    off_t file_size;
    off_t total_bytes;
    char *bufstart, *buf;
  } xfer;
  /* Totals for the session */
  off_t total_bytes_in;
  off_t total_bytes_out;
  off_t total_bytes;
  unsigned int total_files_in;
  unsigned int total_files_out;
  unsigned int total_files_xfer;
  off_t total_raw_in;
  off_t total_raw_out;
  /* How the session ended, and when it began */
  int disconnect_reason;
  struct module_struc *disconnect_module;
  uint64_t connect_time_ms;
} session_t;

/* Daemon identity and the current session */
extern gid_t daemon_gid;
extern array_header *daemon_gids;
extern uid_t daemon_uid;
extern session_t session;

/* Server settings */
extern char AddressCollisionCheck;
extern char ServerType;

/* Ending a session and setting resource limits */
void session_exit(int, void *, int, void *);
void set_daemon_rlimits(void);
void set_session_rlimits(void);

#endif
