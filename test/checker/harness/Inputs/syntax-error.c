// Input of the harness self-tests: does not compile. Without
// --expect-clang-tidy-error the harness fails at its 'tidy' step; with it, the
// compiler error is what CHECK-MESSAGES expects.

int broken(void) {
  return undeclared_name;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: error: use of undeclared identifier 'undeclared_name' [clang-diagnostic-error]
}
