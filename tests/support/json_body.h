// Reading JSON response bodies in end-to-end tests (Boost.JSON; include only where needed).
#ifndef VALOHUB_TESTS_SUPPORT_JSON_BODY_H_
#define VALOHUB_TESTS_SUPPORT_JSON_BODY_H_

#include <boost/json.hpp>
#include <string>

namespace valohub::testing {

// The body as a JSON object; empty when it is not one.
inline boost::json::object ParseObject(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  return !ec && v.is_object() ? v.as_object() : boost::json::object{};
}

// The string member `key` of `o`; empty when missing or not a string.
inline std::string StringMember(const boost::json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

}  // namespace valohub::testing

#endif  // VALOHUB_TESTS_SUPPORT_JSON_BODY_H_
