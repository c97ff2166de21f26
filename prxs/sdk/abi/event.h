/* prxs SDK: ProFTPD 1.3.8 module ABI -- the event bus: listeners and generated events. */

#ifndef PR_EVENT_H
#define PR_EVENT_H

int pr_event_register(module *m, const char *event, void (*cb)(const void *, void *), void *user_data);
int pr_event_unregister(module *m, const char *event, void (*cb)(const void *, void *));
void pr_event_generate(const char *event, const void *event_data);
int pr_event_listening(const char *event);
void pr_event_dump(void (*)(const char *, ...));

#endif
