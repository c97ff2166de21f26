#include "conf.h"

int sub_a(void);
int other_a(void);

#ifndef MULTI_GREETING
# define MULTI_GREETING "unset"
#endif

const char *multi_greeting = MULTI_GREETING;

static int multi_init(void) {
  return sub_a() + other_a() - 3;
}

module multi_module = {
  NULL, NULL, 0x20, "multi", NULL, NULL, NULL, multi_init, NULL, "mod_multi/0.1"
};
