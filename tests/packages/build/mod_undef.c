/* Calls a function no target provides. */
#include "conf.h"

extern int pr_no_such_function(int);

static int undef_init(void) {
  return pr_no_such_function(1);
}

module undef_module = {
  NULL, NULL, 0x20, "undef", NULL, NULL, NULL, undef_init, NULL, "mod_undef/0.1"
};
