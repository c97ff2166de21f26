/* prxs SDK: ProFTPD 1.3.8 module ABI -- the symbol table: directives, commands and auth handlers by name. */

#ifndef PR_STASH_H
#define PR_STASH_H

/* Kinds of symbols in the stash */
typedef enum {
  PR_SYM_CONF = 1,
  PR_SYM_CMD,
  PR_SYM_AUTH,
  PR_SYM_HOOK,
} pr_stash_type_t;

/* The symbol stash: where directives, commands and hooks are looked up */
int init_stash(void);
int pr_stash_add_symbol(pr_stash_type_t, void *);
void pr_stash_dump(void (*)(const char *, ...));
void *pr_stash_get_symbol(pr_stash_type_t, const char *, void *, int *);
void *pr_stash_get_symbol2(pr_stash_type_t, const char *, void *, int *, unsigned int *);
int pr_stash_remove_auth(const char *, module *);
int pr_stash_remove_cmd(const char *, module *, unsigned char, const char *, int);
int pr_stash_remove_conf(const char *, module *);
int pr_stash_remove_hook(const char *, module *);
int pr_stash_remove_symbol(pr_stash_type_t, const char *, module *);

#endif
