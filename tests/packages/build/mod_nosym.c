/* A module whose struct is misnamed: LoadModule mod_nosym.c looks for nosym_module. */
#include "conf.h"

module misnamed_module = {
  NULL, NULL, 0x20, "nosym", NULL, NULL, NULL, NULL, NULL, "mod_nosym/0.1"
};
