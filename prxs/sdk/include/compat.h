/* prxs SDK: ProFTPD 1.3.8 module ABI -- old names kept for modules written against earlier releases. */

#ifndef PR_COMPAT_H
#define PR_COMPAT_H

/* Old names, mapped to the current ones */
#define ctrls_check_acl pr_ctrls_check_acl
#define ctrls_check_group_acl pr_ctrls_check_group_acl
#define ctrls_check_user_acl pr_ctrls_check_user_acl
#define ctrls_init_acl pr_ctrls_init_acl
#define ctrls_parse_acl pr_ctrls_parse_acl
#define ctrls_set_group_acl pr_ctrls_set_group_acl
#define ctrls_set_module_acls pr_ctrls_set_module_acls
#define ctrls_set_user_acl pr_ctrls_set_user_acl
#define ctrls_unregister_module_actions pr_ctrls_unregister_module_actions
#define ctrls_log pr_ctrls_log
#define is_fnmatch pr_str_is_fnmatch
#define end_login pr_session_end
#define _sql_make_cmd sql_make_cmd

#endif
