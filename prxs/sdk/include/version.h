/* prxs SDK: ProFTPD 1.3.8 module ABI -- version numbers and the module API version. */

#ifndef PR_VERSION_H
#define PR_VERSION_H

#include "buildstamp.h"

/* Version and module API numbers */
#define PROFTPD_VERSION_NUMBER 0x0001030805
#define PROFTPD_VERSION_TEXT "1.3.8"
#define PR_MODULE_API_VERSION 0x20
#define PR_STATUS "(stable)"

/* Version at run time */
unsigned long pr_version_get_module_api_number(void);
unsigned long pr_version_get_number(void);
const char *pr_version_get_str(void);

#endif
