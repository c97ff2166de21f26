int sub_a(void) { return 1; }
