/* prxs SDK: ProFTPD 1.3.8 module ABI -- resource limits. */

#ifndef PR_RLIMIT_H
#define PR_RLIMIT_H

/* Resource limits: core, CPU, files, memory, processes */
int pr_rlimit_get_core(rlim_t *, rlim_t *);
int pr_rlimit_get_cpu(rlim_t *, rlim_t *);
int pr_rlimit_get_files(rlim_t *, rlim_t *);
int pr_rlimit_get_memory(rlim_t *, rlim_t *);
int pr_rlimit_get_nproc(rlim_t *, rlim_t *);
int pr_rlimit_set_core(rlim_t, rlim_t);
int pr_rlimit_set_cpu(rlim_t, rlim_t);
int pr_rlimit_set_files(rlim_t, rlim_t);
int pr_rlimit_set_memory(rlim_t, rlim_t);
int pr_rlimit_set_nproc(rlim_t, rlim_t);

#endif
