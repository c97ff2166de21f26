#ifndef CYMIX_HELPER_H
#define CYMIX_HELPER_H
int cymix_add(int a, int b);
#endif
