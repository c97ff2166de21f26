/* A plain shared library a module needs (loaded with LoadFile). */

const char *helper_greeting(void) {
  return "greetings from libhelper";
}
