/*
 * prxs shim host: events (pr_event_*).  Listeners are called in the
 * order they registered.
 */

#include "host.h"

#include <dlfcn.h>

struct event_listener {
  struct event_listener *next;
  module *m;
  char *event;
  void (*cb)(const void *, void *);
  void *user_data;
  int removed;
};

static struct event_listener *listeners = NULL;

/* While events are being dispatched, unregistered listeners are only marked,
 * so a callback may unregister any listener (itself included) safely.
 */
static unsigned int dispatch_depth = 0;

static void event_sweep(void) {
  struct event_listener **lp = &listeners;

  while (*lp != NULL) {
    struct event_listener *l = *lp;
    if (l->removed) {
      *lp = l->next;
      free(l->event);
      free(l);
      continue;
    }
    lp = &l->next;
  }
}

int pr_event_register(module *m, const char *event,
    void (*cb)(const void *, void *), void *user_data) {
  struct event_listener *l, **lp;

  if (event == NULL || cb == NULL) {
    errno = EINVAL;
    return -1;
  }
  for (l = listeners; l != NULL; l = l->next) {
    if (!l->removed && l->m == m && l->cb == cb &&
        strcmp(l->event, event) == 0) {
      errno = EEXIST;
      return -1;
    }
  }
  l = calloc(1, sizeof(*l));
  if (l == NULL || (l->event = strdup(event)) == NULL) {
    free(l);
    errno = ENOMEM;
    return -1;
  }
  l->m = m;
  l->cb = cb;
  l->user_data = user_data;
  for (lp = &listeners; *lp != NULL; lp = &(*lp)->next);
  *lp = l;
  return 0;
}

int pr_event_unregister(module *m, const char *event,
    void (*cb)(const void *, void *)) {
  struct event_listener *l;
  int removed = 0;

  for (l = listeners; l != NULL; l = l->next) {
    if (!l->removed &&
        (m == NULL || l->m == m) &&
        (event == NULL || strcmp(l->event, event) == 0) &&
        (cb == NULL || l->cb == cb)) {
      l->removed = 1;
      removed++;
    }
  }
  if (dispatch_depth == 0) {
    event_sweep();
  }
  if (removed == 0) {
    errno = ENOENT;
    return -1;
  }
  return 0;
}

void pr_event_generate(const char *event, const void *event_data) {
  struct event_listener *l;

  if (event == NULL) {
    return;
  }
  pr_log_debug(DEBUG8, "dispatching event '%s'", event);
  dispatch_depth++;
  for (l = listeners; l != NULL; l = l->next) {
    if (!l->removed && strcmp(l->event, event) == 0) {
      const char *prev = host_crash_module;
      host_crash_module = l->m ? l->m->name : NULL;
      l->cb(event_data, l->user_data);
      host_crash_module = prev;
    }
  }
  dispatch_depth--;
  if (dispatch_depth == 0) {
    event_sweep();
  }
}

int pr_event_listening(const char *event) {
  struct event_listener *l;
  int n = 0;

  if (event == NULL) {
    errno = EINVAL;
    return -1;
  }
  for (l = listeners; l != NULL; l = l->next) {
    if (!l->removed && strcmp(l->event, event) == 0) {
      n++;
    }
  }
  return n;
}

void host_events_remove_module(module *m) {
  if (m != NULL) {
    pr_event_unregister(m, NULL, NULL);
  }
}

void host_events_reset(void) {
  pr_event_unregister(NULL, NULL, NULL);
}

/* Drop the listeners whose callback lies in the shared object that holds
 * addr (a module about to be dlclose()d), whatever module they name.
 */
void host_events_remove_object(const void *addr) {
  struct event_listener *l;
  Dl_info obj, cb;

  if (addr == NULL || dladdr(addr, &obj) == 0 || obj.dli_fbase == NULL) {
    return;
  }
  for (l = listeners; l != NULL; l = l->next) {
    if (!l->removed && dladdr((const void *) l->cb, &cb) != 0 &&
        cb.dli_fbase == obj.dli_fbase) {
      l->removed = 1;
    }
  }
  if (dispatch_depth == 0) {
    event_sweep();
  }
}
