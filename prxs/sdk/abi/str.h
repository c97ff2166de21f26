/* prxs SDK: ProFTPD 1.3.8 module ABI -- string helpers on pools. */

#ifndef PR_STR_H
#define PR_STR_H
#define PR_STR_MAX_REPLACEMENTS 8

const char *quote_dir(pool *p, char *dir);
char *sstrcat(char *, const char *, size_t);
const char *sreplace(pool *, const char *, ...);
char *pdircat(pool *, ...) __attribute__ ((sentinel));
char *pstrcat(pool *, ...) __attribute__ ((sentinel));
char *pstrdup(pool *, const char *);
char *pstrndup(pool *, const char *, size_t);
int pr_strnrstr(const char *s, size_t slen, const char *suffix, size_t suffixlen, int flags);
const char *pr_str_quote(pool *p, const char *str);
const char *pr_str_replace(pool *, unsigned int, const char *, ...);
const char *pr_str_strip(pool *, const char *);
char *pr_str_strip_end(char *, const char *);
int pr_str_get_nbytes(const char *, const char *, off_t *);
char *pr_str_get_word(char **, int);
int pr_str_get_duration(const char *str, int *duration);
char *pr_str_bin2hex(pool *p, const unsigned char *buf, size_t len, int flags);

#define PR_STR_FL_HEX_USE_UC 0x0001
#define PR_STR_FL_HEX_USE_LC 0x0002

unsigned char *pr_str_hex2bin(pool *p, const unsigned char *hex, size_t hex_len, size_t *len);
int pr_str_levenshtein(pool *p, const char *a, const char *b, int swap_cost, int subst_cost, int insert_cost, int del_cost, int flags);
array_header *pr_str_get_similars(pool *p, const char *s, array_header *candidates, int max_distance, int flags);

#define PR_STR_DEFAULT_MAX_EDIT_DISTANCE 7

array_header *pr_str_text_to_array(pool *p, const char *text, char delimiter);
char *pr_str_array_to_text(pool *p, const array_header *items, const char *delimiter);
int pr_str2uid(const char *, uid_t *);
int pr_str2gid(const char *, gid_t *);
const char *pr_uid2str(pool *, uid_t);
const char *pr_gid2str(pool *, gid_t);

#define PR_STR_FL_PRESERVE_COMMENTS 0x0001
#define PR_STR_FL_PRESERVE_WHITESPACE 0x0002
#define PR_STR_FL_IGNORE_CASE 0x0004
#define PR_STR_FL_IGNORE_QUOTES 0x0008

char *pr_str_get_token(char **, char *);
char *pr_str_get_token2(char **, char *, size_t *);
int pr_str_is_boolean(const char *);
int pr_str_is_fnmatch(const char *);

#define CHOP(s) pr_str_strip_end((s), "\r\n")
#endif
