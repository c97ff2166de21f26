#include "conf.h"
#include "cymix_helper.h"

int cymix_add(int a, int b) {
  pr_log_debug(DEBUG5, "cymix_add(%d, %d)", a, b);
  return a + b;
}
