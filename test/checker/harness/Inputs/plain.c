// Input of the harness self-tests with no check lines: clang-tidy must print no
// warning for the checks under test, and nothing is fixed.

int add(int a, int b) {
  if (a > b) {
    return a + b;
  }
  return b + a;
}
