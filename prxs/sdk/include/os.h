/* prxs SDK: system includes and portability macros (subset of os.h). */

#ifndef PR_OS_H
#define PR_OS_H

/* As ProFTPD's os.h: modules see the GNU extensions (setresuid, ...). */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE
#endif

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#ifndef TRUE
# define TRUE				1
#endif

#ifndef FALSE
# define FALSE				0
#endif

/* Native language support is not part of the SDK; messages stay as is. */
#ifndef _
# define _(str) (str)
#endif

#ifndef RETSIGTYPE
# define RETSIGTYPE			void
#endif

#endif /* PR_OS_H */
