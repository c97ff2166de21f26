/*
 * Links libcap through the source's hint.
 * $Libraries: -lcap$
 */
#include "conf.h"
#include <sys/capability.h>

static int capuser_init(void) {
  cap_t caps = cap_get_proc();
  if (caps != NULL) {
    cap_free(caps);
  }
  return 0;
}

module cap_user_module = {
  NULL, NULL, 0x20, "cap_user", NULL, NULL, NULL, capuser_init, NULL, "mod_cap_user/0.1"
};
