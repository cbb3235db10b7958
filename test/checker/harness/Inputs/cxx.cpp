// Input of the harness self-tests: a C++17 input (structured bindings, if with an
// initializer), so the harness picks C++ from the extension and passes --std.

struct pair { int first, second; };

int sum(pair p) {
  auto [a, b] = p;
  if (int s = a + b; s > 0)
    return s;
  // CHECK-MESSAGES: :[[@LINE-2]]:28: warning: statement should be inside braces [readability-braces-around-statements]
  // CHECK-FIXES: {{^}}  if (int s = a + b; s > 0) {{[{]$}}
  return 0;
}
