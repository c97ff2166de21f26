int other_a(void) { return 2; }
