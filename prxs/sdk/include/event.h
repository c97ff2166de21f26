/* prxs SDK: events (subset of event.h). */

#ifndef PR_EVENT_H
#define PR_EVENT_H

int pr_event_register(module *m, const char *event,
  void (*cb)(const void *, void *), void *user_data);
int pr_event_unregister(module *m, const char *event,
  void (*cb)(const void *, void *));
void pr_event_generate(const char *event, const void *event_data);
int pr_event_listening(const char *event);

#endif /* PR_EVENT_H */
