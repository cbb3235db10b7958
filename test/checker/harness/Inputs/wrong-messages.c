// Input of selftest-negative.test: the CHECK-MESSAGES column is wrong (the warning is
// at column 13), so the harness must fail at its 'messages' step.

int f(int x) {
  if (x > 0)
    return 1;
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: statement should be inside braces [readability-braces-around-statements]
  return x;
}
