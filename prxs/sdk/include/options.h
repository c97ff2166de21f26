/* prxs SDK: tunable options (subset of options.h). */

#ifndef PR_OPTIONS_H
#define PR_OPTIONS_H

#ifndef PR_TUNABLE_BUFFER_SIZE
# define PR_TUNABLE_BUFFER_SIZE		1024
#endif

#ifndef PR_TUNABLE_PATH_MAX
# define PR_TUNABLE_PATH_MAX		4096
#endif

#endif /* PR_OPTIONS_H */
