/*
 * prxs shim host: "#" queries about the session process itself, for
 * callers that look at it from outside (tests reading /proc/<pid>/status):
 *   -> "#PID"
 *   <- "#PID <pid of this session process>", then "#END"
 * Other "#" lines are answered with "#END" alone.
 */

#include "host.h"

void host_session_query(const char *line) {
  char buf[64];
  int n;

  if (strcmp(line, "#PID") == 0) {
    n = snprintf(buf, sizeof(buf), "#PID %lu\n", (unsigned long) getpid());
    if (n > 0) {
      host_response_write(buf, (size_t) n);
    }
  }
}
