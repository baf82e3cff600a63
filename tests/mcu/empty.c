/* empty.c - a main that does nothing: the harness alone, for the flash and
   RAM it costs (run.sh prints them; subtract from a program's figures). */
int main(void);
int main(void) { return 0; }
