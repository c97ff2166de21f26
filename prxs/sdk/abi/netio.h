/* prxs SDK: ProFTPD 1.3.8 module ABI -- network I/O streams (pr_netio_stream_t) and pluggable NetIO. */

#ifndef PR_NETIO_H
#define PR_NETIO_H
#define PR_NETIO_STRM_CTRL 0x00010
#define PR_NETIO_STRM_DATA 0x00020
#define PR_NETIO_STRM_OTHR 0x00040
#define PR_NETIO_IO_RD 1
#define PR_NETIO_IO_WR 2
#define PR_NETIO_SESS_INTR (1 << 1)
#define PR_NETIO_SESS_ABORT (1 << 2)

typedef struct {
  char *buf;
  unsigned long buflen;
  char *current;
  size_t remaining;
} pr_buffer_t;
typedef struct netio_rec pr_netio_t;
typedef struct {
  struct pool_rec *strm_pool;
  int strm_type;
  int strm_fd;
  int strm_mode;
  unsigned int strm_interval;
  volatile unsigned long strm_flags;
  pr_buffer_t *strm_buf;
  void *strm_data;
  int strm_errno;
  pr_table_t *notes;
  pr_netio_t *strm_netio;
} pr_netio_stream_t;

#define PR_NETIO_ERRNO(s) ((s)->strm_errno)
#define PR_NETIO_FD(s) ((s)->strm_fd)

struct netio_rec {
  struct pool_rec *pool;
  void (*abort)(pr_netio_stream_t *);
  int (*close)(pr_netio_stream_t *);
  pr_netio_stream_t *(*open)(pr_netio_stream_t *, int, int);
  int (*poll)(pr_netio_stream_t *);
  int (*postopen)(pr_netio_stream_t *);
  int (*read)(pr_netio_stream_t *, char *, size_t);
  pr_netio_stream_t *(*reopen)(pr_netio_stream_t *, int, int);
  int (*shutdown)(pr_netio_stream_t *, int);
  int (*write)(pr_netio_stream_t *, char *, size_t);
  module *owner;
  const char *owner_name;
};
pr_buffer_t *pr_netio_buffer_alloc(pr_netio_stream_t *nstrm);
void pr_netio_abort(pr_netio_stream_t *);
int pr_netio_lingering_abort(pr_netio_stream_t *, long);
int pr_netio_close(pr_netio_stream_t *);
int pr_netio_lingering_close(pr_netio_stream_t *, long);

#define NETIO_LINGERING_CLOSE_FL_NO_SHUTDOWN 0x00001

char *pr_netio_gets(char *, size_t, pr_netio_stream_t *);
pr_netio_stream_t *pr_netio_open(pool *, int, int, int);
int pr_netio_postopen(pr_netio_stream_t *);
int pr_netio_printf(pr_netio_stream_t *, const char *, ...);
int pr_netio_vprintf(pr_netio_stream_t *, const char *, va_list);
int pr_netio_printf_async(pr_netio_stream_t *, char *,...);
int pr_netio_poll(pr_netio_stream_t *);
int pr_netio_read(pr_netio_stream_t *, char *, size_t, int);
pr_netio_stream_t *pr_netio_reopen(pr_netio_stream_t *, int, int);
int pr_netio_shutdown(pr_netio_stream_t *, int);
char *pr_netio_telnet_gets(char *, size_t, pr_netio_stream_t *, pr_netio_stream_t *);
int pr_netio_telnet_gets2(char *, size_t, pr_netio_stream_t *, pr_netio_stream_t *);
int pr_netio_write(pr_netio_stream_t *, char *, size_t);
int pr_netio_write_async(pr_netio_stream_t *, char *, size_t);
void pr_netio_reset_poll_interval(pr_netio_stream_t *);
void pr_netio_set_poll_interval(pr_netio_stream_t *, unsigned int);
pr_netio_t *pr_alloc_netio(pool *);
pr_netio_t *pr_alloc_netio2(pool *, module *, const char *);
int pr_register_netio(pr_netio_t *, int);
int pr_unregister_netio(int);
pr_netio_t *pr_get_netio(int);
void init_netio(void);

#endif
