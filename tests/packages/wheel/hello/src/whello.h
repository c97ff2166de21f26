/* A header beside the sources: the sdist must carry it. */
#ifndef WHELLO_H
#define WHELLO_H
const char *whello_greeting(void);
#endif
