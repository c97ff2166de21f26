/* prxs SDK: ProFTPD 1.3.8 module ABI -- network I/O streams (pr_netio_stream_t) and pluggable NetIO. */

#ifndef PR_NETIO_H
#define PR_NETIO_H

/* Stream types */
#define PR_NETIO_STRM_CTRL 0x00010
#define PR_NETIO_STRM_DATA 0x00020
#define PR_NETIO_STRM_OTHR 0x00040

/* Stream directions */
#define PR_NETIO_IO_RD 1
#define PR_NETIO_IO_WR 2

/* Session flags of a stream */
#define PR_NETIO_SESS_INTR (1 << 1)
#define PR_NETIO_SESS_ABORT (1 << 2)

/* Stream accessors */
#define PR_NETIO_ERRNO(s) ((s)->strm_errno)
#define PR_NETIO_FD(s) ((s)->strm_fd)

/* pr_netio_lingering_close() flags */
#define NETIO_LINGERING_CLOSE_FL_NO_SHUTDOWN 0x00001

/* A stream's I/O buffer */
typedef struct {
  char *buf;
  unsigned long buflen;
  char *current;
  size_t remaining;
} pr_buffer_t;

/* A NetIO implementation: the operations on streams */
typedef struct netio_rec pr_netio_t;

/* A stream over a connection (control, data or other) */
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

/* Opening and closing streams */
void pr_netio_abort(pr_netio_stream_t *);
int pr_netio_close(pr_netio_stream_t *);
int pr_netio_lingering_abort(pr_netio_stream_t *, long);
int pr_netio_lingering_close(pr_netio_stream_t *, long);
pr_netio_stream_t *pr_netio_open(pool *, int, int, int);
int pr_netio_postopen(pr_netio_stream_t *);
pr_netio_stream_t *pr_netio_reopen(pr_netio_stream_t *, int, int);
int pr_netio_shutdown(pr_netio_stream_t *, int);

/* Reading and writing */
pr_buffer_t *pr_netio_buffer_alloc(pr_netio_stream_t *);
char *pr_netio_gets(char *, size_t, pr_netio_stream_t *);
int pr_netio_printf(pr_netio_stream_t *, const char *, ...);
int pr_netio_printf_async(pr_netio_stream_t *, char *, ...);
int pr_netio_read(pr_netio_stream_t *, char *, size_t, int);
char *pr_netio_telnet_gets(char *, size_t, pr_netio_stream_t *, pr_netio_stream_t *);
int pr_netio_telnet_gets2(char *, size_t, pr_netio_stream_t *, pr_netio_stream_t *);
int pr_netio_vprintf(pr_netio_stream_t *, const char *, va_list);
int pr_netio_write(pr_netio_stream_t *, char *, size_t);
int pr_netio_write_async(pr_netio_stream_t *, char *, size_t);

/* Polling */
int pr_netio_poll(pr_netio_stream_t *);
void pr_netio_reset_poll_interval(pr_netio_stream_t *);
void pr_netio_set_poll_interval(pr_netio_stream_t *, unsigned int);

/* Registering a NetIO implementation */
void init_netio(void);
pr_netio_t *pr_alloc_netio(pool *);
pr_netio_t *pr_alloc_netio2(pool *, module *, const char *);
pr_netio_t *pr_get_netio(int);
int pr_register_netio(pr_netio_t *, int);
int pr_unregister_netio(int);

#endif
