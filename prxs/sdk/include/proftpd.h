/* prxs SDK: the session state (subset of proftpd.h). */

#ifndef PR_PROFTPD_H
#define PR_PROFTPD_H

struct conn_struc;
struct cmd_struc;
struct config_struc;
struct server_struc;

typedef struct {
  struct pool_rec *pool;

  volatile int sf_flags;		/* Session/State flags */
  volatile int sp_flags;		/* Session/Protection flags */

  const char *auth_mech;		/* Module that authenticated the user */

  char cwd[PR_TUNABLE_PATH_MAX];	/* Current working directory */
  char vwd[PR_TUNABLE_PATH_MAX];	/* Current virtual working directory */

  struct config_struc *dir_config;	/* Closest matching configuration
					 * for current operation
					 */

  /* Process ID of the session */
  pid_t pid;

  /* The uid/gids are manipulated by the PRIVS macros in privs.h */
  int disable_id_switching;		/* Disable UID/GID switching */
  uid_t uid, ouid;			/* Current and original UIDs */
  gid_t gid;				/* Current GID */

  array_header *gids;
  array_header *groups;

  /* fsuid/fsgid are used for chown after creation or upload. */
  uid_t fsuid;				/* Saved file UID */
  gid_t fsgid;				/* Saved file GID */

  const char *user, *group;		/* Username/groupname after login */
  uid_t login_uid;			/* UID after login, before the switch */
  gid_t login_gid;			/* GID after login, before the switch */

  pr_table_t *notes;			/* Session notes table */

  struct conn_struc *c;			/* Control connection */
  struct conn_struc *d;			/* Data connection */

  const char *chroot_path;		/* Chroot directory */

  struct config_struc *anon_config;	/* Anonymous FTP configuration */
  const char *anon_user;		/* Email address sent to us */

  const char *curr_cmd;			/* Current FTP command */
  int curr_cmd_id;			/* Current FTP command ID */
  struct cmd_struc *curr_cmd_rec;	/* Current command */
  int curr_phase;			/* Current handler phase */

  off_t restart_pos;			/* Restart marked position (REST) */

  struct {
    struct pool_rec *p;
    int xfer_type;			/* default/append/hidden */
    int direction;
    const char *filename;		/* As shown to user */
    const char *path;			/* As used in transfer */
    off_t file_size;			/* Total size of file (if known) */
    off_t total_bytes;			/* Total bytes transferred */
  } xfer;

  off_t total_bytes_in;
  off_t total_bytes_out;
  off_t total_bytes;
  unsigned int total_files_in;
  unsigned int total_files_out;
  unsigned int total_files_xfer;

  int disconnect_reason;
  struct module_struc *disconnect_module;
} session_t;

/* Daemon identity values */
extern uid_t daemon_uid;
extern gid_t daemon_gid;

/* The superuser's ids (privs) */
#define PR_ROOT_UID	0
#define PR_ROOT_GID	0

/* Possible values for xfer.xfer_type, mutually exclusive */
#define STOR_DEFAULT	0
#define STOR_APPEND	1
#define STOR_HIDDEN	2
#define STOR_UNIQUE	3

extern session_t	session;

/* Session/State flags */
#define SF_PASSIVE	0x0001	/* Data connection is in passive mode */
#define SF_ABORT	0x0002	/* Abort in progress */
#define SF_XFER		0x0004	/* Transfer in progress */
#define SF_ASCII	0x0010	/* ASCII mode transfer */
#define SF_ASCII_OVERRIDE 0x0020	/* ASCII override this xfer only */
#define SF_ANON		0x0040	/* Anonymous (chroot) login */
#define SF_POST_ABORT	0x0100	/* After abort has occurred */
#define SF_PORT		0x0200	/* Port command given */

#endif /* PR_PROFTPD_H */
