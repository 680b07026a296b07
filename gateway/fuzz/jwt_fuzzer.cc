// Fuzzes JWT parsing and verification, and JWKS parsing, with the input as the token.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "absl/time/clock.h"
#include "gateway/jwt_signer.h"
#include "gateway/jwt_verifier.h"

namespace {

valohub::gateway::JwtVerifier& Verifier() {
  static valohub::gateway::JwtVerifier* verifier = [] {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char* pem;
    long len = BIO_get_mem_data(bio, &pem);
    auto signer = valohub::gateway::JwtSigner::FromPem(std::string(pem, len), "k1");
    BIO_free(bio);
    EVP_PKEY_free(key);
    std::string path = "/tmp/valohub-jwt-fuzz-" + std::to_string(getpid()) + ".json";
    std::ofstream(path) << (*signer)->Jwks();
    valohub::gateway::JwtOptions options;
    options.jwks_path = path;
    options.issuer = "https://issuer.test";
    options.audience = "valohub";
    return valohub::gateway::JwtVerifier::Create(options)->release();
  }();
  return *verifier;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  (void)Verifier().Verify(input, absl::Now());
  (void)valohub::gateway::JwtVerifier::ParseJwks(input);
  return 0;
}
