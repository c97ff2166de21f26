/* prxs SDK: ProFTPD 1.3.8 module ABI -- the event bus: listeners and generated events. */

#ifndef PR_EVENT_H
#define PR_EVENT_H

/* Registering for and generating events */
void pr_event_dump(void (*)(const char *, ...));
void pr_event_generate(const char *, const void *);
int pr_event_listening(const char *);
int pr_event_register(module *, const char *, void (*)(const void *, void *), void *);
int pr_event_unregister(module *, const char *, void (*)(const void *, void *));

#endif
