/*
 * ProFTPD: mod_empty -- a test module that declares its module structure
 * but never defines it (a zero-filled struct with no name).
 */

#include "conf.h"

module empty_module;
