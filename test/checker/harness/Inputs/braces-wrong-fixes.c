// Input of selftest-negative.test: braces.c with one wrong CHECK-FIXES line (the
// "while" line expects a "do" that the fix does not write), so the harness must fail
// at its fixes step.

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
  // CHECK-FIXES: {{^}}  while (x < -10) do {{[{]$}}
  return x;
  // A statement that already has braces stays as it is.
  for (;;) {
    break;
  }
  // CHECK-FIXES: {{^}}  for (;;) {{[{]$}}
}
