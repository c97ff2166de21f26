/* prxs SDK: version information (subset of version.h). */

#ifndef PR_VERSION_H
#define PR_VERSION_H

/* The SDK follows the ProFTPD 1.3.8 module API. */
#define PROFTPD_VERSION_NUMBER		0x0001030805
#define PROFTPD_VERSION_TEXT		"1.3.8"

/* Module API version; a module's api_version must equal this. */
#define PR_MODULE_API_VERSION		0x20

#endif /* PR_VERSION_H */
