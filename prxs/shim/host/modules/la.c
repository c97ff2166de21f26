/*
 * prxs shim host: libtool .la descriptors, as libltdl reads them for
 * mod_dso.  An uninstalled .la (installed=no) names <dir>/.libs/<dlname>; an
 * installed one whose libdir is elsewhere names <libdir>/<dlname>;
 * otherwise <dir>/<dlname>.
 */

#include "host.h"

static char *la_value(pool *p, const char *text, const char *key) {
  size_t klen = strlen(key);
  const char *cp = text;

  while (cp != NULL && *cp) {
    while (*cp == ' ' || *cp == '\t') {
      cp++;
    }
    if (strncmp(cp, key, klen) == 0 && cp[klen] == '=') {
      const char *v = cp + klen + 1;
      size_t len;

      if (*v == '\'') {
        v++;
        len = strcspn(v, "'\n");
      } else {
        len = strcspn(v, " \t\n");
      }
      return pstrndup(p, v, len);
    }
    cp = strchr(cp, '\n');
    if (cp != NULL) {
      cp++;
    }
  }
  return NULL;
}

/* Work out which shared object a libtool .la descriptor names. */
const char *host_la_resolve(pool *p, const char *la_path, char **err) {
  char text[8192], *dlname, *libdir, *installed, *dir, *slash;
  ssize_t n;
  int fd;

  fd = open(la_path, O_RDONLY|O_CLOEXEC);
  if (fd < 0) {
    *err = psprintf(p, "cannot read '%s': %s", la_path, strerror(errno));
    return NULL;
  }
  n = read(fd, text, sizeof(text) - 1);
  close(fd);
  if (n < 0) {
    *err = psprintf(p, "cannot read '%s': %s", la_path, strerror(errno));
    return NULL;
  }
  text[n] = '\0';

  dlname = la_value(p, text, "dlname");
  if (dlname == NULL || *dlname == '\0' || strchr(dlname, '/') != NULL) {
    *err = psprintf(p, "'%s' is not a usable libtool library descriptor "
      "(no dlname='...' line naming the shared object): rebuild the module "
      "with prxs -c", la_path);
    return NULL;
  }
  libdir = la_value(p, text, "libdir");
  installed = la_value(p, text, "installed");

  dir = pstrdup(p, la_path);
  slash = strrchr(dir, '/');
  if (slash != NULL) {
    *slash = '\0';
  }

  if (installed == NULL || strcmp(installed, "yes") != 0) {
    return pstrcat(p, dir, "/.libs/", dlname, NULL);
  }
  if (libdir != NULL && *libdir == '/' && strcmp(libdir, dir) != 0) {
    return pstrcat(p, libdir, "/", dlname, NULL);
  }
  return pstrcat(p, dir, "/", dlname, NULL);
}
