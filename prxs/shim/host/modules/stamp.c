/*
 * prxs shim host: reading a module's target stamp before dlopen(3).
 *
 * prxs links a ".prxs_stamp" section into every module it builds, holding
 * NUL-terminated strings such as
 *   prxs-stamp/1 target=sdk api=0x20 sdk=0.1
 * The host reads the section headers itself (a small, bounds-checked ELF
 * reader: nothing in the file is trusted) and refuses a module built for
 * another target instead of running code compiled for other struct layouts.
 */

#include "host.h"

#include <elf.h>

#define STAMP_SECTION		".prxs_stamp"
#define STAMP_TAG		"prxs-stamp/1"
#define STAMP_MAX		1024

static int read_at(int fd, off_t off, void *buf, size_t len, off_t fsize) {
  ssize_t n;

  if (off < 0 || (off_t) len > fsize || off > fsize - (off_t) len) {
    errno = ERANGE;
    return -1;
  }
  n = pread(fd, buf, len, off);
  if (n < 0 || (size_t) n != len) {
    if (n >= 0) {
      errno = EIO;
    }
    return -1;
  }
  return 0;
}

static uint64_t get_u(const unsigned char *p, size_t len, int big) {
  uint64_t v = 0;
  size_t i;

  for (i = 0; i < len; i++) {
    v |= (uint64_t) p[big ? i : len - 1 - i] << (8 * (len - 1 - i));
  }
  return v;
}

struct shdr {
  uint64_t name, type, offset, size;
};

static int read_shdr(int fd, off_t fsize, int is64, int big, uint64_t shoff,
    uint64_t entsize, uint64_t idx, struct shdr *sh) {
  unsigned char b[64];
  uint64_t off;
  size_t need = is64 ? 64 : 40;

  if (entsize < need || idx > (UINT64_MAX - shoff) / entsize) {
    errno = ERANGE;
    return -1;
  }
  off = shoff + idx * entsize;
  if (off > (uint64_t) fsize || read_at(fd, (off_t) off, b, need, fsize) < 0) {
    errno = ERANGE;
    return -1;
  }
  sh->name = get_u(b, 4, big);
  sh->type = get_u(b + 4, 4, big);
  if (is64) {
    sh->offset = get_u(b + 24, 8, big);
    sh->size = get_u(b + 32, 8, big);
  } else {
    sh->offset = get_u(b + 16, 4, big);
    sh->size = get_u(b + 20, 4, big);
  }
  return 0;
}

/* Returns 0 and the first stamp string in buf, 1 if the file has no stamp,
 * -1 (with *why) if the file is not a readable ELF object.
 */
int host_stamp_read(const char *path, char *buf, size_t bufsz, char **why) {
  unsigned char eh[64];
  struct stat st;
  struct shdr strsh, sh;
  uint64_t shoff, shentsize, shnum, shstrndx, i;
  int fd, is64, big, res = 1;

  *why = NULL;
  fd = open(path, O_RDONLY|O_CLOEXEC);
  if (fd < 0) {
    *why = strerror(errno);
    return -1;
  }
  if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
    *why = "not a regular file";
    close(fd);
    return -1;
  }

  if (read_at(fd, 0, eh, 16, st.st_size) < 0 ||
      memcmp(eh, ELFMAG, SELFMAG) != 0) {
    *why = "not an ELF file";
    close(fd);
    return -1;
  }
  is64 = (eh[EI_CLASS] == ELFCLASS64);
  big = (eh[EI_DATA] == ELFDATA2MSB);
  if ((eh[EI_CLASS] != ELFCLASS32 && !is64) ||
      (eh[EI_DATA] != ELFDATA2LSB && !big) ||
      read_at(fd, 0, eh, is64 ? 64 : 52, st.st_size) < 0) {
    *why = "unknown ELF class or byte order, or truncated ELF header";
    close(fd);
    return -1;
  }

  if (is64) {
    shoff = get_u(eh + 40, 8, big);
    shentsize = get_u(eh + 58, 2, big);
    shnum = get_u(eh + 60, 2, big);
    shstrndx = get_u(eh + 62, 2, big);
  } else {
    shoff = get_u(eh + 32, 4, big);
    shentsize = get_u(eh + 46, 2, big);
    shnum = get_u(eh + 48, 2, big);
    shstrndx = get_u(eh + 50, 2, big);
  }

  if (shoff == 0) {
    /* No section headers (stripped of them): no stamp to read. */
    close(fd);
    return 1;
  }

  /* Extended numbering: the real counts live in section header 0. */
  if (shnum == 0 || shstrndx == SHN_XINDEX) {
    struct shdr sh0;
    unsigned char b[64];
    size_t need = is64 ? 64 : 40;

    if (read_at(fd, (off_t) shoff, b, need, st.st_size) < 0) {
      *why = "section header table out of bounds";
      close(fd);
      return -1;
    }
    sh0.size = is64 ? get_u(b + 32, 8, big) : get_u(b + 20, 4, big);
    if (shnum == 0) {
      shnum = sh0.size;
    }
    if (shstrndx == SHN_XINDEX) {
      shstrndx = get_u(b + (is64 ? 40 : 24), 4, big);
    }
  }

  if (shnum > 65536 * 16 || shstrndx >= shnum ||
      read_shdr(fd, st.st_size, is64, big, shoff, shentsize, shstrndx,
        &strsh) < 0 ||
      strsh.offset > (uint64_t) st.st_size ||
      strsh.size > (uint64_t) st.st_size - strsh.offset) {
    *why = "section header table or section names out of bounds";
    close(fd);
    return -1;
  }

  for (i = 0; i < shnum; i++) {
    char name[sizeof(STAMP_SECTION) + 1];
    size_t want = sizeof(name);

    if (read_shdr(fd, st.st_size, is64, big, shoff, shentsize, i, &sh) < 0) {
      *why = "section header out of bounds";
      res = -1;
      break;
    }
    if (sh.name >= strsh.size) {
      continue;
    }
    if (want > strsh.size - sh.name) {
      want = (size_t) (strsh.size - sh.name);
    }
    memset(name, 0, sizeof(name));
    if (read_at(fd, (off_t) (strsh.offset + sh.name), name, want,
        st.st_size) < 0) {
      continue;
    }
    if (memcmp(name, STAMP_SECTION, sizeof(STAMP_SECTION)) != 0) {
      continue;
    }

    /* Found it. */
    if (sh.type == SHT_NOBITS || sh.size == 0) {
      *why = "empty " STAMP_SECTION " section";
      res = -1;
      break;
    }
    if (sh.offset > (uint64_t) st.st_size ||
        sh.size > (uint64_t) st.st_size - sh.offset) {
      *why = STAMP_SECTION " section out of bounds";
      res = -1;
      break;
    }
    {
      size_t len = sh.size < bufsz - 1 ? (size_t) sh.size : bufsz - 1;
      size_t j;

      if (read_at(fd, (off_t) sh.offset, buf, len, st.st_size) < 0) {
        *why = "cannot read " STAMP_SECTION " section";
        res = -1;
        break;
      }
      buf[len] = '\0';
      for (j = 0; buf[j] != '\0'; j++) {
        if ((unsigned char) buf[j] < 0x20 || (unsigned char) buf[j] > 0x7e) {
          *why = STAMP_SECTION " section is not printable ASCII";
          res = -1;
          break;
        }
      }
      if (res == -1) {
        break;
      }
    }
    res = 0;
    break;
  }

  close(fd);
  return res;
}

static const char *stamp_get(pool *p, const char *stamp, const char *key) {
  size_t klen = strlen(key);
  const char *cp = stamp;

  while (cp != NULL && *cp) {
    while (*cp == ' ') {
      cp++;
    }
    if (strncmp(cp, key, klen) == 0 && cp[klen] == '=') {
      const char *v = cp + klen + 1;
      return pstrndup(p, v, strcspn(v, " "));
    }
    cp = strchr(cp, ' ');
  }
  return NULL;
}

static long stamp_api(const char *api) {
  char *end = NULL;
  long v;

  if (api == NULL) {
    return -1;
  }
  v = strtol(api, &end, 0);
  if (end == NULL || *end != '\0') {
    return -1;
  }
  return v;
}

static const char *stamp_describe(pool *p, const char *target,
    const char *stamp) {
  const char *api = stamp_get(p, stamp, "api");
  const char *ver;

  if (strcmp(target, "sdk") == 0) {
    ver = stamp_get(p, stamp, "sdk");
    return psprintf(p, "the prxs SDK %s (api %s)", ver ? ver : "?",
      api ? api : "?");
  }
  ver = stamp_get(p, stamp, "version");
  return psprintf(p, "target %s%s%s (api %s)", target, ver ? " " : "",
    ver ? ver : "", api ? api : "?");
}

int host_stamp_check(pool *p, const char *path, const char *name,
    char **msg) {
  char buf[STAMP_MAX], *why = NULL;
  const char *target, *sdk, *theirs, *ours;
  int res;

  *msg = NULL;
  res = host_stamp_read(path, buf, sizeof(buf), &why);
  if (res < 0) {
    *msg = psprintf(p, "cannot read the target stamp of '%s': %s", path, why);
    return HOST_STAMP_UNREADABLE;
  }
  ours = psprintf(p, "the prxs SDK %s (api 0x%x)", PRXS_SDK_VERSION,
    PR_MODULE_API_VERSION);
  if (res == 1) {
    *msg = psprintf(p, "module '%s' (%s) carries no prxs target stamp; it "
      "was not built by prxs, so it may not match %s: rebuild it with prxs "
      "--target sdk if it misbehaves", name, path, ours);
    return HOST_STAMP_NONE;
  }

  if (strncmp(buf, STAMP_TAG, sizeof(STAMP_TAG) - 1) != 0 ||
      (buf[sizeof(STAMP_TAG) - 1] != ' ' &&
       buf[sizeof(STAMP_TAG) - 1] != '\0')) {
    *msg = psprintf(p, "module '%s' has a target stamp this host cannot read "
      "('%s'), this host is %s: rebuild it with this prxs (prxs --target "
      "sdk)", name, buf, ours);
    return HOST_STAMP_MISMATCH;
  }

  target = stamp_get(p, buf, "target");
  if (target == NULL) {
    target = "unknown";
  }
  theirs = stamp_describe(p, target, buf);

  if (strcmp(target, "sdk") != 0) {
    *msg = psprintf(p, "module '%s' was built for %s, this host is %s: "
      "rebuild it with prxs --target sdk", name, theirs, ours);
    return HOST_STAMP_MISMATCH;
  }

  sdk = stamp_get(p, buf, "sdk");
  if (stamp_api(stamp_get(p, buf, "api")) != PR_MODULE_API_VERSION ||
      sdk == NULL || !isdigit((unsigned char) sdk[0]) ||
      atoi(sdk) != PRXS_SDK_MAJOR) {
    *msg = psprintf(p, "module '%s' was built for %s, this host is %s: "
      "rebuild it with prxs --target sdk", name, theirs, ours);
    return HOST_STAMP_MISMATCH;
  }
  return HOST_STAMP_OK;
}
