/*
 * prxs shim host: internal declarations of the command, response, FEAT,
 * HELP and timer areas (not exported to modules).
 */

#ifndef PRXS_HOST_CMD_H
#define PRXS_HOST_CMD_H

/* mod_core.c: the FEAT and HELP entries of proftpd's built-in modules,
 * registered when the host starts (host_core_features_init) and when a
 * session starts (host_core_sess_features).
 */
void host_core_features_init(void);
void host_core_sess_features(void);

/* response.c */
int host_response_blocked(void);

/* timers.c: the modules' timers (pr_timer_*) */
void host_timers_run_modules(void);

#endif /* PRXS_HOST_CMD_H */
