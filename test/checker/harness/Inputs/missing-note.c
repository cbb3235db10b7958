// Input of selftest-negative.test: CHECK-NOTES lists only one of the two notes of the
// warning, so the harness must fail at its 'notes' step (every note must be listed).

int scale(int value, int factor);
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: function 'scale' has a definition with different parameter names [readability-inconsistent-declaration-parameter-name]
// CHECK-NOTES: :[[@LINE+1]]:5: note: the definition seen here
int scale(int amount, int factor) { return amount * factor; }
