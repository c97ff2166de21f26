/* No mod_ prefix on the file: the module name comes from -n. */
#include "conf.h"

module renamed_module = {
  NULL, NULL, 0x20, "renamed", NULL, NULL, NULL, NULL, NULL, "mod_renamed/0.1"
};
