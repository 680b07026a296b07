#include "gateway/openapi.h"

#include <google/protobuf/descriptor.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace valohub::gateway {
namespace {

namespace json = boost::json;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

std::string Singular(const std::string& collection) {
  static const std::map<std::string, std::string> kIrregular = {{"people", "person"}};
  if (auto it = kIrregular.find(collection); it != kIrregular.end()) return it->second;
  if (collection.size() > 1 && collection.back() == 's') {
    return collection.substr(0, collection.size() - 1);
  }
  return collection + "Id";
}

class SchemaBuilder {
 public:
  json::object Ref(const Descriptor* d) {
    Add(d);
    return json::object{{"$ref", "#/components/schemas/" + d->full_name()}};
  }
  json::object& schemas() { return schemas_; }

 private:
  void Add(const Descriptor* d) {
    if (done_.count(d->full_name()) > 0) return;
    done_.insert(d->full_name());
    json::object schema = Build(d);
    schemas_[d->full_name()] = std::move(schema);
  }

  json::object WellKnown(const std::string& name, bool* known) {
    *known = true;
    if (name == "google.protobuf.Timestamp") return {{"type", "string"}, {"format", "date-time"}};
    if (name == "google.protobuf.Duration") return {{"type", "string"}, {"example", "1.5s"}};
    if (name == "google.protobuf.FieldMask") {
      return {{"type", "string"}, {"description", "comma-separated field paths"}};
    }
    if (name == "google.protobuf.Empty") return {{"type", "object"}};
    if (name == "google.protobuf.Struct") return {{"type", "object"}, {"additionalProperties", true}};
    if (name == "google.protobuf.Value") return {{"description", "any JSON value"}};
    if (name == "google.protobuf.Any") {
      return {{"type", "object"},
              {"properties", json::object{{"@type", json::object{{"type", "string"}}}}},
              {"additionalProperties", true}};
    }
    *known = false;
    return {};
  }

  json::object Field(const FieldDescriptor* f) {
    json::object s;
    switch (f->type()) {
      case FieldDescriptor::TYPE_STRING: s = {{"type", "string"}}; break;
      case FieldDescriptor::TYPE_BYTES: s = {{"type", "string"}, {"format", "byte"}}; break;
      case FieldDescriptor::TYPE_BOOL: s = {{"type", "boolean"}}; break;
      case FieldDescriptor::TYPE_INT32:
      case FieldDescriptor::TYPE_SINT32:
      case FieldDescriptor::TYPE_SFIXED32: s = {{"type", "integer"}, {"format", "int32"}}; break;
      case FieldDescriptor::TYPE_UINT32:
      case FieldDescriptor::TYPE_FIXED32: s = {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}}; break;
      // proto3 JSON prints 64-bit integers as strings.
      case FieldDescriptor::TYPE_INT64:
      case FieldDescriptor::TYPE_SINT64:
      case FieldDescriptor::TYPE_SFIXED64:
      case FieldDescriptor::TYPE_UINT64:
      case FieldDescriptor::TYPE_FIXED64: s = {{"type", "string"}, {"format", "int64"}}; break;
      case FieldDescriptor::TYPE_DOUBLE: s = {{"type", "number"}, {"format", "double"}}; break;
      case FieldDescriptor::TYPE_FLOAT: s = {{"type", "number"}, {"format", "float"}}; break;
      case FieldDescriptor::TYPE_ENUM: {
        json::array values;
        for (int i = 0; i < f->enum_type()->value_count(); ++i) {
          values.emplace_back(f->enum_type()->value(i)->name());
        }
        s = {{"type", "string"}, {"enum", std::move(values)}};
        break;
      }
      case FieldDescriptor::TYPE_MESSAGE:
      case FieldDescriptor::TYPE_GROUP: {
        bool known;
        s = WellKnown(f->message_type()->full_name(), &known);
        if (!known) s = Ref(f->message_type());
        break;
      }
    }
    return s;
  }

  json::object Build(const Descriptor* d) {
    bool known;
    json::object wk = WellKnown(d->full_name(), &known);
    if (known) return wk;
    json::object properties;
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      json::object s;
      if (f->is_map()) {
        s = {{"type", "object"}, {"additionalProperties", Field(f->message_type()->map_value())}};
      } else if (f->is_repeated()) {
        s = {{"type", "array"}, {"items", Field(f)}};
      } else {
        s = Field(f);
      }
      properties[f->json_name()] = std::move(s);
    }
    return {{"type", "object"}, {"properties", std::move(properties)}};
  }

  json::object schemas_;
  std::set<std::string> done_;
};

// Scalar (or FieldMask/Timestamp) fields reachable from `d` as query parameters ("a.b").
void QueryFields(const Descriptor* d, const std::string& prefix, const std::set<std::string>& skip,
                 int depth, SchemaBuilder& schemas, json::array& out) {
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    std::string path = prefix + f->json_name();
    if (skip.count(prefix + f->name()) > 0 || f->is_map()) continue;
    bool message = f->type() == FieldDescriptor::TYPE_MESSAGE;
    std::string type = message ? f->message_type()->full_name() : "";
    if (message && type != "google.protobuf.FieldMask" && type != "google.protobuf.Timestamp") {
      if (depth < 1 && !f->is_repeated()) {
        QueryFields(f->message_type(), path + ".", skip, depth + 1, schemas, out);
      }
      continue;
    }
    json::object schema;
    if (message) {
      schema = {{"type", "string"}};
    } else if (f->type() == FieldDescriptor::TYPE_ENUM) {
      json::array values;
      for (int v = 0; v < f->enum_type()->value_count(); ++v) {
        values.emplace_back(f->enum_type()->value(v)->name());
      }
      schema = {{"type", "string"}, {"enum", std::move(values)}};
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT32) {
      schema = {{"type", "integer"}, {"format", "int32"}};
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
      schema = {{"type", "boolean"}};
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE ||
               f->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
      schema = {{"type", "number"}};
    } else {
      schema = {{"type", "string"}};
    }
    json::object param{{"name", path}, {"in", "query"}, {"required", false}};
    if (f->is_repeated()) {
      param["schema"] = json::object{{"type", "array"}, {"items", std::move(schema)}};
      param["style"] = "form";
      param["explode"] = true;
    } else {
      param["schema"] = std::move(schema);
    }
    out.push_back(std::move(param));
  }
}

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

}  // namespace

std::string OpenApiPath(const Route& route, std::vector<std::string>* parameters) {
  const auto& segments = route.path.segments();
  std::vector<std::string> parts;
  std::set<std::string> used;
  for (size_t i = 0; i < segments.size(); ++i) {
    const auto& s = segments[i];
    if (s.kind == PathTemplate::Segment::kLiteral) {
      parts.push_back(s.literal);
      continue;
    }
    std::string base = i > 0 && segments[i - 1].kind == PathTemplate::Segment::kLiteral
                           ? Singular(segments[i - 1].literal)
                           : "segment";
    if (s.kind == PathTemplate::Segment::kDoubleStar) base += "Path";
    std::string name = base;
    for (int n = 2; used.count(name) > 0; ++n) name = absl::StrCat(base, n);
    used.insert(name);
    parameters->push_back(name);
    parts.push_back("{" + name + "}");
  }
  std::string path = "/" + absl::StrJoin(parts, "/");
  if (!route.path.verb().empty()) path += ":" + route.path.verb();
  return path;
}

std::string OpenApiDocument(const RouteTable& routes) {
  SchemaBuilder schemas;
  json::object paths;
  const Descriptor* status = google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
      "google.rpc.Status");
  json::object error_response{
      {"description", "An error: a google.rpc.Status with the canonical HTTP status"},
      {"content", json::object{{"application/json",
                                json::object{{"schema", schemas.Ref(status)}}}}}};
  for (const Route& route : routes.routes()) {
    std::vector<std::string> names;
    std::string path = OpenApiPath(route, &names);
    json::array parameters;
    for (const std::string& name : names) {
      parameters.push_back(json::object{{"name", name},
                                        {"in", "path"},
                                        {"required", true},
                                        {"schema", json::object{{"type", "string"}}}});
    }
    std::set<std::string> skip;
    for (const auto& v : route.path.variables()) skip.insert(v.field_path);
    if (!route.body.empty() && route.body != "*") skip.insert(route.body);
    const Descriptor* input = route.method->input_type();
    if (route.body != "*") QueryFields(input, "", skip, 0, schemas, parameters);

    json::object operation{
        {"operationId", route.method->name()},
        {"tags", json::array{route.method->service()->name()}},
        {"parameters", std::move(parameters)},
    };
    if (!route.body.empty()) {
      const Descriptor* body = route.body == "*" ? input
                                                 : input->FindFieldByName(route.body)->message_type();
      operation["requestBody"] = json::object{
          {"required", true},
          {"content", json::object{{"application/json", json::object{{"schema", schemas.Ref(body)}}}}}};
    }
    const Descriptor* output = route.method->output_type();
    if (!route.response_body.empty()) {
      const FieldDescriptor* f = output->FindFieldByName(route.response_body);
      if (f != nullptr && f->type() == FieldDescriptor::TYPE_MESSAGE) output = f->message_type();
    }
    operation["responses"] = json::object{
        {"200", json::object{{"description", "OK"},
                             {"content", json::object{{"application/json",
                                                       json::object{{"schema", schemas.Ref(output)}}}}}}},
        {"default", error_response}};
    if (!paths.contains(path)) paths[path] = json::object{};
    paths[path].as_object()[Lower(route.http_method)] = std::move(operation);
  }
  json::object doc{
      {"openapi", "3.0.3"},
      {"info", json::object{{"title", "Valohub API"},
                            {"version", "v1"},
                            {"description",
                             "The national hub for the continuous professional development of "
                             "teachers. Generated from the services' google.api.http rules."}}},
      {"servers", json::array{json::object{{"url", "/"}}}},
      {"paths", std::move(paths)},
      {"components",
       json::object{{"schemas", schemas.schemas()},
                    {"securitySchemes",
                     json::object{{"bearer", json::object{{"type", "http"},
                                                          {"scheme", "bearer"},
                                                          {"bearerFormat", "JWT"}}}}}}},
      {"security", json::array{json::object{{"bearer", json::array{}}}, json::object{}}},
  };
  return json::serialize(doc);
}

}  // namespace valohub::gateway
