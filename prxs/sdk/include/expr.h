/* prxs SDK: ProFTPD 1.3.8 module ABI -- AND/OR/regex expressions in directive arguments. */

#ifndef PR_EXPR_H
#define PR_EXPR_H

#include "pool.h"

/* How an expression is evaluated */
#define PR_EXPR_EVAL_AND 0
#define PR_EXPR_EVAL_OR 1
#define PR_EXPR_EVAL_REGEX 2

/* Expressions over users, groups and classes */
array_header *pr_expr_create(pool *, unsigned int *, char **);
int pr_expr_eval_class_and(char **);
int pr_expr_eval_class_or(char **);
int pr_expr_eval_group_and(char **);
int pr_expr_eval_group_or(char **);
int pr_expr_eval_user_and(char **);
int pr_expr_eval_user_or(char **);

#endif
