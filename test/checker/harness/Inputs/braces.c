// Input of the harness self-tests: readability-braces-around-statements, a stock
// clang-tidy 22 check, so scripts/check_clang_tidy.py is tested without our module.
// The check lines below are blanked in the copy clang-tidy fixes, so they neither
// shift line numbers nor match themselves in the CHECK-FIXES step.

int f(int x) {
  if (x > 0)
    return 1;
  // CHECK-MESSAGES: :[[@LINE-2]]:13: warning: statement should be inside braces [readability-braces-around-statements]
  // CHECK-FIXES: {{^}}  if (x > 0) {{[{]$}}
  // CHECK-FIXES-NEXT: {{^}}    return 1;{{$}}
  // CHECK-FIXES-NEXT: {{^}}}{{$}}
  while (x < -10)
    x += 3;
  // CHECK-MESSAGES: :[[@LINE-2]]:18: warning: statement should be inside braces [readability-braces-around-statements]
  // CHECK-FIXES: {{^}}  while (x < -10) {{[{]$}}
  return x;
  // A statement that already has braces stays as it is.
  for (;;) {
    break;
  }
  // CHECK-FIXES: {{^}}  for (;;) {{[{]$}}
}
