/* prxs SDK: ProFTPD 1.3.8 module ABI -- the module API: module, conftable, cmdtable and authtable and the MODRET helpers. */

#ifndef PR_MODULES_H
#define PR_MODULES_H

/* Handler return values */
#define MODRET static modret_t*
#define PR_HANDLED(cmd) mod_create_ret((cmd), 0,NULL,NULL)
#define PR_DECLINED(cmd) (modret_t*)NULL
#define PR_ERROR(cmd) mod_create_ret((cmd), 1,NULL,NULL)
#define PR_ERROR_MSG(cmd,n,m) mod_create_ret((cmd), 1,(n),(m))
#define PR_ERROR_INT(cmd,n) mod_create_error((cmd),(n))
#define MODRET_ISDECLINED(x) ((x) == NULL)
#define MODRET_ISHANDLED(x) ((x) && !(x)->mr_error)
#define MODRET_ISERROR(x) ((x) && (x)->mr_error)
#define MODRET_HASNUM(x) ((x) && (x)->mr_numeric)
#define MODRET_HASMSG(x) ((x) && (x)->mr_message)
#define MODRET_ERROR(x) ((x) ? (x)->mr_error : 0)
#define MODRET_ERRNUM(x) ((x) ? (x)->mr_numeric : NULL)
#define MODRET_ERRMSG(x) ((x) ? (x)->mr_message : NULL)
#define MODRET_HASDATA(x) ((x) ? ((x)->data ? TRUE : FALSE) : FALSE)

/* Command classes (cmdtable.cmd_class) */
#define CL_NONE 0x0000
#define CL_AUTH 0x0001
#define CL_INFO 0x0002
#define CL_DIRS 0x0004
#define CL_READ 0x0008
#define CL_WRITE 0x0010
#define CL_MISC 0x0020
#define CL_SEC 0x0040
#define CL_CONNECT 0x0080
#define CL_DISCONNECT 0x0100
#define CL_SSH 0x0200
#define CL_SFTP 0x0400
#define CL_ALL (CL_AUTH|CL_INFO|CL_DIRS|CL_READ| CL_WRITE|CL_MISC|CL_SEC|CL_SSH|CL_SFTP)

/* Command phases (cmdtable.cmd_type) */
#define PRE_CMD 1
#define CMD 2
#define POST_CMD 3
#define POST_CMD_ERR 4
#define LOG_CMD 5
#define LOG_CMD_ERR 6
#define HOOK 7

/* Auth handler flags and the wildcard module */
#define PR_AUTH_FL_REQUIRED 0x00001
#define ANY_MODULE ((module*)0xffffffff)

/* modules_list2() flags */
#define PR_MODULES_LIST_FL_SHOW_VERSION 0x00001
#define PR_MODULES_LIST_FL_SHOW_STATIC 0x00002

typedef struct module_struc module;

typedef struct modret_struc modret_t;

/* What a command handler returns */
struct modret_struc {
  module *mr_handler_module;
  int mr_error;
  const char *mr_numeric;
  const char *mr_message;
  void *data;
};

/* A module's configuration directive handlers */
typedef struct conftab_rec {
  char *directive;
  modret_t *(*handler)(cmd_rec *);
  module *m;
} conftable;

/* A module's command handlers, per phase */
typedef struct cmdtab_rec {
  unsigned char cmd_type;
  const char *command;
  const char *group;
  modret_t *(*handler)(cmd_rec *);
  unsigned char requires_auth;
  unsigned char interrupt_xfer;
  int cmd_class;
  module *m;
} cmdtable;

/* A module's authentication handlers */
typedef struct authtab_rec {
  int auth_flags;
  const char *name;
  modret_t *(*handler)(cmd_rec *);
  module *m;
} authtable;

/* A module: its tables, init hooks and load state */
struct module_struc {
  module *next, *prev;
  int api_version;
  const char *name;
  struct conftab_rec *conftable;
  struct cmdtab_rec *cmdtable;
  struct authtab_rec *authtable;
  int (*init)(void);
  int (*sess_init)(void);
  const char *module_version;
  void *handle;
  int priority;
};

/* The check that decides whether a command needs a login */
extern int (*cmd_auth_chk)(cmd_rec *);

/* Building handler results */
modret_t *mod_create_data(cmd_rec *, void *);
modret_t *mod_create_error(cmd_rec *, int);
modret_t *mod_create_ret(cmd_rec *, unsigned char, const char *, const char *);

/* Loading, finding and calling modules */
unsigned char command_exists(const char *);
modret_t *pr_module_call(module *, modret_t *(*)(cmd_rec *), cmd_rec *);
unsigned char pr_module_exists(const char *);
module *pr_module_get(const char *);
int pr_module_load(module *);
int pr_module_load_authtab(module *);
int pr_module_load_cmdtab(module *);
int pr_module_load_conftab(module *);
int pr_module_unload(module *);
void set_auth_check(int (*)(cmd_rec *));

/* Module lists and start-up */
int modules_init(void);
void modules_list(int);
void modules_list2(int (*)(const char *, ...), int);
int modules_session_init(void);

/* Core helpers used by other modules */
int core_chgrp(cmd_rec *, const char *, uid_t, gid_t);
int core_chmod(cmd_rec *, const char *, mode_t);

#endif
