/*
 * prxs shim host: the core's global data that modules read, under the
 * names and types ProFTPD 1.3.8 exports them (dirtree.h, proftpd.h), so a
 * module built against either header set binds to them in the shim.
 * session, main_server, server_list, permanent_pool, daemon_uid/daemon_gid
 * live beside the code that owns them (session.c, config.c, pool.c,
 * privs.c).
 */

#include "host.h"

/* Set by the ServerType directive (mod_core.c); the shim always serves as
 * a standalone master whatever it says.
 */
char ServerType = SERVER_STANDALONE;

/* SocketBindTight, UseReverseDNS (mod_core.c) */
int SocketBindTight = FALSE;
int ServerUseReverseDNS = TRUE;

/* MaxInstances (connlimit.c); 0 is no limit */
unsigned long ServerMaxInstances = 0UL;

/* The listen(2) backlog (as ProFTPD's default) */
int tcpBackLog = PR_TUNABLE_DEFAULT_BACKLOG;

/* DefaultAddress collisions are not checked by the shim */
char AddressCollisionCheck = TRUE;

/* The master's pid (main.c) */
pid_t mpid = 0;

/* Supplementary groups of the daemon (none in the shim) */
array_header *daemon_gids = NULL;
