/* prxs SDK: ProFTPD 1.3.8 module ABI -- the scoreboard: one entry per session. */

#ifndef PR_SCOREBOARD_H
#define PR_SCOREBOARD_H

/* Scoreboard file format and mode */
#define PR_SCOREBOARD_VERSION 0x01040003
#define PR_SCOREBOARD_MAGIC 0xdeadbeef
#define PR_SCOREBOARD_MODE 0644

/* Scoreboard entry fields for pr_scoreboard_entry_update() */
#define PR_SCORE_USER 1
#define PR_SCORE_CLIENT_ADDR 2
#define PR_SCORE_CLIENT_NAME 3
#define PR_SCORE_CLASS 4
#define PR_SCORE_CWD 5
#define PR_SCORE_CMD 6
#define PR_SCORE_CMD_ARG 7
#define PR_SCORE_SERVER_PORT 8
#define PR_SCORE_SERVER_ADDR 9
#define PR_SCORE_SERVER_LABEL 10
#define PR_SCORE_XFER_DONE 11
#define PR_SCORE_XFER_SIZE 12
#define PR_SCORE_BEGIN_IDLE 13
#define PR_SCORE_BEGIN_SESSION 14
#define PR_SCORE_XFER_LEN 15
#define PR_SCORE_XFER_ELAPSED 16
#define PR_SCORE_PROTOCOL 17

/* Errors reading a scoreboard */
#define PR_SCORE_ERR_BAD_MAGIC -2
#define PR_SCORE_ERR_OLDER_VERSION -3
#define PR_SCORE_ERR_NEWER_VERSION -4

/* The header of the scoreboard file */
typedef struct {
  unsigned long sch_magic;
  unsigned long sch_version;
  pid_t sch_pid;
  time_t sch_uptime;
} pr_scoreboard_header_t;

/* One session's slot in the scoreboard */
typedef struct {
  pid_t sce_pid;
  uid_t sce_uid;
  gid_t sce_gid;
  char sce_user[32];
  int sce_server_port;
  char sce_server_addr[80], sce_server_label[32];
  char sce_client_addr[INET6_ADDRSTRLEN];
  char sce_client_name[PR_TUNABLE_SCOREBOARD_BUFFER_SIZE];
  char sce_class[32];
  char sce_protocol[32];
  char sce_cwd[PR_TUNABLE_SCOREBOARD_BUFFER_SIZE];
  char sce_cmd[65];
  char sce_cmd_arg[PR_TUNABLE_SCOREBOARD_BUFFER_SIZE];
  time_t sce_begin_idle, sce_begin_session;
  off_t sce_xfer_size;
  off_t sce_xfer_done;
  off_t sce_xfer_len;
  unsigned long sce_xfer_elapsed;
} pr_scoreboard_entry_t;

/* The scoreboard file */
int pr_close_scoreboard(int);
void pr_delete_scoreboard(void);
const char *pr_get_scoreboard(void);
const char *pr_get_scoreboard_mutex(void);
int pr_lock_scoreboard(int, int);
int pr_open_scoreboard(int);
int pr_restore_scoreboard(void);
int pr_rewind_scoreboard(void);
pid_t pr_scoreboard_get_daemon_pid(void);
time_t pr_scoreboard_get_daemon_uptime(void);
int pr_scoreboard_scrub(void);
int pr_set_scoreboard(const char *);
int pr_set_scoreboard_mutex(const char *);

/* Entries */
int pr_scoreboard_entry_add(void);
int pr_scoreboard_entry_del(unsigned char);
const char *pr_scoreboard_entry_get(int);
int pr_scoreboard_entry_kill(pr_scoreboard_entry_t *, int);
int pr_scoreboard_entry_lock(int, int);
pr_scoreboard_entry_t *pr_scoreboard_entry_read(void);
int pr_scoreboard_entry_update(pid_t, ...);

#endif
