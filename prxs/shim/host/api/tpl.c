/*
 * prxs shim host: tpl, the small serialization library ProFTPD bundles
 * (mod_ban keeps its cache values in it), our own implementation of the
 * part modules use.
 *
 * Formats: a sequence of i (int32), u (uint32), j (int16), v (uint16),
 * c (byte), I (int64), U (uint64), f (double), s (string), B (tpl_bin),
 * each taking one pointer from tpl_map()'s arguments, and S(...) groups,
 * whose members are the fields of the one struct the argument points to
 * (laid out with the C compiler's natural alignment).  Arrays (A(...)),
 * nested structs ($(...)) and fixed lengths (#) are refused with a message
 * (tpl_map() returns NULL).
 *
 * Images are tpl 1.5's: "tpl", a flags byte (big-endian host; NUL-able
 * strings), the image's length (uint32, itself included), the format with
 * its NUL, then each value in order, strings as a uint32 length (strlen+1,
 * 0 for NULL) and their bytes, so an image interoperates with proftpd's.
 */

#include "host.h"
#include "hanson-tpl.h"

#include <stdarg.h>

#define TPL_FL_BIGENDIAN	(1 << 0)
#define TPL_FL_NULLSTRINGS	(1 << 1)
#define TPL_MAX_FIELDS		256

struct tpl_field {
  char type;
  void *addr;			/* where the application's value lives */
  union {
    int64_t i;
    double f;
    char *s;
    struct { void *addr; uint32_t sz; } b;
  } v;				/* the packed value */
  int packed;
};

struct tpl_map_data {
  char *fmt;
  unsigned int nfields;
  struct tpl_field fields[TPL_MAX_FIELDS];
  /* A loaded image (tpl_load) */
  const unsigned char *img;
  size_t imgsz;
  int img_owned;
  int xendian;
  int nullstrings;
  int packed;
};

static int tpl_default_oops(const char *fmt, ...) {
  char buf[512];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  pr_log_debug(DEBUG3, "tpl: %s", buf);
  return 0;
}

tpl_hook_t tpl_hook = {
  tpl_default_oops, malloc, realloc, free, tpl_fatal, 0
};

void tpl_fatal(char *fmt, ...) {
  char buf[512];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  pr_log_pri(PR_LOG_ERR, "tpl: fatal: %s", buf);
  exit(-1);
}

static size_t tpl_type_size(char t) {
  switch (t) {
    case 'i': case 'u': return 4;
    case 'j': case 'v': return 2;
    case 'c': return 1;
    case 'I': case 'U': case 'f': return 8;
    case 's': return sizeof(char *);
    case 'B': return sizeof(tpl_bin);
  }
  return 0;
}

static size_t tpl_type_align(char t) {
  switch (t) {
    case 'f': return __alignof__(double);
    case 'I': case 'U': return __alignof__(int64_t);
    case 'B': return __alignof__(tpl_bin);
  }
  return tpl_type_size(t);
}

static struct tpl_map_data *tpl_data(tpl_node *tn) {
  return tn ? (struct tpl_map_data *) tn->data : NULL;
}

static tpl_node *tpl_map_va(const char *fmt, va_list ap) {
  struct tpl_map_data *d;
  tpl_node *tn;
  const char *c;

  if (fmt == NULL) {
    return NULL;
  }
  tn = tpl_hook.malloc(sizeof(*tn));
  d = tpl_hook.malloc(sizeof(*d));
  if (tn == NULL || d == NULL) {
    tpl_hook.free(tn);
    tpl_hook.free(d);
    return NULL;
  }
  memset(tn, 0, sizeof(*tn));
  memset(d, 0, sizeof(*d));
  tn->data = d;
  d->fmt = tpl_hook.malloc(strlen(fmt) + 1);
  if (d->fmt == NULL) {
    tpl_free(tn);
    return NULL;
  }
  strcpy(d->fmt, fmt);

  for (c = fmt; *c; c++) {
    if (*c == 'S' && c[1] == '(') {
      char *base = va_arg(ap, char *);
      size_t off = 0;

      for (c += 2; *c && *c != ')'; c++) {
        size_t sz = tpl_type_size(*c), al = tpl_type_align(*c);

        if (sz == 0 || d->nfields == TPL_MAX_FIELDS) {
          tpl_hook.oops("unsupported format character '%c' in S() of '%s'",
            *c, fmt);
          tpl_free(tn);
          return NULL;
        }
        off = (off + al - 1) / al * al;
        d->fields[d->nfields].type = *c;
        d->fields[d->nfields].addr = base + off;
        d->nfields++;
        off += sz;
      }
      if (*c != ')') {
        tpl_hook.oops("unbalanced parentheses in '%s'", fmt);
        tpl_free(tn);
        return NULL;
      }
      continue;
    }
    if (tpl_type_size(*c) == 0 || d->nfields == TPL_MAX_FIELDS) {
      tpl_hook.oops("unsupported format character '%c' in '%s' (this tpl "
        "maps i u j v c I U f s B and S(...))", *c, fmt);
      tpl_free(tn);
      return NULL;
    }
    d->fields[d->nfields].type = *c;
    d->fields[d->nfields].addr = va_arg(ap, void *);
    d->nfields++;
  }
  return tn;
}

tpl_node *tpl_map(char *fmt, ...) {
  tpl_node *tn;
  va_list ap;

  va_start(ap, fmt);
  tn = tpl_map_va(fmt, ap);
  va_end(ap);
  return tn;
}

static void tpl_clear_packed(struct tpl_map_data *d) {
  unsigned int i;

  for (i = 0; i < d->nfields; i++) {
    struct tpl_field *f = &d->fields[i];

    if (f->type == 's' && f->v.s != NULL) {
      tpl_hook.free(f->v.s);
    } else if (f->type == 'B' && f->v.b.addr != NULL) {
      tpl_hook.free(f->v.b.addr);
    }
    memset(&f->v, 0, sizeof(f->v));
    f->packed = FALSE;
  }
  d->packed = FALSE;
}

static void tpl_drop_image(struct tpl_map_data *d) {
  if (d->img_owned && d->img != NULL) {
    tpl_hook.free((void *) d->img);
  }
  d->img = NULL;
  d->imgsz = 0;
  d->img_owned = FALSE;
}

void tpl_free(tpl_node *tn) {
  struct tpl_map_data *d = tpl_data(tn);

  if (tn == NULL) {
    return;
  }
  if (d != NULL) {
    tpl_clear_packed(d);
    tpl_drop_image(d);
    tpl_hook.free(d->fmt);
    tpl_hook.free(d);
  }
  tpl_hook.free(tn);
}

int tpl_pack(tpl_node *tn, int i) {
  struct tpl_map_data *d = tpl_data(tn);
  unsigned int k;

  if (d == NULL || i != 0) {
    if (d != NULL) {
      tpl_hook.oops("tpl_pack: index %d: this tpl maps no arrays", i);
    }
    return -1;
  }
  tpl_clear_packed(d);
  for (k = 0; k < d->nfields; k++) {
    struct tpl_field *f = &d->fields[k];

    switch (f->type) {
      case 's': {
        const char *s = *(char **) f->addr;
        if (s != NULL) {
          f->v.s = tpl_hook.malloc(strlen(s) + 1);
          if (f->v.s == NULL) {
            return -1;
          }
          strcpy(f->v.s, s);
        }
        break;
      }
      case 'B': {
        const tpl_bin *b = f->addr;
        f->v.b.sz = b->sz;
        if (b->sz > 0) {
          f->v.b.addr = tpl_hook.malloc(b->sz);
          if (f->v.b.addr == NULL) {
            return -1;
          }
          memcpy(f->v.b.addr, b->addr, b->sz);
        }
        break;
      }
      default:
        memcpy(&f->v, f->addr, tpl_type_size(f->type));
        break;
    }
    f->packed = TRUE;
  }
  d->packed = TRUE;
  return 0;
}

static size_t tpl_image_size(struct tpl_map_data *d) {
  size_t sz = 3 + 1 + 4 + strlen(d->fmt) + 1;
  unsigned int k;

  for (k = 0; k < d->nfields; k++) {
    const struct tpl_field *f = &d->fields[k];

    if (f->type == 's') {
      sz += 4 + (f->v.s ? strlen(f->v.s) : 0);
    } else if (f->type == 'B') {
      sz += 4 + f->v.b.sz;
    } else {
      sz += tpl_type_size(f->type);
    }
  }
  return sz;
}

static int tpl_host_bigendian(void) {
  uint16_t x = 1;
  return *(unsigned char *) &x == 0;
}

static void tpl_write_image(struct tpl_map_data *d, unsigned char *out,
    size_t sz) {
  unsigned char *cp = out;
  uint32_t sz32 = (uint32_t) sz;
  unsigned int k;

  memcpy(cp, "tpl", 3);
  cp += 3;
  *cp++ = (tpl_host_bigendian() ? TPL_FL_BIGENDIAN : 0) |
    (strchr(d->fmt, 's') ? TPL_FL_NULLSTRINGS : 0);
  memcpy(cp, &sz32, 4);
  cp += 4;
  memcpy(cp, d->fmt, strlen(d->fmt) + 1);
  cp += strlen(d->fmt) + 1;
  for (k = 0; k < d->nfields; k++) {
    const struct tpl_field *f = &d->fields[k];

    if (f->type == 's') {
      uint32_t len = f->v.s ? (uint32_t) strlen(f->v.s) + 1 : 0;
      memcpy(cp, &len, 4);
      cp += 4;
      if (len > 1) {
        memcpy(cp, f->v.s, len - 1);
        cp += len - 1;
      }
    } else if (f->type == 'B') {
      memcpy(cp, &f->v.b.sz, 4);
      cp += 4;
      if (f->v.b.sz > 0) {
        memcpy(cp, f->v.b.addr, f->v.b.sz);
        cp += f->v.b.sz;
      }
    } else {
      memcpy(cp, &f->v, tpl_type_size(f->type));
      cp += tpl_type_size(f->type);
    }
  }
}

int tpl_dump(tpl_node *tn, int mode, ...) {
  struct tpl_map_data *d = tpl_data(tn);
  unsigned char *img;
  size_t sz;
  va_list ap;
  int res = 0;

  if (d == NULL) {
    return -1;
  }
  if (!d->packed) {
    /* tpl dumps what was packed; nothing packed is an empty image */
    tpl_pack(tn, 0);
  }
  sz = tpl_image_size(d);
  va_start(ap, mode);
  if (mode & TPL_GETSIZE) {
    size_t *szp = va_arg(ap, size_t *);
    *szp = sz;
  } else if (mode & TPL_MEM) {
    if (mode & TPL_PREALLOCD) {
      void *buf = va_arg(ap, void *);
      size_t bufsz = va_arg(ap, size_t);

      if (bufsz < sz) {
        tpl_hook.oops("tpl_dump: buffer too small (%lu bytes, need %lu)",
          (unsigned long) bufsz, (unsigned long) sz);
        res = -1;
      } else {
        tpl_write_image(d, buf, sz);
      }
    } else {
      void **addr = va_arg(ap, void **);
      size_t *szp = va_arg(ap, size_t *);

      img = tpl_hook.malloc(sz);
      if (img == NULL) {
        res = -1;
      } else {
        tpl_write_image(d, img, sz);
        *addr = img;
        *szp = sz;
      }
    }
  } else if (mode & (TPL_FD|TPL_FILE)) {
    int fd;
    size_t off = 0;

    if (mode & TPL_FD) {
      fd = va_arg(ap, int);
    } else {
      const char *path = va_arg(ap, const char *);
      fd = open(path, O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0664);
    }
    img = fd >= 0 ? tpl_hook.malloc(sz) : NULL;
    if (img == NULL) {
      res = -1;
    } else {
      tpl_write_image(d, img, sz);
      while (off < sz) {
        ssize_t n = write(fd, img + off, sz - off);
        if (n < 0 && errno == EINTR) {
          continue;
        }
        if (n <= 0) {
          res = -1;
          break;
        }
        off += (size_t) n;
      }
      tpl_hook.free(img);
    }
    if ((mode & TPL_FILE) && fd >= 0) {
      close(fd);
    }
  } else {
    tpl_hook.oops("tpl_dump: unsupported mode 0x%x", mode);
    res = -1;
  }
  va_end(ap);
  return res;
}

/* Checks an image against the map; 0, else -1 (with the reason oops'd). */
static int tpl_check_image(struct tpl_map_data *d, const unsigned char *img,
    size_t sz, int excess_ok) {
  uint32_t imgsz, len;
  size_t pos, fmtlen = strlen(d->fmt);
  unsigned int k;
  int xendian;

  if (sz < 8 || memcmp(img, "tpl", 3) != 0) {
    tpl_hook.oops("tpl_load: not a tpl image");
    return -1;
  }
  if (img[3] & ~(TPL_FL_BIGENDIAN|TPL_FL_NULLSTRINGS)) {
    tpl_hook.oops("tpl_load: unsupported flags 0x%x", img[3]);
    return -1;
  }
  xendian = ((img[3] & TPL_FL_BIGENDIAN) != 0) != tpl_host_bigendian();
  memcpy(&imgsz, img + 4, 4);
  if (xendian) {
    imgsz = __builtin_bswap32(imgsz);
  }
  if (imgsz > sz || (!excess_ok && imgsz != sz)) {
    tpl_hook.oops("tpl_load: image says %lu bytes, buffer has %lu",
      (unsigned long) imgsz, (unsigned long) sz);
    return -1;
  }
  if (imgsz < 8 + fmtlen + 1 || memcmp(img + 8, d->fmt, fmtlen + 1) != 0) {
    tpl_hook.oops("tpl_load: image format differs from the map's '%s'",
      d->fmt);
    return -1;
  }
  pos = 8 + fmtlen + 1;
  for (k = 0; k < d->nfields; k++) {
    char t = d->fields[k].type;

    if (t == 's' || t == 'B') {
      if (pos + 4 > imgsz) {
        goto short_image;
      }
      memcpy(&len, img + pos, 4);
      if (xendian) {
        len = __builtin_bswap32(len);
      }
      pos += 4;
      if (t == 's' && (img[3] & TPL_FL_NULLSTRINGS) && len > 0) {
        len--;
      }
      if (pos + len > imgsz) {
        goto short_image;
      }
      pos += len;
    } else {
      pos += tpl_type_size(t);
      if (pos > imgsz) {
        goto short_image;
      }
    }
  }
  if (pos != imgsz) {
    tpl_hook.oops("tpl_load: %lu bytes after the data",
      (unsigned long) (imgsz - pos));
    return -1;
  }
  d->xendian = xendian;
  d->nullstrings = (img[3] & TPL_FL_NULLSTRINGS) != 0;
  return 0;

short_image:
  tpl_hook.oops("tpl_load: image ends in the middle of its data");
  return -1;
}

int tpl_load(tpl_node *tn, int mode, ...) {
  struct tpl_map_data *d = tpl_data(tn);
  const unsigned char *img = NULL;
  size_t sz = 0;
  int owned = FALSE;
  va_list ap;

  if (d == NULL) {
    return -1;
  }
  va_start(ap, mode);
  if (mode & TPL_MEM) {
    img = va_arg(ap, const void *);
    sz = va_arg(ap, size_t);
    owned = (mode & TPL_UFREE) != 0;
  } else if (mode & (TPL_FD|TPL_FILE)) {
    unsigned char *buf = NULL;
    size_t cap = 0;
    int fd;

    if (mode & TPL_FD) {
      fd = va_arg(ap, int);
    } else {
      fd = open(va_arg(ap, const char *), O_RDONLY|O_CLOEXEC);
    }
    while (fd >= 0) {
      ssize_t n;

      if (sz == cap) {
        unsigned char *nb = tpl_hook.realloc(buf, cap ? cap * 2 : 4096);
        if (nb == NULL) {
          break;
        }
        buf = nb;
        cap = cap ? cap * 2 : 4096;
      }
      n = read(fd, buf + sz, cap - sz);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        break;
      }
      sz += (size_t) n;
      if (mode & TPL_FD) {
        uint32_t want;
        if (sz >= 8) {
          memcpy(&want, buf + 4, 4);
          if (sz >= want) {
            break;
          }
        }
      }
    }
    if ((mode & TPL_FILE) && fd >= 0) {
      close(fd);
    }
    img = buf;
    owned = TRUE;
  } else {
    va_end(ap);
    tpl_hook.oops("tpl_load: unsupported mode 0x%x", mode);
    return -1;
  }
  va_end(ap);

  if (img == NULL || tpl_check_image(d, img, sz,
      (mode & TPL_EXCESS_OK) || (mode & TPL_FD)) < 0) {
    if (owned && img != NULL) {
      tpl_hook.free((void *) img);
    }
    return -1;
  }
  tpl_clear_packed(d);
  tpl_drop_image(d);
  d->img = img;
  d->imgsz = sz;
  d->img_owned = owned;
  return 0;
}

static void tpl_swap(void *p, size_t n) {
  unsigned char *b = p, t;
  size_t i;

  for (i = 0; i < n / 2; i++) {
    t = b[i];
    b[i] = b[n - 1 - i];
    b[n - 1 - i] = t;
  }
}

int tpl_unpack(tpl_node *tn, int i) {
  struct tpl_map_data *d = tpl_data(tn);
  size_t pos;
  unsigned int k;

  if (d == NULL || i != 0) {
    return -1;
  }
  if (d->img == NULL && d->packed) {
    /* Unpacking what was packed: through an image, as tpl does. */
    void *img = NULL;
    size_t sz = 0;

    if (tpl_dump(tn, TPL_MEM, &img, &sz) != 0 ||
        tpl_load(tn, TPL_MEM|TPL_UFREE, img, sz) != 0) {
      tpl_hook.free(img);
      return -1;
    }
  }
  if (d->img == NULL) {
    tpl_hook.oops("tpl_unpack: nothing loaded");
    return -1;
  }
  pos = 8 + strlen(d->fmt) + 1;
  for (k = 0; k < d->nfields; k++) {
    struct tpl_field *f = &d->fields[k];
    uint32_t len;

    if (f->type == 's' || f->type == 'B') {
      char *buf = NULL;
      uint32_t n;

      memcpy(&len, d->img + pos, 4);
      if (d->xendian) {
        len = __builtin_bswap32(len);
      }
      pos += 4;
      n = len;
      if (f->type == 's' && d->nullstrings) {
        n = len > 0 ? len - 1 : 0;
      }
      if (f->type == 's' && (len > 0 || !d->nullstrings)) {
        buf = tpl_hook.malloc(n + 1);
        if (buf == NULL) {
          return -1;
        }
        memcpy(buf, d->img + pos, n);
        buf[n] = '\0';
        *(char **) f->addr = buf;
      } else if (f->type == 's') {
        *(char **) f->addr = NULL;
      } else {
        tpl_bin *b = f->addr;
        b->sz = n;
        b->addr = NULL;
        if (n > 0) {
          b->addr = tpl_hook.malloc(n);
          if (b->addr == NULL) {
            return -1;
          }
          memcpy(b->addr, d->img + pos, n);
        }
      }
      pos += n;
    } else {
      size_t sz = tpl_type_size(f->type);

      memcpy(f->addr, d->img + pos, sz);
      if (d->xendian) {
        tpl_swap(f->addr, sz);
      }
      pos += sz;
    }
  }
  return 1;
}

/* Arrays are not mapped here: as tpl for an index with no array. */
int tpl_Alen(tpl_node *tn, int i) {
  (void) i;
  if (tn != NULL) {
    tpl_hook.oops("tpl_Alen: this tpl maps no arrays");
  }
  return -1;
}

/* The format of a memory image (TPL_MEM) or file (TPL_FILE), malloc'd. */
char *tpl_peek(int mode, ...) {
  const unsigned char *img = NULL;
  unsigned char hdr[4096];
  size_t sz = 0;
  char *fmt;
  va_list ap;
  size_t len;

  va_start(ap, mode);
  if ((mode & TPL_MEM) && !(mode & TPL_DATAPEEK)) {
    img = va_arg(ap, const void *);
    sz = va_arg(ap, size_t);
  } else if ((mode & TPL_FILE) && !(mode & TPL_DATAPEEK)) {
    int fd = open(va_arg(ap, const char *), O_RDONLY|O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, hdr, sizeof(hdr)) : -1;

    if (fd >= 0) {
      close(fd);
    }
    img = hdr;
    sz = n > 0 ? (size_t) n : 0;
  }
  va_end(ap);
  if (img == NULL || sz < 9 || memcmp(img, "tpl", 3) != 0) {
    return NULL;
  }
  len = strnlen((const char *) img + 8, sz - 8);
  if (len == sz - 8) {
    return NULL;
  }
  fmt = tpl_hook.malloc(len + 1);
  if (fmt != NULL) {
    memcpy(fmt, img + 8, len + 1);
  }
  return fmt;
}

/* tpl_jot(mode, <dump target>, fmt, pointers...): map, pack, dump. */
int tpl_jot(int mode, ...) {
  void **addr = NULL, *buf = NULL;
  size_t *szp = NULL, bufsz = 0;
  const char *path = NULL;
  int fd = -1, res;
  const char *fmt;
  tpl_node *tn;
  va_list ap;

  va_start(ap, mode);
  if (mode & TPL_MEM) {
    if (mode & TPL_PREALLOCD) {
      buf = va_arg(ap, void *);
      bufsz = va_arg(ap, size_t);
    } else {
      addr = va_arg(ap, void **);
      szp = va_arg(ap, size_t *);
    }
  } else if (mode & TPL_FILE) {
    path = va_arg(ap, const char *);
  } else if (mode & TPL_FD) {
    fd = va_arg(ap, int);
  } else {
    va_end(ap);
    tpl_hook.oops("tpl_jot: unsupported mode 0x%x", mode);
    return -1;
  }
  fmt = va_arg(ap, const char *);
  tn = tpl_map_va(fmt, ap);
  va_end(ap);
  if (tn == NULL) {
    return -1;
  }
  res = tpl_pack(tn, 0);
  if (res == 0) {
    if (mode & TPL_MEM) {
      res = (mode & TPL_PREALLOCD) ?
        tpl_dump(tn, TPL_MEM|TPL_PREALLOCD, buf, bufsz) :
        tpl_dump(tn, TPL_MEM, addr, szp);
    } else if (mode & TPL_FILE) {
      res = tpl_dump(tn, TPL_FILE, path);
    } else {
      res = tpl_dump(tn, TPL_FD, fd);
    }
  }
  tpl_free(tn);
  return res;
}
