int two_b(void) { return 2; }
