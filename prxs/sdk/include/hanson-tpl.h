/* prxs SDK: ProFTPD 1.3.8 module ABI -- tpl, the serialization library ProFTPD bundles (mod_ban's cache values). */

#ifndef TPL_H
#define TPL_H

#include <stddef.h>
#include <stdint.h>

#define TPL_API

/* Modes of tpl_dump(), tpl_load(), tpl_peek(), tpl_jot() */
#define TPL_FILE (1 << 0)
#define TPL_MEM (1 << 1)
#define TPL_PREALLOCD (1 << 2)
#define TPL_EXCESS_OK (1 << 3)
#define TPL_FD (1 << 4)
#define TPL_UFREE (1 << 5)
#define TPL_DATAPEEK (1 << 6)
#define TPL_FXLENS (1 << 7)
#define TPL_GETSIZE (1 << 8)

/* Modes of tpl_gather() */
#define TPL_GATHER_BLOCKING 1
#define TPL_GATHER_NONBLOCKING 2
#define TPL_GATHER_MEM 3

/* Hooks an application may replace */
typedef int (tpl_print_fcn)(const char *, ...);
typedef void *(tpl_malloc_fcn)(size_t);
typedef void *(tpl_realloc_fcn)(void *, size_t);
typedef void (tpl_free_fcn)(void *);
typedef void (tpl_fatal_fcn)(char *, ...);

typedef struct tpl_hook_t {
  tpl_print_fcn *oops;
  tpl_malloc_fcn *malloc;
  tpl_realloc_fcn *realloc;
  tpl_free_fcn *free;
  tpl_fatal_fcn *fatal;
  size_t gather_max;
} tpl_hook_t;

/* A node of a mapped format (opaque to applications) */
typedef struct tpl_node {
  int type;
  void *addr;
  void *data;
  int num;
  size_t ser_osz;
  struct tpl_node *children;
  struct tpl_node *next, *prev;
  struct tpl_node *parent;
} tpl_node;

/* A binary buffer ('B') */
typedef struct tpl_bin {
  void *addr;
  uint32_t sz;
} tpl_bin;

/* State of a piecemeal read (tpl_gather) */
typedef struct tpl_gather_t {
  char *img;
  int len;
} tpl_gather_t;

typedef int (tpl_gather_cb)(void *, size_t, void *);

/* Mapping, packing and unpacking */
void tpl_fatal(char *, ...);
tpl_node *tpl_map(char *, ...);
void tpl_free(tpl_node *);
int tpl_pack(tpl_node *, int);
int tpl_unpack(tpl_node *, int);
int tpl_dump(tpl_node *, int, ...);
int tpl_load(tpl_node *, int, ...);
int tpl_Alen(tpl_node *, int);
char *tpl_peek(int, ...);
int tpl_gather(int, ...);
int tpl_jot(int, ...);

#endif
