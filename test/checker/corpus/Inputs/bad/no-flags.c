/* Bad input of score.test: no CORPUS-FLAGS line. */
void nothing(void)
{
}
