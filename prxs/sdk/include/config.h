/* prxs SDK: ProFTPD 1.3.8 module ABI -- build configuration.
 *
 * The one place where build-dependent values live.  They follow Debian 12
 * (bookworm), package proftpd-dev 1.3.8+dfsg-4+deb12u5, x86_64:
 *   - BUILD_STAMP, PR_BUILD_*, PR_PLATFORM: `proftpd -V` ("Built", "Built With",
 *     "CFLAGS", "LDFLAGS", "LIBS", "Platform");
 *   - PR_*_DIR / PR_*_PATH: `proftpd -V` "Files" and Debian's configure flags
 *     (--sysconfdir=/etc/proftpd --localstatedir=/run --libexecdir=/usr/lib/proftpd);
 *   - PR_USE_*: `proftpd -V` "Features" (the configure --enable-* switches);
 *   - HAVE_*, SIZEOF_* and the rest: the configure probes recorded in Debian's
 *     /usr/include/proftpd/config.h (glibc, LP64).
 * Everything else in prxs/sdk/include is the ABI itself, not configuration.
 */
#ifndef config_h_included
#define config_h_included

/* Build identity (proftpd -V) */
#define BUILD_STAMP "Fri May 1 2026 20:02:15 UTC"
#define PR_BUILD_OPTS " '--infodir=/share/info' '--disable-option-checking' '--disable-silent-rules' '--libdir=/lib/x86_64-linux-gnu' '--disable-dependency-tracking' '--prefix=/usr' '--with-pkgconfig=lib/pkgconfig' '--with-includes=/usr/include/postgresql:/usr/include/mariadb:/usr/include/mariadb/mysql' '--mandir=/usr/share/man' '--sysconfdir=/etc/proftpd' '--localstatedir=/run' '--libexecdir=/usr/lib/proftpd' '--enable-sendfile' '--enable-facl' '--enable-dso' '--enable-autoshadow' '--enable-ctrls' '--enable-openssl' '--enable-ipv6' '--enable-nls' '--enable-memcache' '--with-lastlog=/var/log/lastlog' '--enable-pcre2' '--disable-strip' '--enable-redis' '--build' 'x86_64-linux-gnu' '--with-shared=mod_unique_id:mod_site_misc:mod_load:mod_ban:mod_quotatab:mod_sql:mod_sql_mysql:mod_sql_postgres:mod_sql_sqlite:mod_sql_odbc:mod_dynmasq:mod_quotatab_sql:mod_ldap:mod_quotatab_ldap:mod_ratio:mod_tls:mod_rewrite:mod_radius:mod_wrap:mod_wrap2:mod_wrap2_file:mod_wrap2_sql:mod_quotatab_file:mod_quotatab_radius:mod_facl:mod_ctrls_admin:mod_copy:mod_deflate:mod_ifversion:mod_geoip:mod_exec:mod_sftp:mod_sftp_pam:mod_sftp_sql:mod_shaper:mod_sql_passwd:mod_ifsession:mod_auth_otp:mod_tls_redis:mod_wrap2_redis:mod_redis:mod_memcache:mod_tls_memcache:mod_readme:mod_snmp:mod_digest:mod_ident:mod_log_forensic:mod_qos:mod_statcache:mod_tls_fscache:mod_tls_shmcache:mod_dnsbl' 'build_alias=x86_64-linux-gnu' 'CFLAGS=-g -O2 -ffile-prefix-map=/build/reproducible-path/proftpd-dfsg-1.3.8+dfsg=. -fstack-protector-strong -Wformat -Werror=format-security' 'LDFLAGS=-Wl,-z,relro -Wl,-z,now' 'CPPFLAGS=-Wdate-time -D_FORTIFY_SOURCE=2' 'CXXFLAGS=-g -O2 -ffile-prefix-map=/build/reproducible-path/proftpd-dfsg-1.3.8+dfsg=. -fstack-protector-strong -Wformat -Werror=format-security'"
#define PR_BUILD_CFLAGS "-g2 -g -O2 -ffile-prefix-map=/build/reproducible-path/proftpd-dfsg-1.3.8+dfsg=. -fstack-protector-strong -Wformat -Werror=format-security -Wall -fno-omit-frame-pointer -fno-strict-aliasing -Werror=implicit-function-declaration"
#define PR_BUILD_LDFLAGS "-Wl,-L$(top_srcdir)/lib,-L$(top_builddir)/lib -Wl,-z,relro -Wl,-z,now -rdynamic  -L/usr/lib/x86_64-linux-gnu/ -L/usr/lib/x86_64-linux-gnu"
#define PR_BUILD_LIBS "-lacl  -lpcre2-posix -lpcre2-8 -lssl -lcrypto -lsodium -lcap  -lpam -lattr -lidn2 -lnsl -lresolv -lresolv -lcrypt -lhiredis -lmemcachedutil -lmemcached  -pthread"
#define PR_PLATFORM "LINUX"

/* Install paths; a module may pre-define them */
#ifndef PR_CONFIG_DIR
# define PR_CONFIG_DIR "/etc/proftpd"
#endif
#ifndef PR_INCLUDE_DIR
# define PR_INCLUDE_DIR "/usr/include"
#endif
#ifndef PR_LIBEXEC_DIR
# define PR_LIBEXEC_DIR "/usr/lib/proftpd"
#endif
#ifndef PR_LOCALE_DIR
# define PR_LOCALE_DIR "/usr/share/locale"
#endif
#ifndef PR_RUN_DIR
# define PR_RUN_DIR "/run"
#endif
#ifndef PR_CONFIG_FILE_PATH
# define PR_CONFIG_FILE_PATH "/etc/proftpd/proftpd.conf"
#endif
#ifndef PR_PID_FILE_PATH
# define PR_PID_FILE_PATH "/run/proftpd.pid"
#endif
#ifndef PR_LASTLOG_PATH
# define PR_LASTLOG_PATH "/var/log/lastlog"
#endif

/* Features compiled in */
#define PR_USE_AUTO_SHADOW 1
#define PR_USE_CTRLS 1
#define PR_USE_CURSES 1
#define PR_USE_DSO 1
#define PR_USE_FACL 1
#define PR_USE_IPV6 1
#define PR_USE_LARGEFILES 1
#define PR_USE_MEMCACHE 1
#define PR_USE_REDIS 1
#define PR_USE_LASTLOG 1
#define PR_USE_NLS 1
#define PR_USE_NCURSESW 1
#define PR_USE_NONBLOCKING_LOG_OPEN 1
#define PR_USE_OPENSSL 1
#define PR_USE_OPENSSL_ALPN 1
#define PR_USE_OPENSSL_API_COMPAT 1
#define PR_USE_OPENSSL_ECC 1
#define PR_USE_OPENSSL_EVP_CIPHERINIT_EX 1
#define PR_USE_OPENSSL_NPN 1
#define PR_USE_OPENSSL_OCSP 1
#define PR_USE_OPENSSL_SSL_NUM_TICKETS 1
#define PR_USE_OPENSSL_SSL_READ_AHEAD 1
#define PR_USE_OPENSSL_SSL_SESSION_SET1_ID_CONTEXT 1
#define PR_USE_OPENSSL_SSL_SESSION_TICKET_CALLBACK 1
#define PR_USE_PCRE2 1
#define PR_USE_SENDFILE 1
#define PR_USE_SHADOW 1
#define PR_USE_SODIUM 1
#define PR_USE_SYSTEM_GETOPT 1
#define PR_USE_TRACE 1
#define PR_USE_XATTR 1

/* Data model: x86_64, LP64 */
#define SIZEOF_SHORT 2
#define SIZEOF_INT 4
#define SIZEOF_LONG 8
#define SIZEOF_LONG_LONG 8
#define SIZEOF_OFF_T 8
#define SIZEOF_SIZE_T 8
#define SIZEOF_TIME_T 8
#define SIZEOF_CHAR_P 8
#define SIZEOF_VOID_P 8
#define SIZEOF_UID_T 4
#define SIZEOF_GID_T 4

/* Headers, functions and types configure found */
#define HAVE_INTPTR_T 1
#define HAVE_LINUX_POSIX_ACL 1
#define HAVE_LINUX_SENDFILE 1
#define HAVE_LOG_CRON 1
#define HAVE_LOG_FTP 1
#define HAVE_PAM 1
#define HAVE_SPWD_SP_WARN 1
#define HAVE_SPWD_SP_INACT 1
#define HAVE_SPWD_SP_EXPIRE 1
#define HAVE___PROGNAME 1
#define HAVE_POSIX_ACL 1
#define HAVE_SENDFILE 1
#define HAVE_SETSPENT 1
#define HAVE_SYSLOG_H 1
#define HAVE_TZNAME 1
#define HAVE_UT_UT_HOST 1
#define HAVE_ALLOCA 1
#define HAVE_ALLOCA_H 1
#define HAVE_VPRINTF 1
#define HAVE_U_INT8_T 1
#define HAVE_U_INT16_T 1
#define HAVE_U_INT32_T 1
#define HAVE_BACKTRACE 1
#define HAVE_BACKTRACE_SYMBOLS 1
#define HAVE_BCOPY 1
#define HAVE_CRYPT 1
#define HAVE_CTIME_R 1
#define HAVE_DIRFD 1
#define HAVE_EXPLICIT_BZERO 1
#define HAVE_ENDPROTOENT 1
#define HAVE_FDATASYNC 1
#define HAVE_FLOCK 1
#define HAVE_FPATHCONF 1
#define HAVE_FGETSPENT 1
#define HAVE_FREEADDRINFO 1
#define HAVE_FSYNC 1
#define HAVE_FUTIMES 1
#define HAVE_GAI_STRERROR 1
#define HAVE_GETADDRINFO 1
#define HAVE_GETCWD 1
#define HAVE_GETENV 1
#define HAVE_GETGROUPLIST 1
#define HAVE_GETGROUPS 1
#define HAVE_GETHOSTBYNAME2 1
#define HAVE_GETHOSTNAME 1
#define HAVE_GETIFADDRS 1
#define HAVE_GETNAMEINFO 1
#define HAVE_GETOPT 1
#define HAVE_GETOPT_LONG 1
#define HAVE_GETPGID 1
#define HAVE_GETPGRP 1
#define HAVE_GETTIMEOFDAY 1
#define HAVE_GMTIME_R 1
#define HAVE_HIREDIS_REDISRECONNECT 1
#define HAVE_HSTRERROR 1
#define HAVE_ICONV 1
#define HAVE_IDN2_TO_ASCII_8Z 1
#define HAVE_INET_ATON 1
#define HAVE_INET_NTOP 1
#define HAVE_INET_PTON 1
#define HAVE_INITGROUPS 1
#define HAVE_LGETXATTR 1
#define HAVE_LOCALTIME_R 1
#define HAVE_LREMOVEXATTR 1
#define HAVE_MEMCPY 1
#define HAVE_MEMPCPY 1
#define HAVE_MKDIR 1
#define HAVE_MKDTEMP 1
#define HAVE_MKSTEMP 1
#define HAVE_MLOCK 1
#define HAVE_MLOCKALL 1
#define HAVE_MUNLOCK 1
#define HAVE_MUNLOCKALL 1
#define HAVE_MYSQL_GET_OPTION 1
#define HAVE_MYSQL_MYSQL_GET_SSL_CIPHER 1
#define HAVE_MYSQL_MYSQL_SSL_SET 1
#define HAVE_NL_LANGINFO 1
#define HAVE_PATHCONF 1
#define HAVE_PCRE2_PCRE2_JIT_COMPILE 1
#define HAVE_PCRE2_PCRE2_REGCOMP 1
#define HAVE_POSIX_FADVISE 1
#define HAVE_POSTGRES_PQESCAPESTRINGCONN 1
#define HAVE_POSTGRES_PQGETSSL 1
#define HAVE_POSTGRES_PQINITOPENSSL 1
#define HAVE_PREAD 1
#define HAVE_PRCTL 1
#define HAVE_PUTENV 1
#define HAVE_PWRITE 1
#define HAVE_RANDOM 1
#define HAVE_REGCOMP 1
#define HAVE_RMDIR 1
#define HAVE_SELECT 1
#define HAVE_SETEGID 1
#define HAVE_SETENV 1
#define HAVE_SETEUID 1
#define HAVE_SETGROUPS 1
#define HAVE_SETPGID 1
#define HAVE_SETPROTOENT 1
#define HAVE_SETSID 1
#define HAVE_SIGINTERRUPT 1
#define HAVE_SNPRINTF 1
#define HAVE_SOCKET 1
#define HAVE_SRANDOM 1
#define HAVE_STATFS 1
#define HAVE_STATFS_F_TYPE 1
#define HAVE_STRCHR 1
#define HAVE_STRCOLL 1
#define HAVE_STRERROR 1
#define HAVE_STRSEP 1
#define HAVE_STRTOD 1
#define HAVE_STRTOF 1
#define HAVE_STRTOL 1
#define HAVE_STRTOLL 1
#define HAVE_STRTOULL 1
#define HAVE_TZSET 1
#define HAVE_UNAME 1
#define HAVE_UNSETENV 1
#define HAVE_VSNPRINTF 1
#define HAVE_ACL_LIBACL_H 1
#define HAVE_ARPA_INET_H 1
#define HAVE_ATTR_XATTR_H 1
#define HAVE_CRYPT_H 1
#define HAVE_CTYPE_H 1
#define HAVE_DIRENT_H 1
#define HAVE_ERRNO_H 1
#define HAVE_EXECINFO_H 1
#define HAVE_FCNTL_H 1
#define HAVE_GETOPT_H 1
#define HAVE_HIREDIS_HIREDIS_H 1
#define HAVE_ICONV_H 1
#define HAVE_IDN2_H 1
#define HAVE_IFADDRS_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_LANGINFO_H 1
#define HAVE_LASTLOG_H 1
#define HAVE_LIBINTL_H 1
#define HAVE_LIMITS_H 1
#define HAVE_LINUX_CAPABILITY_H 1
#define HAVE_LINUX_PRCTL_H 1
#define HAVE_LOCALE_H 1
#define HAVE_MEMORY_H 1
#define HAVE_NCURSES_H 1
#define HAVE_CURSES_H 1
#define HAVE_NETDB_H 1
#define HAVE_NET_IF_H 1
#define HAVE_NETINET_IN_H 1
#define HAVE_NETINET_IN_SYSTM_H 1
#define HAVE_NETINET_IP_H 1
#define HAVE_NETINET_TCP_H 1
#define HAVE_PATHS_H 1
#define HAVE_REGEX_H 1
#define HAVE_SASL_SASL_H 1
#define HAVE_SECURITY_PAM_APPL_H 1
#define HAVE_SECURITY_PAM_MODULES_H 1
#define HAVE_SHADOW_H 1
#define HAVE_SIGNAL_H 1
#define HAVE_SODIUM_H 1
#define HAVE_STRING_H 1
#define HAVE_STRINGS_H 1
#define HAVE_SYS_ACL_H 1
#define HAVE_SYS_CAPABILITY_H 1
#define HAVE_SYS_DIR_H 1
#define HAVE_SYS_FILE_H 1
#define HAVE_SYS_IOCTL_H 1
#define HAVE_SYS_MMAN_H 1
#define HAVE_SYS_MOUNT_H 1
#define HAVE_SYS_PARAM_H 1
#define HAVE_SYS_PRCTL_H 1
#define HAVE_SYS_RESOURCE_H 1
#define HAVE_SYS_SELECT_H 1
#define HAVE_SYS_SENDFILE_H 1
#define HAVE_SYS_SOCKET_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_SYS_STATVFS_H 1
#define HAVE_SYS_TERMIOS_H 1
#define HAVE_SYS_TIME_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_SYS_UIO_H 1
#define HAVE_SYS_UN_H 1
#define HAVE_SYS_VFS_H 1
#define HAVE_SYS_WAIT_H 1
#define HAVE_SYS_XATTR_H 1
#define HAVE_TERMIOS_H 1
#define HAVE_UCONTEXT_H 1
#define HAVE_UNISTD_H 1
#define HAVE_UTIME_H 1
#define HAVE_UTMP_H 1
#define HAVE_UTMPX_H 1
#define HAVE_LIBACL 1
#define HAVE_LIBCAP 1
#define HAVE_LIBCRYPT 1
#define HAVE_LIBCURSES 1
#define HAVE_LIBNCURSESW 1
#define HAVE_LIBNSL 1
#define HAVE_LIBRESOLV 1
#define HAVE_LIBTINFO 1
#define HAVE_STRUCT_ADDRINFO 1
#define HAVE_STRUCT_SS 1
#define HAVE_SS_FAMILY 1
#define HAVE_LLU 1

/* Miscellaneous configure results */
#define PF_ARGV_NONE 0
#define PF_ARGV_NEW 1
#define PF_ARGV_WRITEABLE 2
#define PF_ARGV_PSTAT 3
#define PF_ARGV_PSSTRINGS 4
#define PF_ARGV_TYPE PF_ARGV_WRITEABLE
#define GETGROUPS_T gid_t
#define RETSIGTYPE void
#define SETPGRP_VOID 1
#define SETGRENT_VOID 1
#define STDC_HEADERS 1
#define TIME_WITH_SYS_TIME 1
#ifndef HAVE_INTPTR_T
# define intptr_t int
#endif
#ifndef STDIN_FILENO
# define STDIN_FILENO 0
#endif
#ifndef STDOUT_FILENO
# define STDOUT_FILENO 1
#endif
#ifndef STDERR_FILENO
# define STDERR_FILENO 2
#endif

#endif
