/* The API mod_parent offers the modules loaded after it. */
#ifndef MOD_PARENT_H
#define MOD_PARENT_H

int parent_register(const char *name);
int parent_count(void);

#endif /* MOD_PARENT_H */
