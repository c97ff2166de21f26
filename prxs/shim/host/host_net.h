/*
 * prxs shim host: the networking API's host-internal side (netaddr.c,
 * inet.c, netio.c): data transfers through the NetIO layer.
 */

#ifndef PRXS_HOST_NET_H
#define PRXS_HOST_NET_H

#include "host.h"

/* A download: buf written through a PR_NETIO_STRM_DATA stream (a module's
 * data NetIO, if one is registered); *out (from p) is what the client
 * receives.  0, or -1 with errno.
 */
int host_data_send(pool *p, const char *buf, size_t len, char **out,
  size_t *outlen);

/* An upload: buf (what the client sent) read through a data stream, each
 * chunk handed to sink.  0, or -1 with errno.
 */
int host_data_recv(pool *p, const char *buf, size_t len,
  int (*sink)(void *, const char *, size_t), void *sink_data);

/* response.c: download data sent as is, as proftpd's sendfile(2) path. */
int host_response_send_data_raw(const char *buf, size_t len);

#endif /* PRXS_HOST_NET_H */
