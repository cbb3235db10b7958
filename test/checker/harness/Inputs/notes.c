// Input of the harness self-tests: notes. readability-inconsistent-declaration-parameter-name
// attaches two notes to its warning. Suffix BOTH: warnings by CHECK-MESSAGES, notes by
// CHECK-NOTES (every note must be listed). Suffix ALL: CHECK-NOTES alone lists warnings
// and notes, as in LLVM's check_clang_tidy.py.

int scale(int value, int factor);
// CHECK-MESSAGES-BOTH: :[[@LINE-1]]:5: warning: function 'scale' has a definition with different parameter names [readability-inconsistent-declaration-parameter-name]
// CHECK-NOTES-ALL: :[[@LINE-2]]:5: warning: function 'scale' has a definition with different parameter names
// CHECK-NOTES-ALL: :[[@LINE+4]]:5: note: the definition seen here
// CHECK-NOTES-ALL: :[[@LINE-4]]:5: note: differing parameters are named here: ('value'), in definition: ('amount')
// CHECK-NOTES-BOTH: :[[@LINE+2]]:5: note: the definition seen here
// CHECK-NOTES-BOTH: :[[@LINE-6]]:5: note: differing parameters are named here: ('value'), in definition: ('amount')
int scale(int amount, int factor) { return amount * factor; }
