// Input of the harness self-tests: check suffixes and -config. With the default
// options every unbraced statement is flagged (suffix DEFAULT); with
// ShortStatementLines: 4 the two-line "if" is short enough to stay as it is (suffix
// SHORT: no CHECK-MESSAGES-SHORT lines, so the harness asserts that nothing is printed).

int clamp(int x) {
  if (x > 100)
    return 100;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:15: warning: statement should be inside braces [readability-braces-around-statements]
  // CHECK-FIXES-DEFAULT: {{^}}  if (x > 100) {{[{]$}}
  // CHECK-FIXES-SHORT: {{^}}  if (x > 100){{$}}
  // CHECK-FIXES-SHORT-NEXT: {{^}}    return 100;{{$}}
  return x;
}
