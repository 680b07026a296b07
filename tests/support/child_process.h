// A hub binary started as a child process for a test, with its stdout readable line by line
// (services print the ports they bound there).
#ifndef VALOHUB_TESTS_SUPPORT_CHILD_PROCESS_H_
#define VALOHUB_TESTS_SUPPORT_CHILD_PROCESS_H_

#include <sys/types.h>

#include <cstdio>
#include <string>
#include <vector>

namespace valohub::testing {

class ChildProcess {
 public:
  ChildProcess(const std::string& binary, const std::vector<std::string>& args);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads stdout until a line starts with `prefix` and returns that line ("" at end of output).
  std::string WaitForLine(const std::string& prefix);
  // SIGTERM, then the exit status (-1 when killed by a signal).
  int Stop();
  bool Alive() const;

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
};

}  // namespace valohub::testing

#endif  // VALOHUB_TESTS_SUPPORT_CHILD_PROCESS_H_
