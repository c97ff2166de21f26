/*
 * prxs shim host: Controls access lists (ModuleControlsACLs,
 * ControlsSocketACL), with proftpd's meaning:
 *
 *   ... allow user a,b    the listed users pass, everyone else fails
 *   ... deny user a,b     the listed users fail, everyone else passes
 *   ... allow|deny user * everyone passes (allow) or fails (deny)
 *
 * A caller passes when its user ACL or its group ACL lets it through; with
 * no ACL for an action nobody passes.  For one action and one kind (user
 * or group) the last directive wins, as each proftpd directive replaces the
 * list.  The caller's uid and gid are the kernel's (SO_PEERCRED), never
 * anything the client says.
 */

#include "host_ctrls.h"

static int acl_resolve(pool *p, const char *name, int is_group,
    unsigned int *id) {
  const char *cp;

  if (is_group) {
    struct group *gr = getgrnam(name);
    if (gr != NULL) {
      *id = (unsigned int) gr->gr_gid;
      return 0;
    }
  } else {
    struct passwd *pw = getpwnam(name);
    if (pw != NULL) {
      *id = (unsigned int) pw->pw_uid;
      return 0;
    }
  }
  /* A number names an id with no entry in the system's database. */
  for (cp = name; *cp && isdigit((unsigned char) *cp); cp++);
  if (*name != '\0' && *cp == '\0' && strlen(name) < 11) {
    *id = (unsigned int) strtoul(name, NULL, 10);
    return 0;
  }
  (void) p;
  return -1;
}

/* Returns NULL and *acl, or what is wrong with the arguments. */
char *host_ctrls_acl_parse(pool *p, const char *actions,
    const char *const *names, const char *allow, const char *kind,
    const char *list, struct host_ctrls_acl **acl) {
  struct host_ctrls_acl *a = pcalloc(p, sizeof(*a));
  char *words, *word, *next;
  unsigned int n = 1;
  const char *cp;

  if (names == NULL) {
    a->actions = ~0U;
  } else if (strcmp(actions, "all") == 0) {
    a->actions = ~0U;
  } else {
    words = pstrdup(p, actions);
    for (word = words; word != NULL; word = next) {
      unsigned int i;

      next = strchr(word, ',');
      if (next != NULL) {
        *next++ = '\0';
      }
      for (i = 0; names[i] != NULL; i++) {
        if (strcmp(word, names[i]) == 0) {
          a->actions |= 1U << i;
          break;
        }
      }
      if (names[i] == NULL) {
        char *known = "";
        for (i = 0; names[i] != NULL; i++) {
          known = pstrcat(p, known, names[i], ", ", NULL);
        }
        return psprintf(p, "unknown action '%s' (the actions are %sor all)",
          word, known);
      }
    }
  }

  if (strcasecmp(allow, "allow") == 0) {
    a->allow = TRUE;
  } else if (strcasecmp(allow, "deny") != 0) {
    return psprintf(p, "expected 'allow' or 'deny', not '%s'", allow);
  }
  if (strcasecmp(kind, "group") == 0) {
    a->is_group = TRUE;
  } else if (strcasecmp(kind, "user") != 0) {
    return psprintf(p, "expected 'user' or 'group', not '%s'", kind);
  }

  if (strcmp(list, "*") == 0) {
    a->everyone = TRUE;
    *acl = a;
    return NULL;
  }
  for (cp = list; *cp; cp++) {
    if (*cp == ',') {
      n++;
    }
  }
  a->ids = pcalloc(p, n * sizeof(unsigned int));
  words = pstrdup(p, list);
  for (word = words; word != NULL; word = next) {
    next = strchr(word, ',');
    if (next != NULL) {
      *next++ = '\0';
    }
    if (*word == '\0') {
      continue;
    }
    if (acl_resolve(p, word, a->is_group, &a->ids[a->nids]) < 0) {
      return psprintf(p, "no such %s '%s' (give a name from the system's "
        "%s database, a numeric id, or *)", a->is_group ? "group" : "user",
        word, a->is_group ? "group" : "passwd");
    }
    a->nids++;
  }
  if (a->nids == 0) {
    return psprintf(p, "empty %s list", a->is_group ? "group" : "user");
  }
  *acl = a;
  return NULL;
}

static int acl_passes(const struct host_ctrls_acl *a, unsigned int id) {
  unsigned int i;
  int listed = FALSE;

  if (a == NULL) {
    return FALSE;
  }
  if (a->everyone) {
    return a->allow;
  }
  for (i = 0; i < a->nids; i++) {
    if (a->ids[i] == id) {
      listed = TRUE;
      break;
    }
  }
  return a->allow ? listed : !listed;
}

int host_ctrls_acl_allows(xaset_t *conf, const char *param,
    unsigned int action, const struct host_ctrls_caller *caller) {
  const struct host_ctrls_acl *user_acl = NULL, *group_acl = NULL;
  config_rec *c;

  c = conf ? find_config(conf, CONF_PARAM, param, FALSE) : NULL;
  while (c != NULL) {
    const struct host_ctrls_acl *a = c->argv[0];

    if (a != NULL && (a->actions & action)) {
      if (a->is_group) {
        group_acl = a;
      } else {
        user_acl = a;
      }
    }
    c = find_config_next(c, c->next, CONF_PARAM, param, FALSE);
  }
  return acl_passes(user_acl, (unsigned int) caller->uid) ||
    acl_passes(group_acl, (unsigned int) caller->gid);
}

int host_ctrls_acl_configured(xaset_t *conf, const char *param) {
  return conf != NULL && find_config(conf, CONF_PARAM, param, FALSE) != NULL;
}
