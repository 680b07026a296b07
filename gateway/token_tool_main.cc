// valohub-token: development tokens for the one-machine hub.
//   valohub-token jwks --key=KEY.pem [--kid=ID]          prints the JWKS of the key's public part
//   valohub-token mint --key=KEY.pem --sub=S [--institution=I] [--person=P] [--roles=A,B]
//                      [--ttl-seconds=N]
//                      [--issuer=...] [--audience=...] [--kid=ID]     prints a signed access token
#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gateway/jwt_signer.h"
#include "services/runtime/flags.h"

extern char** environ;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: valohub-token jwks|mint --key=KEY.pem ... (see --help)\n");
    return 2;
  }
  std::string command = argv[1];
  valohub::Flags flags;
  const std::string* key_path = flags.String("key", "", "PEM private key", valohub::CheckNonEmpty);
  const std::string* kid = flags.String("kid", "local-1", "key id");
  const std::string* issuer = flags.String("issuer", "https://valohub.local", "iss");
  const std::string* audience = flags.String("audience", "valohub", "aud");
  const std::string* sub = flags.String("sub", "", "sub, the caller's subject");
  const std::string* institution = flags.String("institution", "", "institution id claim");
  const std::string* roles = flags.String("roles", "", "comma-separated roles");
  const std::string* person = flags.String("person", "", "person id claim (staff members)");
  const int64_t* ttl = flags.Int("ttl-seconds", 12 * 3600, 1, 366 * 86400, "token lifetime");
  if (absl::Status s = flags.Parse(argc - 1, argv + 1, environ); !s.ok() || key_path->empty()) {
    std::fprintf(stderr, "valohub-token: %s\n%s",
                 s.ok() ? "--key is required" : std::string(s.message()).c_str(),
                 flags.Usage().c_str());
    return 2;
  }
  std::ifstream in(*key_path);
  std::stringstream pem;
  pem << in.rdbuf();
  auto signer = valohub::gateway::JwtSigner::FromPem(pem.str(), *kid);
  if (!signer.ok()) {
    std::fprintf(stderr, "valohub-token: %s: %s\n", key_path->c_str(),
                 std::string(signer.status().message()).c_str());
    return 1;
  }
  if (command == "jwks") {
    std::printf("%s\n", (*signer)->Jwks().c_str());
    return 0;
  }
  if (command != "mint" || sub->empty()) {
    std::fprintf(stderr, "valohub-token: use 'jwks' or 'mint --sub=...'\n");
    return 2;
  }
  valohub::gateway::TokenClaims claims;
  claims.issuer = *issuer;
  claims.audience = *audience;
  claims.subject = *sub;
  claims.institution = *institution;
  claims.person = *person;
  for (absl::string_view r : absl::StrSplit(*roles, ',', absl::SkipEmpty())) {
    claims.roles.emplace_back(r);
  }
  claims.not_before = absl::Now();
  claims.expires = claims.not_before + absl::Seconds(*ttl);
  auto token = (*signer)->Sign(claims);
  if (!token.ok()) return 1;
  std::printf("%s\n", token->c_str());
  return 0;
}
