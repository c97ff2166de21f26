/*
 * mod_captest: a test module that makes the session process try things
 * that need capabilities, and answers with the errno each attempt got.
 *
 *   SITE CAPTEST CHOWN <path> <uid> <gid>  -> "200 CHOWN <errno> <text>"
 *   SITE CAPTEST WRITE <path>              -> "200 WRITE <errno> <text>"
 *   SITE CAPTEST SETUID <uid>              -> "200 SETUID <errno> <text>"
 *   SITE CAPTEST EXEC                      -> "200 EXEC CapPrm=... Uid=..."
 *     (the Cap and Uid/Gid lines of /proc/self/status of a program the
 *      session starts with fork+execve, ';'-separated)
 */

#include "conf.h"

#define MOD_CAPTEST_VERSION		"mod_captest/0.1"

module captest_module;

/* Support routines
 */

static void captest_reply(const char *what, int xerrno) {
  pr_response_add(R_200, "%s %d %s", what, xerrno,
    xerrno ? strerror(xerrno) : "ok");
}

static void captest_exec(cmd_rec *cmd) {
  char buf[8192], *out, *line, *save = NULL;
  size_t len = 0;
  int fds[2], status;
  pid_t pid;

  if (pipe(fds) < 0) {
    captest_reply("EXEC", errno);
    return;
  }

  pid = fork();
  if (pid < 0) {
    captest_reply("EXEC", errno);
    close(fds[0]);
    close(fds[1]);
    return;
  }

  if (pid == 0) {
    char *argv[] = { "cat", "/proc/self/status", NULL };
    char *envp[] = { NULL };

    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execve("/bin/cat", argv, envp);
    _exit(127);
  }

  close(fds[1]);
  while (len < sizeof(buf) - 1) {
    ssize_t n = read(fds[0], buf + len, sizeof(buf) - 1 - len);
    if (n <= 0) {
      break;
    }
    len += (size_t) n;
  }
  buf[len] = '\0';
  close(fds[0]);
  waitpid(pid, &status, 0);

  out = "";
  for (line = strtok_r(buf, "\n", &save); line != NULL;
       line = strtok_r(NULL, "\n", &save)) {
    char *colon = strchr(line, ':');

    if (colon == NULL ||
        (strncmp(line, "Cap", 3) != 0 &&
         strncmp(line, "Uid", 3) != 0 &&
         strncmp(line, "Gid", 3) != 0)) {
      continue;
    }
    *colon++ = '\0';
    while (*colon == ' ' || *colon == '\t') {
      colon++;
    }
    out = pstrcat(cmd->tmp_pool, out, *out ? ";" : "", line, "=", colon,
      NULL);
  }

  pr_response_add(R_200, "EXEC %s", out);
}

/* Command handlers
 */

MODRET captest_site(cmd_rec *cmd) {
  const char *op;

  if (cmd->argc < 3 ||
      strcasecmp(cmd->argv[1], "CAPTEST") != 0) {
    return PR_DECLINED(cmd);
  }

  op = cmd->argv[2];
  errno = 0;

  if (strcasecmp(op, "CHOWN") == 0 && cmd->argc == 6) {
    int res = chown(cmd->argv[3], (uid_t) atol(cmd->argv[4]),
      (gid_t) atol(cmd->argv[5]));
    captest_reply("CHOWN", res < 0 ? errno : 0);

  } else if (strcasecmp(op, "WRITE") == 0 && cmd->argc == 4) {
    int fd = open(cmd->argv[3], O_WRONLY|O_APPEND);
    captest_reply("WRITE", fd < 0 ? errno : 0);
    if (fd >= 0) {
      (void) write(fd, "x\n", 2);
      close(fd);
    }

  } else if (strcasecmp(op, "SETUID") == 0 && cmd->argc == 4) {
    int res = setuid((uid_t) atol(cmd->argv[3]));
    captest_reply("SETUID", res < 0 ? errno : 0);

  } else if (strcasecmp(op, "EXEC") == 0) {
    captest_exec(cmd);

  } else {
    pr_response_add_err(R_501, "bad CAPTEST arguments");
    return PR_ERROR(cmd);
  }

  return PR_HANDLED(cmd);
}

/* Module API tables
 */

static cmdtable captest_cmdtab[] = {
  { CMD,	C_SITE,	G_NONE,	captest_site,	TRUE,	FALSE,	CL_MISC },
  { 0, NULL }
};

module captest_module = {
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "captest",

  /* Module configuration handler table */
  NULL,

  /* Module command handler table */
  captest_cmdtab,

  /* Module authentication handler table */
  NULL,

  /* Module initialization */
  NULL,

  /* Session initialization */
  NULL,

  /* Module version */
  MOD_CAPTEST_VERSION
};
