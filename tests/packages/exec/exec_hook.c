/*
 * A hook program for mod_exec's tests.  What it does depends on the name it
 * runs under (argv[0], which mod_exec sets to the program's basename):
 *
 *   record    write a record (below) and exit 0
 *   say       record, then print each argument on stdout ("out:ARG") and
 *             stderr ("err:ARG"), one a line
 *   fail      record, exit 3
 *   stubborn  record, ignore SIGTERM (noting it in <pid>.term), wait forever
 *   chatty    record, then write 1 MiB to stdout and to stderr, exit 0
 *   true      exit 0 at once (for benchmarks)
 *
 * A record is a JSON file in <directory of this program>/records/: argv,
 * real and effective ids, supplementary groups, cwd, the environment, open
 * descriptors with their targets, stdin's device number when it is one and
 * its lines when it is a pipe.  Without /proc (in a chroot) records go to
 * $EXEC_HOOK_RECORDS, else /records.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char) *s;
    if (c == '"' || c == '\\') {
      fprintf(f, "\\%c", c);
    } else if (c < 0x20) {
      fprintf(f, "\\u%04x", c);
    } else {
      fputc(c, f);
    }
  }
  fputc('"', f);
}

static void record_fds(FILE *f) {
  DIR *d = opendir("/proc/self/fd");
  struct dirent *de;
  int first = 1;

  fputs("[", f);
  if (d == NULL) {
    fputs("]", f);
    return;
  }
  while ((de = readdir(d)) != NULL) {
    char path[64], target[PATH_MAX];
    ssize_t n;
    int fd;

    if (de->d_name[0] == '.') {
      continue;
    }
    fd = atoi(de->d_name);
    if (fd == dirfd(d) || fd == fileno(f)) {
      continue;
    }
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    n = readlink(path, target, sizeof(target) - 1);
    target[n > 0 ? n : 0] = '\0';
    fprintf(f, "%s[%d, ", first ? "" : ", ", fd);
    json_str(f, target);
    fputs("]", f);
    first = 0;
  }
  closedir(d);
  fputs("]", f);
}

static void record_stdin(FILE *f) {
  struct stat st;
  char line[8192];

  if (fstat(0, &st) < 0 || !S_ISFIFO(st.st_mode)) {
    fputs("null", f);
    return;
  }
  fputs("[", f);
  for (int first = 1; fgets(line, sizeof(line), stdin) != NULL; first = 0) {
    line[strcspn(line, "\n")] = '\0';
    if (!first) {
      fputs(", ", f);
    }
    json_str(f, line);
  }
  fputs("]", f);
}

static void record(const char *dir, int argc, char **argv) {
  char tmp[PATH_MAX], final[PATH_MAX], cwd[PATH_MAX];
  gid_t groups[256];
  struct timespec ts;
  int i, n;
  FILE *f;

  snprintf(tmp, sizeof(tmp), "%s/.%d.tmp", dir, (int) getpid());
  f = fopen(tmp, "w");
  if (f == NULL) {
    perror(tmp);
    exit(70);
  }
  fputs("{\"argv\": [", f);
  for (i = 0; i < argc; i++) {
    fputs(i ? ", " : "", f);
    json_str(f, argv[i]);
  }
  fprintf(f, "], \"uid\": %d, \"euid\": %d, \"gid\": %d, \"egid\": %d, "
    "\"pid\": %d, \"ppid\": %d, \"groups\": [", (int) getuid(),
    (int) geteuid(), (int) getgid(), (int) getegid(), (int) getpid(),
    (int) getppid());
  n = getgroups(256, groups);
  for (i = 0; i < n; i++) {
    fprintf(f, "%s%d", i ? ", " : "", (int) groups[i]);
  }
  fputs("], \"cwd\": ", f);
  json_str(f, getcwd(cwd, sizeof(cwd)) ? cwd : "");
  fputs(", \"env\": [", f);
  for (i = 0; environ[i] != NULL; i++) {
    fputs(i ? ", " : "", f);
    json_str(f, environ[i]);
  }
  fputs("], \"fds\": ", f);
  record_fds(f);
  {
    struct stat st;
    if (fstat(0, &st) == 0 && S_ISCHR(st.st_mode)) {
      fprintf(f, ", \"stdin_rdev\": [%u, %u]", major(st.st_rdev),
        minor(st.st_rdev));
    }
  }
  fputs(", \"stdin\": ", f);
  record_stdin(f);
  fputs("}\n", f);
  fclose(f);

  clock_gettime(CLOCK_REALTIME, &ts);
  snprintf(final, sizeof(final), "%s/%lld%09ld-%d.json", dir,
    (long long) ts.tv_sec, ts.tv_nsec, (int) getpid());
  rename(tmp, final);
}

static char term_path[PATH_MAX];

static void on_term(int signo) {
  int fd = open(term_path, O_WRONLY|O_CREAT, 0666);
  (void) signo;
  if (fd >= 0) {
    close(fd);
  }
}

int main(int argc, char **argv) {
  char exe[PATH_MAX], dir[PATH_MAX / 2];
  const char *name = argv[0] ? argv[0] : "";
  ssize_t n;
  int i;

  if (strcmp(name, "true") == 0) {
    return 0;
  }
  n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n >= 0) {
    exe[n] = '\0';
    snprintf(dir, sizeof(dir), "%s/records", dirname(exe));
  } else {
    /* In a chroot without /proc. */
    snprintf(dir, sizeof(dir), "%s", getenv("EXEC_HOOK_RECORDS") ?
      getenv("EXEC_HOOK_RECORDS") : "/records");
  }

  if (strcmp(name, "stubborn") == 0) {
    snprintf(term_path, sizeof(term_path), "%s/%d.term", dir, (int) getpid());
    signal(SIGTERM, on_term);
  }
  record(dir, argc, argv);

  if (strcmp(name, "say") == 0) {
    for (i = 1; i < argc; i++) {
      printf("out:%s\n", argv[i]);
      fflush(stdout);
      fprintf(stderr, "err:%s\n", argv[i]);
    }
  } else if (strcmp(name, "fail") == 0) {
    return 3;
  } else if (strcmp(name, "stubborn") == 0) {
    for (;;) {
      pause();
    }
  } else if (strcmp(name, "chatty") == 0) {
    char line[1024];
    memset(line, 'x', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\n';
    for (i = 0; i < 1024; i++) {
      if (write(1, line, sizeof(line)) < 0 || write(2, line, sizeof(line)) < 0) {
        return 71;
      }
    }
  }
  return 0;
}
