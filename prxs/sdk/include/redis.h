/* prxs SDK: ProFTPD 1.3.8 module ABI -- Redis client. */

#ifndef PR_REDIS_H
#define PR_REDIS_H

#include "conf.h"

/* Connection flags */
#define PR_REDIS_CONN_FL_NO_RECONNECT 0x0001

/* Reply types */
#define PR_REDIS_REPLY_TYPE_STRING 1
#define PR_REDIS_REPLY_TYPE_INTEGER 2
#define PR_REDIS_REPLY_TYPE_NIL 3
#define PR_REDIS_REPLY_TYPE_ARRAY 4
#define PR_REDIS_REPLY_TYPE_STATUS 5
#define PR_REDIS_REPLY_TYPE_ERROR 6

/* List and sorted set flags */
#define PR_REDIS_LIST_FL_LEFT 1
#define PR_REDIS_LIST_FL_RIGHT 2
#define PR_REDIS_SORTED_SET_FL_ASC 1
#define PR_REDIS_SORTED_SET_FL_DESC 2

typedef struct redis_rec pr_redis_t;

/* Connections */
int pr_redis_auth(pr_redis_t *, const char *);
int pr_redis_auth2(pr_redis_t *, const char *, const char *);
int pr_redis_command(pr_redis_t *, const array_header *, int);
int pr_redis_conn_close(pr_redis_t *);
int pr_redis_conn_destroy(pr_redis_t *);
pr_redis_t *pr_redis_conn_get(pool *, unsigned long);
int pr_redis_conn_get_version(pr_redis_t *, unsigned int *, unsigned int *, unsigned int *);
pr_redis_t *pr_redis_conn_new(pool *, module *, unsigned long);
int pr_redis_conn_set_namespace(pr_redis_t *, module *, const void *, size_t);
int pr_redis_select(pr_redis_t *, const char *);

/* Sentinels */
int pr_redis_sentinel_get_master_addr(pool *, pr_redis_t *, const char *, pr_netaddr_t **);
int pr_redis_sentinel_get_masters(pool *, pr_redis_t *, array_header **);
int redis_set_sentinels(array_header *, const char *);
int redis_set_sentinels2(array_header *, const char *, int, const char *, const char *, const char *);

/* Plain values */
int pr_redis_add(pr_redis_t *, module *, const char *, void *, size_t, time_t);
int pr_redis_decr(pr_redis_t *, module *, const char *, uint32_t, uint64_t *);
void *pr_redis_get(pool *, pr_redis_t *, module *, const char *, size_t *);
char *pr_redis_get_str(pool *, pr_redis_t *, module *, const char *);
int pr_redis_incr(pr_redis_t *, module *, const char *, uint32_t, uint64_t *);
int pr_redis_kadd(pr_redis_t *, module *, const char *, size_t, void *, size_t, time_t);
int pr_redis_kdecr(pr_redis_t *, module *, const char *, size_t, uint32_t, uint64_t *);
void *pr_redis_kget(pool *, pr_redis_t *, module *, const char *, size_t, size_t *);
char *pr_redis_kget_str(pool *, pr_redis_t *, module *, const char *, size_t);
int pr_redis_kincr(pr_redis_t *, module *, const char *, size_t, uint32_t, uint64_t *);
int pr_redis_kremove(pr_redis_t *, module *, const char *, size_t);
int pr_redis_krename(pr_redis_t *, module *, const char *, size_t, const char *, size_t);
int pr_redis_kset(pr_redis_t *, module *, const char *, size_t, void *, size_t, time_t);
int pr_redis_remove(pr_redis_t *, module *, const char *);
int pr_redis_rename(pr_redis_t *, module *, const char *, const char *);
int pr_redis_set(pr_redis_t *, module *, const char *, void *, size_t, time_t);

/* Hashes */
int pr_redis_hash_count(pr_redis_t *, module *, const char *, uint64_t *);
int pr_redis_hash_delete(pr_redis_t *, module *, const char *, const char *);
int pr_redis_hash_exists(pr_redis_t *, module *, const char *, const char *);
int pr_redis_hash_get(pool *, pr_redis_t *, module *, const char *, const char *, void **, size_t *);
int pr_redis_hash_getall(pool *, pr_redis_t *, module *, const char *, pr_table_t **);
int pr_redis_hash_incr(pr_redis_t *, module *, const char *, const char *, int32_t, int64_t *);
int pr_redis_hash_kcount(pr_redis_t *, module *, const char *, size_t, uint64_t *);
int pr_redis_hash_kdelete(pr_redis_t *, module *, const char *, size_t, const char *, size_t);
int pr_redis_hash_kexists(pr_redis_t *, module *, const char *, size_t, const char *, size_t);
int pr_redis_hash_keys(pool *, pr_redis_t *, module *, const char *, array_header **);
int pr_redis_hash_kget(pool *, pr_redis_t *, module *, const char *, size_t, const char *, size_t, void **, size_t *);
int pr_redis_hash_kgetall(pool *, pr_redis_t *, module *, const char *, size_t, pr_table_t **);
int pr_redis_hash_kincr(pr_redis_t *, module *, const char *, size_t, const char *, size_t, int32_t, int64_t *);
int pr_redis_hash_kkeys(pool *, pr_redis_t *, module *, const char *, size_t, array_header **);
int pr_redis_hash_kremove(pr_redis_t *, module *, const char *, size_t);
int pr_redis_hash_kset(pr_redis_t *, module *, const char *, size_t, const char *, size_t, void *, size_t);
int pr_redis_hash_ksetall(pr_redis_t *, module *, const char *, size_t, pr_table_t *);
int pr_redis_hash_kvalues(pool *, pr_redis_t *, module *, const char *, size_t, array_header **);
int pr_redis_hash_remove(pr_redis_t *, module *, const char *);
int pr_redis_hash_set(pr_redis_t *, module *, const char *, const char *, void *, size_t);
int pr_redis_hash_setall(pr_redis_t *, module *, const char *, pr_table_t *);
int pr_redis_hash_values(pool *, pr_redis_t *, module *, const char *, array_header **);

/* Lists */
int pr_redis_list_append(pr_redis_t *, module *, const char *, void *, size_t);
int pr_redis_list_count(pr_redis_t *, module *, const char *, uint64_t *);
int pr_redis_list_delete(pr_redis_t *, module *, const char *, void *, size_t);
int pr_redis_list_exists(pr_redis_t *, module *, const char *, unsigned int);
int pr_redis_list_get(pool *, pr_redis_t *, module *, const char *, unsigned int, void **, size_t *);
int pr_redis_list_getall(pool *, pr_redis_t *, module *, const char *, array_header **, array_header **);
int pr_redis_list_kappend(pr_redis_t *, module *, const char *, size_t, void *, size_t);
int pr_redis_list_kcount(pr_redis_t *, module *, const char *, size_t, uint64_t *);
int pr_redis_list_kdelete(pr_redis_t *, module *, const char *, size_t, void *, size_t);
int pr_redis_list_kexists(pr_redis_t *, module *, const char *, size_t, unsigned int);
int pr_redis_list_kget(pool *, pr_redis_t *, module *, const char *, size_t, unsigned int, void **, size_t *);
int pr_redis_list_kgetall(pool *, pr_redis_t *, module *, const char *, size_t, array_header **, array_header **);
int pr_redis_list_kpop(pool *, pr_redis_t *, module *, const char *, size_t, void **, size_t *, int);
int pr_redis_list_kpush(pr_redis_t *, module *, const char *, size_t, void *, size_t, int);
int pr_redis_list_kremove(pr_redis_t *, module *, const char *, size_t);
int pr_redis_list_krotate(pool *, pr_redis_t *, module *, const char *, size_t, void **, size_t *);
int pr_redis_list_kset(pr_redis_t *, module *, const char *, size_t, unsigned int, void *, size_t);
int pr_redis_list_ksetall(pr_redis_t *, module *, const char *, size_t, array_header *, array_header *);
int pr_redis_list_pop(pool *, pr_redis_t *, module *, const char *, void **, size_t *, int);
int pr_redis_list_push(pr_redis_t *, module *, const char *, void *, size_t, int);
int pr_redis_list_remove(pr_redis_t *, module *, const char *);
int pr_redis_list_rotate(pool *, pr_redis_t *, module *, const char *, void **, size_t *);
int pr_redis_list_set(pr_redis_t *, module *, const char *, unsigned int, void *, size_t);
int pr_redis_list_setall(pr_redis_t *, module *, const char *, array_header *, array_header *);

/* Sorted sets */
int pr_redis_sorted_set_add(pr_redis_t *, module *, const char *, void *, size_t, float);
int pr_redis_sorted_set_count(pr_redis_t *, module *, const char *, uint64_t *);
int pr_redis_sorted_set_delete(pr_redis_t *, module *, const char *, void *, size_t);
int pr_redis_sorted_set_exists(pr_redis_t *, module *, const char *, void *, size_t);
int pr_redis_sorted_set_getn(pool *, pr_redis_t *, module *, const char *, unsigned int, unsigned int, array_header **, array_header **, int);
int pr_redis_sorted_set_incr(pr_redis_t *, module *, const char *, void *, size_t, float, float *);
int pr_redis_sorted_set_kadd(pr_redis_t *, module *, const char *, size_t, void *, size_t, float);
int pr_redis_sorted_set_kcount(pr_redis_t *, module *, const char *, size_t, uint64_t *);
int pr_redis_sorted_set_kdelete(pr_redis_t *, module *, const char *, size_t, void *, size_t);
int pr_redis_sorted_set_kexists(pr_redis_t *, module *, const char *, size_t, void *, size_t);
int pr_redis_sorted_set_kgetn(pool *, pr_redis_t *, module *, const char *, size_t, unsigned int, unsigned int, array_header **, array_header **, int);
int pr_redis_sorted_set_kincr(pr_redis_t *, module *, const char *, size_t, void *, size_t, float, float *);
int pr_redis_sorted_set_kremove(pr_redis_t *, module *, const char *, size_t);
int pr_redis_sorted_set_kscore(pr_redis_t *, module *, const char *, size_t, void *, size_t, float *);
int pr_redis_sorted_set_kset(pr_redis_t *, module *, const char *, size_t, void *, size_t, float);
int pr_redis_sorted_set_ksetall(pr_redis_t *, module *, const char *, size_t, array_header *, array_header *, array_header *);
int pr_redis_sorted_set_remove(pr_redis_t *, module *, const char *);
int pr_redis_sorted_set_score(pr_redis_t *, module *, const char *, void *, size_t, float *);
int pr_redis_sorted_set_set(pr_redis_t *, module *, const char *, void *, size_t, float);
int pr_redis_sorted_set_setall(pr_redis_t *, module *, const char *, array_header *, array_header *, array_header *);

/* Sets */
int pr_redis_set_add(pr_redis_t *, module *, const char *, void *, size_t);
int pr_redis_set_count(pr_redis_t *, module *, const char *, uint64_t *);
int pr_redis_set_delete(pr_redis_t *, module *, const char *, void *, size_t);
int pr_redis_set_exists(pr_redis_t *, module *, const char *, void *, size_t);
int pr_redis_set_getall(pool *, pr_redis_t *, module *, const char *, array_header **, array_header **);
int pr_redis_set_kadd(pr_redis_t *, module *, const char *, size_t, void *, size_t);
int pr_redis_set_kcount(pr_redis_t *, module *, const char *, size_t, uint64_t *);
int pr_redis_set_kdelete(pr_redis_t *, module *, const char *, size_t, void *, size_t);
int pr_redis_set_kexists(pr_redis_t *, module *, const char *, size_t, void *, size_t);
int pr_redis_set_kgetall(pool *, pr_redis_t *, module *, const char *, size_t, array_header **, array_header **);
int pr_redis_set_kremove(pr_redis_t *, module *, const char *, size_t);
int pr_redis_set_ksetall(pr_redis_t *, module *, const char *, size_t, array_header *, array_header *);
int pr_redis_set_remove(pr_redis_t *, module *, const char *);
int pr_redis_set_setall(pr_redis_t *, module *, const char *, array_header *, array_header *);

/* Servers, timeouts and start-up */
int redis_clear(void);
int redis_init(void);
int redis_set_server(const char *, int, unsigned long, const char *, const char *);
int redis_set_server2(const char *, int, unsigned long, const char *, const char *, const char *);
int redis_set_server3(const char *, int, unsigned long, const char *, const char *, const char *, int, const char *, const char *, const char *);
int redis_set_timeouts(unsigned long, unsigned long);

#endif
