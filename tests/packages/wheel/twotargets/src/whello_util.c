#include "whello.h"

const char *whello_greeting(void) {
  return "hello from a wheel";
}
