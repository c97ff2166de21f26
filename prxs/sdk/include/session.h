/* prxs SDK: ProFTPD 1.3.8 module ABI -- session-wide helpers: end of session, protocol name, TTY. */

#ifndef PR_SESSION_H
#define PR_SESSION_H

/* Why a session ended */
#define PR_SESS_DISCONNECT_UNSPECIFIED 0
#define PR_SESS_DISCONNECT_CLIENT_QUIT 1
#define PR_SESS_DISCONNECT_CLIENT_EOF 2
#define PR_SESS_DISCONNECT_SESSION_INIT_FAILED 3
#define PR_SESS_DISCONNECT_SIGNAL 4
#define PR_SESS_DISCONNECT_NOMEM 5
#define PR_SESS_DISCONNECT_SERVER_SHUTDOWN 6
#define PR_SESS_DISCONNECT_TIMEOUT 7
#define PR_SESS_DISCONNECT_BANNED 8
#define PR_SESS_DISCONNECT_CONFIG_ACL 9
#define PR_SESS_DISCONNECT_MODULE_ACL 10
#define PR_SESS_DISCONNECT_BAD_CONFIG 11
#define PR_SESS_DISCONNECT_BY_APPLICATION 12
#define PR_SESS_DISCONNECT_SNPRINTF_TRUNCATED 13
#define PR_SESS_DISCONNECT_BAD_PROTOCOL 14
#define PR_SESS_DISCONNECT_SEGFAULT 15

/* Session protocol and end flags */
#define PR_SESS_PROTO_FL_LOGOUT 0x01
#define PR_SESS_END_FL_NOEXIT 0x01
#define PR_SESS_END_FL_SYNTAX_CHECK 0x02
#define PR_SESS_END_FL_ERROR 0x04

/* Session state */
void pr_session_disconnect(module *, int, const char *);
void pr_session_end(int);
const char *pr_session_get_disconnect_reason(const char **);
const char *pr_session_get_protocol(int);
const char *pr_session_get_ttyname(pool *);
void pr_session_send_banner(server_rec *, int);
int pr_session_set_idle(void);
int pr_session_set_protocol(const char *);
void session_set_connected(void);

#endif
