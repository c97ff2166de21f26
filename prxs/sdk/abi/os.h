/* prxs SDK: ProFTPD 1.3.8 module ABI -- system headers and portability shims. */

#ifndef PR_OS_H
#define PR_OS_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "config.h"
#include "default_paths.h"
#include <stdlib.h>
#include <stdio.h>
#include <stdarg.h>
#include <pwd.h>
#include <grp.h>
#include <sys/types.h>
#include <inttypes.h>
#include <unistd.h>
#include <limits.h>
#include <signal.h>
#include <sys/acl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <memory.h>
#include <strings.h>
#include <string.h>
#include <sys/time.h>
#include <sys/param.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/in_systm.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <time.h>
#include <syslog.h>
#include <dirent.h>
#define NAMLEN(dirent) strlen((dirent)->d_name)
#include <fcntl.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <ctype.h>
#include <utime.h>
#include <utmp.h>
#include <utmpx.h>
#include <termios.h>
#include <libintl.h>
#define _(str) dgettext("proftpd", str)
#include <locale.h>
#if !defined(__alloca) && !defined(__GNU_LIBRARY__)
#undef alloca
#define alloca(n) __builtin_alloca(n)
#define __alloca alloca
#endif
#endif
