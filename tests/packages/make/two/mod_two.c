#include "conf.h"
#include "two_a.h"

int two_b(void);

static int two_init(void) {
  return two_a() + two_b() - TWO_A_VALUE - 2;
}

module two_module = {
  NULL, NULL, 0x20, "two", NULL, NULL, NULL, two_init, NULL, "mod_two/0.1"
};
