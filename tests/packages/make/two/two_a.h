#define TWO_A_VALUE 1
int two_a(void);
