/*
 * prxs shim host: the server version a module sees (pr_version_*): the
 * shim stands in for ProFTPD 1.3.8, whose ABI the SDK is.
 */

#include "host.h"

const char *pr_version_get_str(void) {
  return PROFTPD_VERSION_TEXT;
}

unsigned long pr_version_get_number(void) {
  return PROFTPD_VERSION_NUMBER;
}

unsigned long pr_version_get_module_api_number(void) {
  return PR_MODULE_API_VERSION;
}
