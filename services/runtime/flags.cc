#include "services/runtime/flags.h"

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace valohub {

std::string Flags::EnvName(const std::string& name) {
  return "VALOHUB_" + absl::AsciiStrToUpper(absl::StrReplaceAll(name, {{"-", "_"}}));
}

Flags::Setting& Flags::Declare(const std::string& name, std::string help,
                               std::string default_text) {
  Setting& s = settings_[name];
  s.help = std::move(help);
  s.default_text = std::move(default_text);
  return s;
}

const std::string* Flags::String(const std::string& name, std::string default_value,
                                 std::string help, Check check) {
  strings_.push_back(std::make_unique<std::string>(default_value));
  std::string* target = strings_.back().get();
  Declare(name, std::move(help), default_value).assign =
      [target, check](const std::string& v) -> std::string {
    if (check) {
      std::string problem = check(v);
      if (!problem.empty()) return problem;
    }
    *target = v;
    return "";
  };
  return target;
}

const int64_t* Flags::Int(const std::string& name, int64_t default_value, int64_t min,
                          int64_t max, std::string help) {
  ints_.push_back(std::make_unique<int64_t>(default_value));
  int64_t* target = ints_.back().get();
  Declare(name, std::move(help), absl::StrCat(default_value)).assign =
      [target, min, max](const std::string& v) -> std::string {
    int64_t parsed;
    if (!absl::SimpleAtoi(v, &parsed)) return "is not an integer";
    if (parsed < min || parsed > max) {
      return absl::StrCat("must be between ", min, " and ", max);
    }
    *target = parsed;
    return "";
  };
  return target;
}

const bool* Flags::Bool(const std::string& name, bool default_value, std::string help) {
  bools_.push_back(std::make_unique<bool>(default_value));
  bool* target = bools_.back().get();
  Setting& setting = Declare(name, std::move(help), default_value ? "true" : "false");
  setting.is_bool = true;
  setting.assign =
      [target](const std::string& v) -> std::string {
    if (v == "true" || v == "1" || v == "yes") {
      *target = true;
    } else if (v == "false" || v == "0" || v == "no") {
      *target = false;
    } else {
      return "must be true or false";
    }
    return "";
  };
  return target;
}

absl::Status Flags::Parse(int argc, const char* const* argv, const char* const* environ) {
  std::map<std::string, std::string> env_to_setting;
  for (const auto& [name, setting] : settings_) env_to_setting[EnvName(name)] = name;

  for (const char* const* e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    if (!absl::StartsWith(entry, "VALOHUB_")) continue;
    size_t eq = entry.find('=');
    std::string key = entry.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : entry.substr(eq + 1);
    auto it = env_to_setting.find(key);
    if (it == env_to_setting.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown environment variable ", key, " (see --help)"));
    }
    std::string problem = settings_[it->second].assign(value);
    if (!problem.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(key, "=", value, ": ", problem));
    }
  }

  for (int i = 1; i < argc; ++i) {
    std::string arg(argv[i]);
    if (arg == "--help" || arg == "-h") {
      help_requested_ = true;
      continue;
    }
    if (!absl::StartsWith(arg, "--")) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument '", arg, "'"));
    }
    size_t eq = arg.find('=');
    std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    auto it = settings_.find(name);
    if (it == settings_.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name, " (see --help)"));
    }
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (it->second.is_bool) {
      value = "true";
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("flag --", name, " needs a value"));
    }
    std::string problem = it->second.assign(value);
    if (!problem.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("--", name, "=", value, ": ", problem));
    }
  }
  return absl::OkStatus();
}

std::string Flags::Usage() const {
  std::string out;
  for (const auto& [name, s] : settings_) {
    absl::StrAppend(&out, "  --", name, " (", EnvName(name), ", default '", s.default_text,
                    "')\n      ", s.help, "\n");
  }
  return out;
}

std::string CheckNonEmpty(const std::string& value) {
  return value.empty() ? "must not be empty" : "";
}

std::string CheckHostPort(const std::string& value) {
  size_t colon = value.rfind(':');
  if (colon == std::string::npos) return "must be host:port";
  int port;
  if (!absl::SimpleAtoi(value.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return "port must be a number from 0 to 65535";
  }
  return "";
}

}  // namespace valohub
