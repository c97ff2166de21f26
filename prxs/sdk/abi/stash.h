/* prxs SDK: ProFTPD 1.3.8 module ABI -- the symbol table: directives, commands and auth handlers by name. */

#ifndef PR_STASH_H
#define PR_STASH_H

typedef enum {
  PR_SYM_CONF = 1,
  PR_SYM_CMD,
  PR_SYM_AUTH,
  PR_SYM_HOOK,
} pr_stash_type_t;
int pr_stash_add_symbol(pr_stash_type_t stash_type, void *sym);
void *pr_stash_get_symbol(pr_stash_type_t stash_type, const char *name, void *prev_sym, int *);
void *pr_stash_get_symbol2(pr_stash_type_t stash_type, const char *name, void *prev_sym, int *, unsigned int *);
int pr_stash_remove_symbol(pr_stash_type_t stash_type, const char *name, module *m);
int pr_stash_remove_conf(const char *directive_name, module *m);
int pr_stash_remove_cmd(const char *cmd_name, module *m, unsigned char cmd_type, const char *cmd_group, int cmd_class);
int pr_stash_remove_auth(const char *api_name, module *m);
int pr_stash_remove_hook(const char *hook_name, module *m);
void pr_stash_dump(void (*)(const char *, ...));
int init_stash(void);

#endif
