// Strict start-up configuration. A process declares every setting it reads; each one can be given
// as --name=value or in the environment as VALOHUB_NAME (dashes become underscores), the flag
// winning. Parse() rejects unknown flags, unknown VALOHUB_* variables and values that fail their
// check, naming the offending setting, so a misconfigured process stops before it serves.
#ifndef VALOHUB_SERVICES_RUNTIME_FLAGS_H_
#define VALOHUB_SERVICES_RUNTIME_FLAGS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace valohub {

class Flags {
 public:
  // A check on a value; returns an explanation when the value is bad, empty when it is good.
  using Check = std::function<std::string(const std::string&)>;

  Flags() = default;
  Flags(const Flags&) = delete;
  Flags& operator=(const Flags&) = delete;

  // The returned pointers stay valid for the life of this object and hold the parsed value.
  const std::string* String(const std::string& name, std::string default_value,
                            std::string help, Check check = nullptr);
  const int64_t* Int(const std::string& name, int64_t default_value, int64_t min, int64_t max,
                     std::string help);
  const bool* Bool(const std::string& name, bool default_value, std::string help);

  // `environ` is a null-terminated array of NAME=VALUE strings, as in `extern char** environ`.
  absl::Status Parse(int argc, const char* const* argv, const char* const* environ);

  // One line per setting, for --help.
  std::string Usage() const;
  bool help_requested() const { return help_requested_; }

  // VALOHUB_NAME for a setting called `name`.
  static std::string EnvName(const std::string& name);

 private:
  struct Setting {
    std::string help;
    std::string default_text;
    std::function<std::string(const std::string&)> assign;  // returns an error or empty
    bool is_bool = false;
  };
  Setting& Declare(const std::string& name, std::string help, std::string default_text);

  std::map<std::string, Setting> settings_;
  std::vector<std::unique_ptr<std::string>> strings_;
  std::vector<std::unique_ptr<int64_t>> ints_;
  std::vector<std::unique_ptr<bool>> bools_;
  bool help_requested_ = false;
};

// Checks for Flags::String.
std::string CheckNonEmpty(const std::string& value);
// host:port where port is 0..65535; host may be empty, a name, IPv4 or [IPv6].
std::string CheckHostPort(const std::string& value);

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_FLAGS_H_
