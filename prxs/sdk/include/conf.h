/* prxs SDK: ProFTPD 1.3.8 module ABI -- the umbrella header every module includes first.
 *
 * prxs/sdk/include is our own restatement of the facts of ProFTPD 1.3.8's module
 * ABI (names, types, struct field order, constant values, function types) as
 * built for Debian 12; it is not a copy of ProFTPD's headers.  Declarations
 * are grouped and ordered our way and prototypes carry no parameter names.
 * tests/unit/test_sdk_abi_layout.py checks the facts: a probe generated from
 * these headers prints every struct size and field offset, typedef, enum and
 * macro value and every function's type, compiled against these headers and
 * against /usr/include/proftpd; the outputs must be identical, and every name
 * the real headers declare must be declared here.
 */

#ifndef PR_CONF_H
#define PR_CONF_H

/* Platform, version and tunables */
#include "os.h"
#include "version.h"
#if defined(PR_USE_OPENSSL_API_COMPAT) &&  !defined(OPENSSL_API_COMPAT)
#define OPENSSL_API_COMPAT 0x10000000L
#endif
#include "options.h"

/* How off_t values are printed */
#define PR_LU "llu"
#define pr_off_t unsigned long long

/* The module API proper; the support library (-D__PROFTPD_SUPPORT_LIBRARY)
 * needs only the part above.  The order follows the dependencies between
 * the headers. */
#ifndef __PROFTPD_SUPPORT_LIBRARY
/* memory, strings, tables, signals */
#include "base.h"
#include "pool.h"
#include "str.h"
#include "ascii.h"
#include "table.h"
#include "signals.h"
/* the session and the configuration tree */
#include "proftpd.h"
#include "support.h"
#include "sets.h"
#include "configdb.h"
#include "dirtree.h"
#include "expr.h"
#include "rlimit.h"
#include "filter.h"
/* modules, network I/O and authentication */
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
/* the FTP protocol, logging, transfers and files */
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
/* controls, sessions, events and the remaining services */
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

/* Room for a response line: a path plus the usual buffer */
#define PR_RESPONSE_BUFFER_SIZE (PR_TUNABLE_BUFFER_SIZE + PR_TUNABLE_PATH_MAX)
#endif

/* Debug builds with dmalloc */
#ifdef WITH_DMALLOC
#include <dmalloc.h>
#endif

#endif
