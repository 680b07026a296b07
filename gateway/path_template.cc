#include "gateway/path_template.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace valohub::gateway {
namespace {

bool IsFieldPath(absl::string_view path) {
  if (path.empty()) return false;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (part.empty() || !(absl::ascii_isalpha(part[0]) || part[0] == '_')) return false;
    for (char c : part) {
      if (!absl::ascii_isalnum(c) && c != '_') return false;
    }
  }
  return true;
}

bool IsLiteral(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c == '{' || c == '}' || c == '*' || c == '/' || c == ':' || c == '=') return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<PathTemplate> PathTemplate::Parse(absl::string_view text) {
  PathTemplate t;
  t.text_ = std::string(text);
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("path template '", text, "': ", why));
  };
  if (text.empty() || text[0] != '/') return bad("must start with '/'");
  absl::string_view rest = text.substr(1);
  // The verb follows the last ':' that is outside braces.
  int depth = 0;
  size_t verb_at = absl::string_view::npos;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '{') ++depth;
    if (rest[i] == '}') --depth;
    if (rest[i] == ':' && depth == 0) verb_at = i;
  }
  if (verb_at != absl::string_view::npos) {
    t.verb_ = std::string(rest.substr(verb_at + 1));
    if (!IsLiteral(t.verb_)) return bad("bad verb");
    rest = rest.substr(0, verb_at);
  }
  size_t i = 0;
  auto parse_segment = [&](absl::string_view seg) -> absl::Status {
    if (seg == "*") {
      t.segments_.push_back({Segment::kStar, ""});
    } else if (seg == "**") {
      t.segments_.push_back({Segment::kDoubleStar, ""});
    } else if (IsLiteral(seg)) {
      t.segments_.push_back({Segment::kLiteral, std::string(seg)});
    } else {
      return bad(absl::StrCat("bad segment '", seg, "'"));
    }
    return absl::OkStatus();
  };
  while (i <= rest.size()) {
    if (i < rest.size() && rest[i] == '{') {
      size_t close = rest.find('}', i);
      if (close == absl::string_view::npos) return bad("unclosed '{'");
      absl::string_view inner = rest.substr(i + 1, close - i - 1);
      size_t eq = inner.find('=');
      Variable var;
      var.field_path = std::string(inner.substr(0, eq));
      if (!IsFieldPath(var.field_path)) return bad("bad field path");
      var.first = static_cast<int>(t.segments_.size());
      if (eq == absl::string_view::npos) {
        t.segments_.push_back({Segment::kStar, ""});
      } else {
        for (absl::string_view seg : absl::StrSplit(inner.substr(eq + 1), '/')) {
          if (absl::Status s = parse_segment(seg); !s.ok()) return s;
        }
      }
      var.last = static_cast<int>(t.segments_.size());
      t.variables_.push_back(var);
      i = close + 1;
    } else {
      size_t slash = rest.find('/', i);
      absl::string_view seg = rest.substr(i, slash == absl::string_view::npos ? absl::string_view::npos : slash - i);
      if (absl::Status s = parse_segment(seg); !s.ok()) return s;
      i += seg.size();
    }
    if (i >= rest.size()) break;
    if (rest[i] != '/') return bad("expected '/'");
    ++i;
    if (i == rest.size()) return bad("trailing '/'");
  }
  for (size_t s = 0; s + 1 < t.segments_.size(); ++s) {
    if (t.segments_[s].kind == Segment::kDoubleStar) return bad("'**' must be the last segment");
  }
  return t;
}

bool PathTemplate::Match(const std::vector<std::string>& segments, absl::string_view verb,
                         Bindings* bindings) const {
  if (verb != verb_) return false;
  bool open_end = !segments_.empty() && segments_.back().kind == Segment::kDoubleStar;
  size_t fixed = open_end ? segments_.size() - 1 : segments_.size();
  if (open_end ? segments.size() < fixed : segments.size() != fixed) return false;
  for (size_t i = 0; i < fixed; ++i) {
    const Segment& s = segments_[i];
    if (s.kind == Segment::kLiteral ? segments[i] != s.literal : segments[i].empty()) return false;
  }
  if (bindings != nullptr) {
    bindings->clear();
    for (const Variable& v : variables_) {
      size_t last = (open_end && v.last == static_cast<int>(segments_.size())) ? segments.size()
                                                                               : v.last;
      std::vector<absl::string_view> parts(segments.begin() + v.first, segments.begin() + last);
      bindings->emplace_back(v.field_path, absl::StrJoin(parts, "/"));
    }
  }
  return true;
}

void SplitPath(const std::vector<std::string>& decoded, std::vector<std::string>* segments,
               std::string* verb) {
  *segments = decoded;
  verb->clear();
  if (segments->empty()) return;
  std::string& last = segments->back();
  size_t colon = last.rfind(':');
  if (colon != std::string::npos) {
    *verb = last.substr(colon + 1);
    last.resize(colon);
  }
}

}  // namespace valohub::gateway
