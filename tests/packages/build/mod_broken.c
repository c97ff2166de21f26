#include "conf.h"

static int broken_init(void) {
  return this_is_not_c +;
}
