/*
 * prxs shim host: the scoreboard's internal entry points (scoreboard.c),
 * for the master (main.c), the sessions (session.c) and mod_core's
 * ScoreboardFile.
 */

#ifndef PRXS_HOST_SCOREBOARD_H
#define PRXS_HOST_SCOREBOARD_H

#include "host.h"
#include "scoreboard.h"

modret_t *host_scoreboard_set_file(cmd_rec *cmd);
void host_scoreboard_config_reset(void);
int host_scoreboard_start(const char *serve_path);
void host_scoreboard_stop(void);
int host_scoreboard_slot_reserve(void);
void host_scoreboard_slot_assign(int slot, pid_t pid);
void host_scoreboard_slot_release(pid_t pid);
void host_scoreboard_session_begin(int slot);
void host_scoreboard_session_conn(void);
void host_scoreboard_session_login(void);
void host_scoreboard_session_cmd(const char *line);
void host_scoreboard_session_idle(void);

#endif /* PRXS_HOST_SCOREBOARD_H */
