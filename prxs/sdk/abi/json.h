/* prxs SDK: ProFTPD 1.3.8 module ABI -- JSON objects and arrays. */

#ifndef PR_JSON_H
#define PR_JSON_H
#include "conf.h"

typedef struct json_list_st pr_json_array_t;
typedef struct json_obj_st pr_json_object_t;

#define PR_JSON_TYPE_BOOL 1
#define PR_JSON_TYPE_NUMBER 2
#define PR_JSON_TYPE_NULL 3
#define PR_JSON_TYPE_STRING 4
#define PR_JSON_TYPE_ARRAY 5
#define PR_JSON_TYPE_OBJECT 6

pr_json_object_t *pr_json_object_alloc(pool *p);
int pr_json_object_free(pr_json_object_t *json);
int pr_json_object_foreach(pool *p, const pr_json_object_t *json, int (*cb)(const char *key, int val_type, const void *val, size_t valsz, void *cb_data), void *user_data);
pr_json_object_t *pr_json_object_from_text(pool *p, const char *text);
char *pr_json_object_to_text(pool *p, const pr_json_object_t *json, const char *indent);
int pr_json_object_count(const pr_json_object_t *json);
int pr_json_object_remove(pr_json_object_t *json, const char *key);
int pr_json_object_exists(const pr_json_object_t *json, const char *key);
int pr_json_object_get_bool(pool *p, const pr_json_object_t *json, const char *key, int *val);
int pr_json_object_set_bool(pool *p, pr_json_object_t *json, const char *key, int val);
int pr_json_object_get_null(pool *p, const pr_json_object_t *json, const char *key);
int pr_json_object_set_null(pool *p, pr_json_object_t *json, const char *key);
int pr_json_object_get_number(pool *p, const pr_json_object_t *json, const char *key, double *val);
int pr_json_object_set_number(pool *p, pr_json_object_t *json, const char *key, double val);
int pr_json_object_get_string(pool *p, const pr_json_object_t *json, const char *key, char **val);
int pr_json_object_set_string(pool *p, pr_json_object_t *json, const char *key, const char *val);
int pr_json_object_get_array(pool *p, const pr_json_object_t *json, const char *key, pr_json_array_t **val);
int pr_json_object_set_array(pool *p, pr_json_object_t *json, const char *key, const pr_json_array_t *val);
int pr_json_object_get_object(pool *p, const pr_json_object_t *json, const char *key, pr_json_object_t **val);
int pr_json_object_set_object(pool *p, pr_json_object_t *json, const char *key, const pr_json_object_t *val);
pr_json_array_t *pr_json_array_alloc(pool *p);
int pr_json_array_free(pr_json_array_t *json);
int pr_json_array_foreach(pool *p, const pr_json_array_t *json, int (*cb)(int val_type, const void *val, size_t valsz, void *cb_data), void *user_data);
pr_json_array_t *pr_json_array_from_text(pool *p, const char *text);
char *pr_json_array_to_text(pool *p, const pr_json_array_t *json, const char *indent);
int pr_json_array_count(const pr_json_array_t *json);
int pr_json_array_remove(pr_json_array_t *json, unsigned int idx);
int pr_json_array_exists(const pr_json_array_t *json, unsigned int idx);
int pr_json_array_append_bool(pool *p, pr_json_array_t *json, int val);
int pr_json_array_get_bool(pool *p, const pr_json_array_t *json, unsigned int idx, int *val);
int pr_json_array_append_null(pool *p, pr_json_array_t *json);
int pr_json_array_get_null(pool *p, const pr_json_array_t *json, unsigned int idx);
int pr_json_array_append_number(pool *p, pr_json_array_t *json, double val);
int pr_json_array_get_number(pool *p, const pr_json_array_t *json, unsigned int idx, double *val);
int pr_json_array_append_string(pool *p, pr_json_array_t *json, const char *val);
int pr_json_array_get_string(pool *p, const pr_json_array_t *json, unsigned int idx, char **val);
int pr_json_array_append_array(pool *p, pr_json_array_t *json, const pr_json_array_t *val);
int pr_json_array_get_array(pool *p, const pr_json_array_t *json, unsigned int idx, pr_json_array_t **val);
int pr_json_array_append_object(pool *p, pr_json_array_t *json, const pr_json_object_t *val);
int pr_json_array_get_object(pool *p, const pr_json_array_t *json, unsigned int idx, pr_json_object_t **val);
int pr_json_text_validate(pool *p, const char *text);
const char *pr_json_type_name(unsigned int json_type);
int init_json(void);
int finish_json(void);

#endif
