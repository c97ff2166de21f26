/* prxs SDK: ProFTPD 1.3.8 module ABI -- string helpers on pools. */

#ifndef PR_STR_H
#define PR_STR_H

/* Limits and defaults */
#define PR_STR_MAX_REPLACEMENTS 8
#define PR_STR_DEFAULT_MAX_EDIT_DISTANCE 7

/* pr_str_bin2hex() flags */
#define PR_STR_FL_HEX_USE_UC 0x0001
#define PR_STR_FL_HEX_USE_LC 0x0002

/* pr_str_get_word()/text parsing flags */
#define PR_STR_FL_PRESERVE_COMMENTS 0x0001
#define PR_STR_FL_PRESERVE_WHITESPACE 0x0002
#define PR_STR_FL_IGNORE_CASE 0x0004
#define PR_STR_FL_IGNORE_QUOTES 0x0008

/* Trimming a line end */
#define CHOP(s) pr_str_strip_end((s), "\r\n")

/* Copying and joining strings on pools */
char *pdircat(pool *, ...) __attribute__ ((sentinel));
const char *pr_str_quote(pool *, const char *);
const char *pr_str_replace(pool *, unsigned int, const char *, ...);
char *pstrcat(pool *, ...) __attribute__ ((sentinel));
char *pstrdup(pool *, const char *);
char *pstrndup(pool *, const char *, size_t);
const char *quote_dir(pool *, char *);
const char *sreplace(pool *, const char *, ...);
char *sstrcat(char *, const char *, size_t);

/* Trimming, tokens and words */
char *pr_str_get_token(char **, char *);
char *pr_str_get_token2(char **, char *, size_t *);
char *pr_str_get_word(char **, int);
const char *pr_str_strip(pool *, const char *);
char *pr_str_strip_end(char *, const char *);
int pr_strnrstr(const char *, size_t, const char *, size_t, int);

/* Parsing values */
const char *pr_gid2str(pool *, gid_t);
int pr_str2gid(const char *, gid_t *);
int pr_str2uid(const char *, uid_t *);
int pr_str_get_duration(const char *, int *);
int pr_str_get_nbytes(const char *, const char *, off_t *);
int pr_str_is_boolean(const char *);
int pr_str_is_fnmatch(const char *);
const char *pr_uid2str(pool *, uid_t);

/* Conversions */
char *pr_str_array_to_text(pool *, const array_header *, const char *);
char *pr_str_bin2hex(pool *, const unsigned char *, size_t, int);
unsigned char *pr_str_hex2bin(pool *, const unsigned char *, size_t, size_t *);
array_header *pr_str_text_to_array(pool *, const char *, char);

/* Similar strings */
array_header *pr_str_get_similars(pool *, const char *, array_header *, int, int);
int pr_str_levenshtein(pool *, const char *, const char *, int, int, int, int, int);

#endif
