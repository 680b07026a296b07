#include "gateway/http_gateway.h"

#include <gtest/gtest.h>

namespace valohub::gateway {
namespace {

TEST(HttpGatewayTest, CanonicalHttpStatusForEveryCode) {
  const std::vector<std::pair<int, int>> expected = {
      {0, 200},  {1, 499},  {2, 500},  {3, 400},  {4, 504},  {5, 404},  {6, 409},  {7, 403},
      {8, 429},  {9, 400},  {10, 409}, {11, 400}, {12, 501}, {13, 500}, {14, 503}, {15, 500},
      {16, 401}};
  for (auto [code, http] : expected) EXPECT_EQ(HttpStatusFor(code), http) << code;
}

TEST(HttpGatewayTest, GatewayErrorsAreGoogleRpcStatusJson) {
  HttpResponse r = GatewayError(5, "UNKNOWN_PATH", "no API method is served at /x");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body,
            R"({"code":5,"message":"no API method is served at /x","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"UNKNOWN_PATH","domain":"gateway.valohub.fi","metadata":{}}]})");
  bool json = false;
  for (const auto& [k, v] : r.headers) json |= k == "Content-Type" && v == "application/json";
  EXPECT_TRUE(json);
}

}  // namespace
}  // namespace valohub::gateway
