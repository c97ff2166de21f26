/*
 * mod_coredigest: uses OpenSSL's digests without linking libcrypto, as
 * ProFTPD's mod_sql and mod_radius do (proftpd itself links libcrypto, so
 * its modules find EVP_* in the server).  SITE COREDIGEST <text> replies
 * with the text's MD5 in hex.
 */

#include "conf.h"

#define MOD_COREDIGEST_VERSION	"mod_coredigest/0.1"

/* From OpenSSL 3's <openssl/evp.h>, declared here: no OpenSSL headers or
 * library at build time.
 */
typedef struct evp_md_st EVP_MD;
typedef struct evp_md_ctx_st EVP_MD_CTX;
const EVP_MD *EVP_get_digestbyname(const char *name);
EVP_MD_CTX *EVP_MD_CTX_new(void);
void EVP_MD_CTX_free(EVP_MD_CTX *ctx);
int EVP_DigestInit(EVP_MD_CTX *ctx, const EVP_MD *type);
int EVP_DigestUpdate(EVP_MD_CTX *ctx, const void *d, size_t cnt);
int EVP_DigestFinal(EVP_MD_CTX *ctx, unsigned char *md, unsigned int *s);

module coredigest_module;

MODRET coredigest_site(cmd_rec *cmd) {
  unsigned char md[64];
  unsigned int len = 0, i;
  char hex[129];
  EVP_MD_CTX *ctx;
  const char *text;

  if (cmd->argc < 3 || strcasecmp(cmd->argv[1], "COREDIGEST") != 0) {
    return PR_DECLINED(cmd);
  }
  text = cmd->argv[2];
  ctx = EVP_MD_CTX_new();
  EVP_DigestInit(ctx, EVP_get_digestbyname("md5"));
  EVP_DigestUpdate(ctx, text, strlen(text));
  EVP_DigestFinal(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  for (i = 0; i < len && i < 64; i++) {
    snprintf(hex + 2 * i, 3, "%02x", md[i]);
  }
  hex[2 * i] = '\0';
  pr_response_add(R_200, "COREDIGEST %s", hex);
  return PR_HANDLED(cmd);
}

static cmdtable coredigest_cmdtab[] = {
  { CMD,	C_SITE,	G_NONE,	coredigest_site,	TRUE,	FALSE,	CL_MISC },
  { 0, NULL }
};

module coredigest_module = {
  NULL, NULL,			/* always NULL */
  0x20,				/* API version 2.0 */
  "coredigest",			/* module name */
  NULL,				/* configuration table */
  coredigest_cmdtab,		/* command table */
  NULL,				/* authentication table */
  NULL,				/* module initialization */
  NULL,				/* session initialization */
  MOD_COREDIGEST_VERSION	/* module version */
};
