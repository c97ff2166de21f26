/* prxs SDK: command responses (subset of response.h). */

#ifndef PR_RESPONSE_H
#define PR_RESPONSE_H

typedef struct resp_struc {
  struct resp_struc *next;
  const char *num;
  const char *msg;
} pr_response_t;

void pr_response_add(const char *, const char *, ...)
#ifdef __GNUC__
  __attribute__ ((format (printf, 2, 3)));
#else
  ;
#endif

void pr_response_add_err(const char *, const char *, ...)
#ifdef __GNUC__
  __attribute__ ((format (printf, 2, 3)));
#else
  ;
#endif

void pr_response_send(const char *, const char *, ...)
#ifdef __GNUC__
  __attribute__ ((format (printf, 2, 3)));
#else
  ;
#endif

void pr_response_send_async(const char *, const char *, ...)
#ifdef __GNUC__
  __attribute__ ((format (printf, 2, 3)));
#else
  ;
#endif

int pr_response_get_last(pool *, const char **resp_code,
  const char **response_msg);

#endif /* PR_RESPONSE_H */
