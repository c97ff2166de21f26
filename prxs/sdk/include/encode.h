/* prxs SDK: ProFTPD 1.3.8 module ABI -- character-set conversion (UseEncoding). */

#ifndef PR_ENCODE_H
#define PR_ENCODE_H

/* Encoding policy flags */
#define PR_ENCODE_POLICY_FL_REQUIRE_VALID_ENCODING 0x001

/* Converting paths between local and client encodings */
char *pr_decode_str(pool *, const char *, size_t, size_t *);
char *pr_encode_str(pool *, const char *, size_t, size_t *);

/* Policy and character sets */
void pr_encode_disable_encoding(void);
int pr_encode_enable_encoding(const char *);
const char *pr_encode_get_charset(void);
const char *pr_encode_get_encoding(void);
const char *pr_encode_get_local_charset(void);
unsigned long pr_encode_get_policy(void);
int pr_encode_is_utf8(const char *);
int pr_encode_set_charset_encoding(const char *, const char *);
int pr_encode_set_policy(unsigned long);
int pr_encode_supports_telnet_iac(void);

/* Start-up and tear-down */
int encode_free(void);
int encode_init(void);

#endif
