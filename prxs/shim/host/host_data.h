/*
 * prxs shim host: internal declarations of the data area (json, jot,
 * memcache, redis) shared with the static modules.
 */
#ifndef PRXS_HOST_DATA_H
#define PRXS_HOST_DATA_H

#include "host.h"

/* api/jot.c: mod_log's LogFormat, parsed as ProFTPD's mod_log stores it
 * (argv[0] the name, argv[1] the parsed format) for mod_sql, mod_redis and
 * other modules that look LogFormats up by name.
 */
modret_t *host_set_logformat(cmd_rec *cmd);

#endif
