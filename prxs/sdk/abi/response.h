/* prxs SDK: ProFTPD 1.3.8 module ABI -- replies to the client: pr_response_add() and friends. */

#ifndef PR_RESPONSE_H
#define PR_RESPONSE_H

typedef struct resp_struc {
  struct resp_struc *next;
  const char *num;
  const char *msg;
} pr_response_t;
void pr_response_add(const char *, const char *, ...) __attribute__ ((format (printf, 2, 3)));
void pr_response_add_err(const char *, const char *, ...) __attribute__ ((format (printf, 2, 3)));
int pr_response_block(int);
int pr_response_blocked(void);
void pr_response_clear(pr_response_t **);
void pr_response_flush(pr_response_t **);
int pr_response_get_last(pool *, const char **resp_code, const char **response_msg);
void pr_response_send(const char *, const char *, ...) __attribute__ ((format (printf, 2, 3)));
void pr_response_send_async(const char *, const char *, ...) __attribute__ ((format (printf, 2, 3)));
void pr_response_send_raw(const char *, ...) __attribute__ ((format (printf, 1, 2)));
void pr_response_register_handler(char *(*)(pool *, const char *, ...));
pool *pr_response_get_pool(void);
void pr_response_set_pool(pool *);

#endif
