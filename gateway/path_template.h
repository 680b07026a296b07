// google.api.http path templates (google/api/http.proto):
//   Template = "/" Segments [ Verb ] ;   Segments = Segment { "/" Segment } ;
//   Segment  = "*" | "**" | LITERAL | Variable ;   Variable = "{" FieldPath [ "=" Segments ] "}" ;
//   Verb     = ":" LITERAL ;
// `{name}` is `{name=*}`; `**` matches the rest of the path and may only come last.
#ifndef VALOHUB_GATEWAY_PATH_TEMPLATE_H_
#define VALOHUB_GATEWAY_PATH_TEMPLATE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace valohub::gateway {

class PathTemplate {
 public:
  struct Segment {
    enum Kind { kLiteral, kStar, kDoubleStar } kind;
    std::string literal;
  };
  struct Variable {
    std::string field_path;  // "person.name"
    int first;               // first segment index
    int last;                // one past the last segment index
  };
  // field path -> value, in template order.
  using Bindings = std::vector<std::pair<std::string, std::string>>;

  static absl::StatusOr<PathTemplate> Parse(absl::string_view text);

  // `segments` are the request path's percent-decoded segments with the verb removed from the
  // last one; `verb` is that verb or empty. A variable's value is its segments joined by '/'.
  bool Match(const std::vector<std::string>& segments, absl::string_view verb,
             Bindings* bindings) const;

  const std::vector<Segment>& segments() const { return segments_; }
  const std::vector<Variable>& variables() const { return variables_; }
  const std::string& verb() const { return verb_; }
  const std::string& text() const { return text_; }

 private:
  std::vector<Segment> segments_;
  std::vector<Variable> variables_;
  std::string verb_;
  std::string text_;
};

// Splits "/v1/frameworks:importCase" into decoded segments and the verb ("importCase"). The verb
// is what follows the last ':' of the last segment.
void SplitPath(const std::vector<std::string>& decoded_segments,
               std::vector<std::string>* segments, std::string* verb);

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_PATH_TEMPLATE_H_
