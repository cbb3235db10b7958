// CORPUS-FLAGS: -std=gnu11
// CORPUS-TIDY-ARGS: '-config={CheckOptions: {PersistenceDomain: eadr}}'
/* Bad input of score.test: check options given as a --config of its own. */
void nothing(void)
{
}
