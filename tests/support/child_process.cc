#include "tests/support/child_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace valohub::testing {

ChildProcess::ChildProcess(const std::string& binary, const std::vector<std::string>& args) {
  int out[2];
  if (pipe(out) != 0) std::abort();
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], 1);
    close(out[0]);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  out_ = fdopen(out[0], "r");
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) Stop();
  if (out_ != nullptr) fclose(out_);
}

std::string ChildProcess::WaitForLine(const std::string& prefix) {
  char line[1024];
  while (out_ != nullptr && fgets(line, sizeof line, out_) != nullptr) {
    std::string s(line);
    if (s.rfind(prefix, 0) == 0) return s;
  }
  return "";
}

int ChildProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool ChildProcess::Alive() const { return pid_ > 0 && kill(pid_, 0) == 0; }

}  // namespace valohub::testing
