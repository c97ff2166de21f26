/* prxs SDK: module definitions (subset of modules.h). */

#ifndef PR_MODULES_H
#define PR_MODULES_H

typedef struct module_struc	module;
typedef struct modret_struc	modret_t;

struct modret_struc {
  module *mr_handler_module;		/* which module handled this? */
  int mr_error;				/* !0 if error */
  const char *mr_numeric;		/* numeric error code */
  const char *mr_message;		/* text message */
  void *data;				/* add'l data -- undefined */
};

/* The following macros are for creating basic modret_t, and can
 * only be used inside of module handlers
 */

#define MODRET				static modret_t*
#define PR_HANDLED(cmd)			mod_create_ret((cmd),\
					0,NULL,NULL)
#define PR_DECLINED(cmd)		(modret_t*)NULL
#define PR_ERROR(cmd)			mod_create_ret((cmd),\
					1,NULL,NULL)
#define PR_ERROR_MSG(cmd,n,m)		mod_create_ret((cmd),\
					1,(n),(m))
#define PR_ERROR_INT(cmd,n)		mod_create_error((cmd),(n))

#define MODRET_ISDECLINED(x)		((x) == NULL)
#define MODRET_ISHANDLED(x)		((x) && !(x)->mr_error)
#define MODRET_ISERROR(x)		((x) && (x)->mr_error)
#define MODRET_HASNUM(x)		((x) && (x)->mr_numeric)
#define MODRET_HASMSG(x)		((x) && (x)->mr_message)
#define MODRET_ERROR(x)			((x) ? (x)->mr_error : 0)
#define MODRET_ERRNUM(x)		((x) ? (x)->mr_numeric : NULL)
#define MODRET_ERRMSG(x)		((x) ? (x)->mr_message : NULL)
#define MODRET_HASDATA(x)		((x) ? ((x)->data ? TRUE : FALSE) : FALSE)

typedef struct conftab_rec {
  char *directive;
  modret_t *(*handler)(cmd_rec *);

  module *m;				/* Owning module, set at load */
} conftable;

/* Classes of commands.  These are used as logging categories as well. */
#define CL_NONE		0x0000
#define CL_AUTH		0x0001	/* USER, PASS */
#define CL_INFO		0x0002	/* Informational commands (PWD, SYST, etc) */
#define CL_DIRS		0x0004	/* Directory commands (LIST, NLST, CWD, etc) */
#define CL_READ		0x0008	/* File reading commands (RETR) */
#define CL_WRITE	0x0010	/* Writing commands (STOR, MKD, etc) */
#define CL_MISC		0x0020	/* Miscellaneous (RNFR/RNTO, SITE, etc) */
#define CL_SEC		0x0040	/* RFC2228 Security commands */
#define CL_CONNECT	0x0080	/* Session start */
#define CL_DISCONNECT	0x0100	/* Session end */
#define CL_SSH		0x0200	/* SSH requests */
#define CL_SFTP		0x0400	/* SFTP requests */

#define CL_ALL\
  (CL_AUTH|CL_INFO|CL_DIRS|CL_READ|\
   CL_WRITE|CL_MISC|CL_SEC|CL_SSH|CL_SFTP)

/* Command handler types for command table */
#define PRE_CMD				1
#define CMD				2
#define POST_CMD			3
#define POST_CMD_ERR			4
#define LOG_CMD				5
#define LOG_CMD_ERR			6
#define HOOK				7

typedef struct cmdtab_rec {

  /* See above for cmd types. */
  unsigned char cmd_type;
  const char *command;

  /* Command group. */
  const char *group;
  modret_t *(*handler)(cmd_rec *);

  /* Does this command require authentication? */
  unsigned char requires_auth;

  /* Can this command be issued during a transfer? (Now obsolete) */
  unsigned char interrupt_xfer;

  int cmd_class;
  module *m;
} cmdtable;

typedef struct authtab_rec {
  int auth_flags;			/* future use */
  const char *name;
  modret_t *(*handler)(cmd_rec *);

  module *m;
} authtable;

#define PR_AUTH_FL_REQUIRED		0x00001

struct module_struc {
  module *next, *prev;

  int api_version;			/* API version _not_ module version */
  const char *name;			/* Module name */

  struct conftab_rec *conftable;	/* Configuration directive table */
  struct cmdtab_rec *cmdtable;		/* Command table */
  struct authtab_rec *authtable;	/* Authentication handler table */

  int (*init)(void);			/* Module initialization */
  int (*sess_init)(void);		/* Session initialization */

  const char *module_version;		/* Module version */
  void *handle;				/* Module handle */

  /* Internal use; high number == higher priority. */
  int priority;
};

#define ANY_MODULE			((module*)0xffffffff)

unsigned char command_exists(const char *);
unsigned char pr_module_exists(const char *);
module *pr_module_get(const char *);

/* For use from inside module handler functions */
modret_t *mod_create_ret(cmd_rec *, unsigned char, const char *, const char *);
modret_t *mod_create_error(cmd_rec *, int);
modret_t *mod_create_data(cmd_rec *, void *);

#endif /* PR_MODULES_H */
