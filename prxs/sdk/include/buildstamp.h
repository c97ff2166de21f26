/* prxs SDK: ProFTPD 1.3.8 module ABI -- build stamp (value kept in config.h). */

#include "config.h"
