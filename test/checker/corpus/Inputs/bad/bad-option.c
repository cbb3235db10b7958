// CORPUS-FLAGS: -std=gnu11
// CORPUS-CHECK-OPTIONS: PersistenceDomain
/* Bad input of score.test: a check option without a value. */
void nothing(void)
{
}
