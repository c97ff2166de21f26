/* prxs SDK: ProFTPD 1.3.8 module ABI -- JSON objects and arrays. */

#ifndef PR_JSON_H
#define PR_JSON_H

#include "conf.h"

/* JSON value types */
#define PR_JSON_TYPE_BOOL 1
#define PR_JSON_TYPE_NUMBER 2
#define PR_JSON_TYPE_NULL 3
#define PR_JSON_TYPE_STRING 4
#define PR_JSON_TYPE_ARRAY 5
#define PR_JSON_TYPE_OBJECT 6

typedef struct json_list_st pr_json_array_t;

typedef struct json_obj_st pr_json_object_t;

/* JSON objects: life cycle and text form */
pr_json_object_t *pr_json_object_alloc(pool *);
int pr_json_object_count(const pr_json_object_t *);
int pr_json_object_exists(const pr_json_object_t *, const char *);
int pr_json_object_foreach(pool *, const pr_json_object_t *, int (*)(const char *, int, const void *, size_t, void *), void *);
int pr_json_object_free(pr_json_object_t *);
pr_json_object_t *pr_json_object_from_text(pool *, const char *);
int pr_json_object_remove(pr_json_object_t *, const char *);
char *pr_json_object_to_text(pool *, const pr_json_object_t *, const char *);

/* JSON objects: typed members */
int pr_json_object_get_array(pool *, const pr_json_object_t *, const char *, pr_json_array_t **);
int pr_json_object_get_bool(pool *, const pr_json_object_t *, const char *, int *);
int pr_json_object_get_null(pool *, const pr_json_object_t *, const char *);
int pr_json_object_get_number(pool *, const pr_json_object_t *, const char *, double *);
int pr_json_object_get_object(pool *, const pr_json_object_t *, const char *, pr_json_object_t **);
int pr_json_object_get_string(pool *, const pr_json_object_t *, const char *, char **);
int pr_json_object_set_array(pool *, pr_json_object_t *, const char *, const pr_json_array_t *);
int pr_json_object_set_bool(pool *, pr_json_object_t *, const char *, int);
int pr_json_object_set_null(pool *, pr_json_object_t *, const char *);
int pr_json_object_set_number(pool *, pr_json_object_t *, const char *, double);
int pr_json_object_set_object(pool *, pr_json_object_t *, const char *, const pr_json_object_t *);
int pr_json_object_set_string(pool *, pr_json_object_t *, const char *, const char *);

/* JSON arrays: life cycle and text form */
pr_json_array_t *pr_json_array_alloc(pool *);
int pr_json_array_count(const pr_json_array_t *);
int pr_json_array_exists(const pr_json_array_t *, unsigned int);
int pr_json_array_foreach(pool *, const pr_json_array_t *, int (*)(int, const void *, size_t, void *), void *);
int pr_json_array_free(pr_json_array_t *);
pr_json_array_t *pr_json_array_from_text(pool *, const char *);
int pr_json_array_remove(pr_json_array_t *, unsigned int);
char *pr_json_array_to_text(pool *, const pr_json_array_t *, const char *);

/* JSON arrays: typed elements */
int pr_json_array_append_array(pool *, pr_json_array_t *, const pr_json_array_t *);
int pr_json_array_append_bool(pool *, pr_json_array_t *, int);
int pr_json_array_append_null(pool *, pr_json_array_t *);
int pr_json_array_append_number(pool *, pr_json_array_t *, double);
int pr_json_array_append_object(pool *, pr_json_array_t *, const pr_json_object_t *);
int pr_json_array_append_string(pool *, pr_json_array_t *, const char *);
int pr_json_array_get_array(pool *, const pr_json_array_t *, unsigned int, pr_json_array_t **);
int pr_json_array_get_bool(pool *, const pr_json_array_t *, unsigned int, int *);
int pr_json_array_get_null(pool *, const pr_json_array_t *, unsigned int);
int pr_json_array_get_number(pool *, const pr_json_array_t *, unsigned int, double *);
int pr_json_array_get_object(pool *, const pr_json_array_t *, unsigned int, pr_json_object_t **);
int pr_json_array_get_string(pool *, const pr_json_array_t *, unsigned int, char **);

/* Helpers and start-up */
int finish_json(void);
int init_json(void);
int pr_json_text_validate(pool *, const char *);
const char *pr_json_type_name(unsigned int);

#endif
