/* A header under include_dirs: the sdist must carry it. */
#define MOD_WHELLO_VERSION "mod_whello/1.0"
