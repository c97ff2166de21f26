#include "two_a.h"
int two_a(void) { return TWO_A_VALUE; }
