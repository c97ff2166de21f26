/*
 * prxs shim host: user, group and class expressions (pr_expr_*), as
 * ProFTPD 1.3.8's: a list of names ("!name" negates one) is true for the
 * session when all (_and) or one (_or) of them hold.  mod_ifsession's
 * <IfUser>/<IfGroup>/<IfClass> and mod_wrap2's tables use them.
 */

#include "host_parse.h"

/* The next comma-separated item of *s (as pr_str_get_token()), NULL at
 * the end.
 */
static char *expr_next_item(char **s) {
  char *item = *s, *comma;

  if (item == NULL || *item == '\0') {
    return NULL;
  }
  comma = strchr(item, ',');
  if (comma != NULL) {
    *comma = '\0';
    *s = comma + 1;
  } else {
    *s = item + strlen(item);
  }
  return item;
}

/* The words of argv after argv[0] (the directive), comma lists split and
 * empty items dropped; *argc becomes their count.
 */
array_header *pr_expr_create(pool *p, unsigned int *argc, char **argv) {
  array_header *acl;
  unsigned int cnt;

  if (p == NULL || argc == NULL || argv == NULL || *argv == NULL) {
    errno = EINVAL;
    return NULL;
  }

  cnt = *argc;
  acl = make_array(p, cnt, sizeof(char *));
  while (cnt-- > 0 && *(++argv) != NULL) {
    char *s = pstrdup(p, *argv), *ent;

    if (strchr(s, ',') == NULL) {
      *((char **) push_array(acl)) = s;
      continue;
    }
    while ((ent = expr_next_item(&s)) != NULL) {
      if (*ent != '\0') {
        *((char **) push_array(acl)) = ent;
      }
    }
  }
  *argc = acl->nelts;
  return acl;
}

static int expr_is_user(const char *name) {
  return session.user != NULL && strcmp(session.user, name) == 0;
}

static int expr_is_group(const char *name) {
  unsigned int i;

  if (session.group != NULL && strcmp(session.group, name) == 0) {
    return TRUE;
  }
  if (session.groups != NULL) {
    char **elts = session.groups->elts;

    for (i = 0; i < session.groups->nelts; i++) {
      if (elts[i] != NULL && strcmp(elts[i], name) == 0) {
        return TRUE;
      }
    }
  }
  return FALSE;
}

static int expr_is_class(const char *name) {
  return session.conn_class != NULL &&
    strcmp(session.conn_class->cls_name, name) == 0;
}

static int expr_eval(char **expr, int (*is)(const char *), int and) {
  if (expr == NULL || *expr == NULL) {
    errno = EINVAL;
    return -1;
  }
  for (; *expr != NULL; expr++) {
    const char *name = *expr;
    int negated = (*name == '!'), found;

    if (negated) {
      name++;
    }
    found = is(name) ? !negated : negated;
    if (and && !found) {
      return FALSE;
    }
    if (!and && found) {
      return TRUE;
    }
  }
  return and ? TRUE : FALSE;
}

int pr_expr_eval_user_and(char **expr) {
  return expr_eval(expr, expr_is_user, TRUE);
}

int pr_expr_eval_user_or(char **expr) {
  return expr_eval(expr, expr_is_user, FALSE);
}

int pr_expr_eval_group_and(char **expr) {
  return expr_eval(expr, expr_is_group, TRUE);
}

int pr_expr_eval_group_or(char **expr) {
  return expr_eval(expr, expr_is_group, FALSE);
}

int pr_expr_eval_class_and(char **expr) {
  return expr_eval(expr, expr_is_class, TRUE);
}

/* As proftpd's: with no class for the session, the first name decides
 * (true only if it is negated).
 */
int pr_expr_eval_class_or(char **expr) {
  if (expr != NULL && *expr != NULL && session.conn_class == NULL) {
    return **expr == '!' ? TRUE : FALSE;
  }
  return expr_eval(expr, expr_is_class, FALSE);
}
