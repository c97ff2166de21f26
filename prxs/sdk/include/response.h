/* prxs SDK: ProFTPD 1.3.8 module ABI -- replies to the client: pr_response_add() and friends. */

#ifndef PR_RESPONSE_H
#define PR_RESPONSE_H

/* A queued response line */
typedef struct resp_struc {
  struct resp_struc *next;
  const char *num;
  const char *msg;
} pr_response_t;

/* Queueing responses */
void pr_response_add(const char *, const char *, ...) __attribute__ ((format (printf, 2, 3)));
void pr_response_add_err(const char *, const char *, ...) __attribute__ ((format (printf, 2, 3)));
void pr_response_clear(pr_response_t **);
void pr_response_flush(pr_response_t **);
int pr_response_get_last(pool *, const char **, const char **);

/* Sending responses at once */
void pr_response_send(const char *, const char *, ...) __attribute__ ((format (printf, 2, 3)));
void pr_response_send_async(const char *, const char *, ...) __attribute__ ((format (printf, 2, 3)));
void pr_response_send_raw(const char *, ...) __attribute__ ((format (printf, 1, 2)));

/* Blocking, handlers and pools */
int pr_response_block(int);
int pr_response_blocked(void);
pool *pr_response_get_pool(void);
void pr_response_register_handler(char *(*)(pool *, const char *, ...));
void pr_response_set_pool(pool *);

#endif
