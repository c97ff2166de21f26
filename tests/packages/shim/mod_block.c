/*
 * ProFTPD: mod_block -- a test module whose init() never returns (in time).
 */

#include "conf.h"

module block_module;

static int block_init(void) {
  sleep(600);
  return 0;
}

module block_module = {
  NULL, NULL,
  0x20,
  "block",
  NULL, NULL, NULL,
  block_init,
  NULL,
  "mod_block/0.1"
};
