#include "gateway/http_binding.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/runtime/status.h"

namespace valohub::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

const FieldDescriptor* FindField(const Descriptor* d, absl::string_view name) {
  const FieldDescriptor* f = d->FindFieldByName(std::string(name));
  if (f == nullptr) f = d->FindFieldByCamelcaseName(std::string(name));
  return f;
}

// RFC 3629: proto3 string fields must hold valid UTF-8, and a message holding anything else is
// refused by the service that parses it; the gateway refuses it first, with a clear error.
bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (int k = 1; k <= extra; ++k) {
      if (i + k >= s.size()) return false;
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

absl::Status Bad(const std::string& field, const std::string& why) {
  return InvalidArgument({{field, why}});
}

absl::Status SetScalar(Message& m, const FieldDescriptor* f, const std::string& v,
                       const std::string& path) {
  const Reflection* r = m.GetReflection();
  const bool rep = f->is_repeated();
  auto bad = [&] { return Bad(path, absl::StrCat("'", v, "' is not a valid ", f->type_name())); };
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value = v;
      if (f->type() == FieldDescriptor::TYPE_BYTES &&
          !absl::WebSafeBase64Unescape(v, &value) && !absl::Base64Unescape(v, &value)) {
        return bad();
      }
      rep ? r->AddString(&m, f, value) : r->SetString(&m, f, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t x;
      if (!absl::SimpleAtoi(v, &x)) return bad();
      rep ? r->AddInt32(&m, f, x) : r->SetInt32(&m, f, x);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t x;
      if (!absl::SimpleAtoi(v, &x)) return bad();
      rep ? r->AddInt64(&m, f, x) : r->SetInt64(&m, f, x);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t x;
      if (!absl::SimpleAtoi(v, &x)) return bad();
      rep ? r->AddUInt32(&m, f, x) : r->SetUInt32(&m, f, x);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t x;
      if (!absl::SimpleAtoi(v, &x)) return bad();
      rep ? r->AddUInt64(&m, f, x) : r->SetUInt64(&m, f, x);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double x;
      if (!absl::SimpleAtod(v, &x)) return bad();
      rep ? r->AddDouble(&m, f, x) : r->SetDouble(&m, f, x);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      float x;
      if (!absl::SimpleAtof(v, &x)) return bad();
      rep ? r->AddFloat(&m, f, x) : r->SetFloat(&m, f, x);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool x;
      if (v == "true") x = true;
      else if (v == "false") x = false;
      else return bad();
      rep ? r->AddBool(&m, f, x) : r->SetBool(&m, f, x);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value = f->enum_type()->FindValueByName(v);
      int number;
      if (value == nullptr && absl::SimpleAtoi(v, &number)) {
        value = f->enum_type()->FindValueByNumber(number);
      }
      if (value == nullptr) {
        return Bad(path, absl::StrCat("'", v, "' is not a value of ", f->enum_type()->name()));
      }
      rep ? r->AddEnum(&m, f, value) : r->SetEnum(&m, f, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* sub = rep ? r->AddMessage(&m, f) : r->MutableMessage(&m, f);
      const std::string& type = f->message_type()->full_name();
      if (type == "google.protobuf.FieldMask") {
        const FieldDescriptor* paths = sub->GetDescriptor()->FindFieldByName("paths");
        for (absl::string_view p : absl::StrSplit(v, ',', absl::SkipEmpty())) {
          // Query parameters may use JSON (lowerCamel) names, as JSON bodies do.
          std::string snake;
          for (char c : p) {
            if (absl::ascii_isupper(c)) {
              snake.push_back('_');
              snake.push_back(absl::ascii_tolower(c));
            } else {
              snake.push_back(c);
            }
          }
          sub->GetReflection()->AddString(sub, paths, snake);
        }
        return absl::OkStatus();
      }
      // Well-known types with a string JSON form (Timestamp, Duration, wrappers) parse from it.
      std::string quoted;
      quoted = absl::StrCat("\"", absl::CEscape(v), "\"");
      if (!google::protobuf::util::JsonStringToMessage(quoted, sub).ok()) {
        return Bad(path, absl::StrCat("'", v, "' is not a valid ", type));
      }
      return absl::OkStatus();
    }
  }
  return bad();
}

}  // namespace

absl::Status SetFieldFromText(Message& message, const std::string& path,
                              const std::string& value) {
  Message* m = &message;
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* f = FindField(m->GetDescriptor(), parts[i]);
    if (f == nullptr) return Bad(path, "is not a field of the request");
    if (i + 1 == parts.size()) {
      if (f->is_map()) return Bad(path, "map fields cannot be set from a query parameter");
      return SetScalar(*m, f, value, path);
    }
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_repeated()) {
      return Bad(path, "is not a field of the request");
    }
    m = m->GetReflection()->MutableMessage(m, f);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Message>> BindRequest(const RouteMatch& match,
                                                     const QueryParams& query,
                                                     const std::string& body) {
  const Route& route = *match.route;
  const Descriptor* input = route.method->input_type();
  std::unique_ptr<Message> request(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(input)->New());
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  if (!IsValidUtf8(body)) {
    return Error(absl::StatusCode::kInvalidArgument, "MALFORMED_BODY",
                 "the request body is not valid UTF-8");
  }
  for (const auto& [name, value] : query) {
    if (!IsValidUtf8(name) || !IsValidUtf8(value)) {
      return Error(absl::StatusCode::kInvalidArgument, "BAD_QUERY_PARAMETER",
                   "query parameters must be valid UTF-8");
    }
  }
  for (const auto& [path, value] : match.bindings) {
    if (!IsValidUtf8(value)) {
      return Error(absl::StatusCode::kInvalidArgument, "MALFORMED_URL",
                   "the path must be valid UTF-8");
    }
  }
  if (!route.body.empty() && !body.empty()) {
    Message* target = request.get();
    if (route.body != "*") {
      const FieldDescriptor* f = input->FindFieldByName(route.body);
      target = request->GetReflection()->MutableMessage(request.get(), f);
    }
    auto status = google::protobuf::util::JsonStringToMessage(body, target, options);
    if (!status.ok()) {
      return Error(absl::StatusCode::kInvalidArgument, "MALFORMED_BODY",
                   absl::StrCat("the request body is not valid JSON for ",
                                target->GetDescriptor()->full_name(), ": ",
                                std::string(status.message())));
    }
  } else if (route.body.empty() && !body.empty()) {
    return Error(absl::StatusCode::kInvalidArgument, "UNEXPECTED_BODY",
                 absl::StrCat(route.http_method, " ", route.path.text(), " takes no body"));
  }
  std::set<std::string> bound;
  for (const auto& [path, value] : match.bindings) {
    if (absl::Status s = SetFieldFromText(*request, path, value); !s.ok()) return s;
    bound.insert(path);
  }
  for (const auto& [name, value] : query) {
    if (route.body == "*") {
      return Error(absl::StatusCode::kInvalidArgument, "UNKNOWN_QUERY_PARAMETER",
                   absl::StrCat("query parameter '", name, "' is not accepted: ",
                                route.path.text(), " takes every field in the body"));
    }
    std::string first = name.substr(0, name.find('.'));
    const FieldDescriptor* top = FindField(input, first);
    if (top == nullptr) {
      return Error(absl::StatusCode::kInvalidArgument, "UNKNOWN_QUERY_PARAMETER",
                   absl::StrCat("unknown query parameter '", name, "'"));
    }
    if (top->name() == route.body || bound.count(name) > 0) {
      return Error(absl::StatusCode::kInvalidArgument, "UNKNOWN_QUERY_PARAMETER",
                   absl::StrCat("query parameter '", name,
                                "' sets a field that the path or body already sets"));
    }
    if (absl::Status s = SetFieldFromText(*request, name, value); !s.ok()) {
      return Error(absl::StatusCode::kInvalidArgument, "BAD_QUERY_PARAMETER",
                   absl::StrCat("query parameter '", name, "': ",
                                FieldViolations(s).empty() ? std::string(s.message())
                                                           : FieldViolations(s)[0].description));
    }
  }
  return request;
}

std::unique_ptr<Message> NewResponse(const Route& route) {
  return std::unique_ptr<Message>(google::protobuf::MessageFactory::generated_factory()
                                      ->GetPrototype(route.method->output_type())
                                      ->New());
}

absl::StatusOr<std::string> ResponseToJson(const Route& route, const Message& response) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string out;
  const Message* target = &response;
  if (!route.response_body.empty()) {
    const FieldDescriptor* f = response.GetDescriptor()->FindFieldByName(route.response_body);
    target = &response.GetReflection()->GetMessage(response, f);
  }
  auto status = google::protobuf::util::MessageToJsonString(*target, &out, options);
  if (!status.ok()) return absl::InternalError("cannot print the response as JSON");
  return out;
}

}  // namespace valohub::gateway
