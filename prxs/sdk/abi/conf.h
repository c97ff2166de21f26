/* prxs SDK: ProFTPD 1.3.8 module ABI -- the umbrella header every module includes first. */

#ifndef PR_CONF_H
#define PR_CONF_H
#include "os.h"
#include "version.h"
#if defined(PR_USE_OPENSSL_API_COMPAT) &&  !defined(OPENSSL_API_COMPAT)
#define OPENSSL_API_COMPAT 0x10000000L
#endif
#include "options.h"
#define PR_LU "llu"
#define pr_off_t unsigned long long
#ifndef __PROFTPD_SUPPORT_LIBRARY
#include "base.h"
#include "pool.h"
#include "str.h"
#include "ascii.h"
#include "table.h"
#include "signals.h"
#include "proftpd.h"
#include "support.h"
#include "str.h"
#include "sets.h"
#include "configdb.h"
#include "dirtree.h"
#include "expr.h"
#include "rlimit.h"
#include "filter.h"
#include "modules.h"
#include "netio.h"
#include "regexp.h"
#include "stash.h"
#include "auth.h"
#include "response.h"
#include "timers.h"
#include "inet.h"
#include "child.h"
#include "netaddr.h"
#include "netacl.h"
#include "class.h"
#include "cmd.h"
#include "bindings.h"
#include "help.h"
#include "feat.h"
#include "ftp.h"
#include "log.h"
#include "parser.h"
#include "xferlog.h"
#include "scoreboard.h"
#include "data.h"
#include "display.h"
#include "fsio.h"
#include "mkhome.h"
#include "ctrls.h"
#include "session.h"
#include "event.h"
#include "var.h"
#include "throttle.h"
#include "trace.h"
#include "encode.h"
#include "compat.h"
#include "proctitle.h"
#include "pidfile.h"
#include "env.h"
#include "random.h"
#include "pr-syslog.h"
#include "json.h"
#include "memcache.h"
#include "redis.h"
#define PR_RESPONSE_BUFFER_SIZE (PR_TUNABLE_BUFFER_SIZE + PR_TUNABLE_PATH_MAX)
#endif
#ifdef WITH_DMALLOC
#include <dmalloc.h>
#endif
#endif
