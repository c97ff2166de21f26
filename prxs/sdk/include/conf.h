/*
 * prxs embedded SDK: a source-compatible subset of the ProFTPD 1.3.8
 * module API.  Every name declared here exists in ProFTPD with the same
 * meaning, so a module written against these headers also compiles
 * against an installed ProFTPD's headers (<prefix>/include/proftpd).
 *
 * Struct layouts are our own: a module must be rebuilt for each target.
 */

/* Generic configuration and standard header file includes. */

#ifndef PR_CONF_H
#define PR_CONF_H

#include "os.h"
#include "version.h"
#include "options.h"

#include "pool.h"
#include "str.h"
#include "sets.h"
#include "table.h"
#include "signals.h"
#include "configdb.h"
#include "netaddr.h"
#include "dirtree.h"
#include "modules.h"
#include "inet.h"
#include "proftpd.h"
#include "auth.h"
#include "response.h"
#include "ftp.h"
#include "log.h"
#include "fsio.h"
#include "session.h"
#include "event.h"
#include "privs.h"
#include "support.h"
#include "env.h"
#include "trace.h"

#endif /* PR_CONF_H */
