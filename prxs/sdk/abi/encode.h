/* prxs SDK: ProFTPD 1.3.8 module ABI -- character-set conversion (UseEncoding). */

#ifndef PR_ENCODE_H
#define PR_ENCODE_H

char *pr_decode_str(pool *p, const char *in, size_t inlen, size_t *outlen);
char *pr_encode_str(pool *p, const char *in, size_t inlen, size_t *outlen);
void pr_encode_disable_encoding(void);
int pr_encode_enable_encoding(const char *encoding);
unsigned long pr_encode_get_policy(void);
int pr_encode_set_policy(unsigned long policy);

#define PR_ENCODE_POLICY_FL_REQUIRE_VALID_ENCODING 0x001

const char *pr_encode_get_charset(void);
const char *pr_encode_get_local_charset(void);
const char *pr_encode_get_encoding(void);
int pr_encode_is_utf8(const char *codeset);
int pr_encode_supports_telnet_iac(void);
int pr_encode_set_charset_encoding(const char *charset, const char *encoding);
int encode_init(void);
int encode_free(void);

#endif
