/* prxs SDK: ProFTPD 1.3.8 module ABI -- system headers and portability shims. */

#ifndef PR_OS_H
#define PR_OS_H

/* GNU extensions are wanted before any libc header is read */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

/* Build configuration first: later headers test its HAVE_* and PR_USE_* */
#include "config.h"
#include "default_paths.h"

/* C library */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <memory.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* POSIX: processes, files, terminals */
#include <fcntl.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/param.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <utime.h>

/* Users, groups, login records, ACLs, syslog */
#include <grp.h>
#include <pwd.h>
#include <sys/acl.h>
#include <syslog.h>
#include <utmp.h>
#include <utmpx.h>

/* Networking */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/in_systm.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

/* Directory entries: length of an entry's name */
#include <dirent.h>
#define NAMLEN(dirent) strlen((dirent)->d_name)

/* Messages are translated in the "proftpd" text domain */
#include <libintl.h>
#include <locale.h>
#define _(str) dgettext("proftpd", str)

/* alloca() where the C library does not declare it */
#if !defined(__alloca) && !defined(__GNU_LIBRARY__)
#undef alloca
#define alloca(n) __builtin_alloca(n)
#define __alloca alloca
#endif

#endif
