// Fresh private keys for tests that sign tokens.
#ifndef VALOHUB_TESTS_SUPPORT_TEST_KEYS_H_
#define VALOHUB_TESTS_SUPPORT_TEST_KEYS_H_

#include <string>

namespace valohub::testing {

// A new key as PEM: `type` is "RSA" (2048 bits), "EC" (P-256) or "ED25519".
std::string NewPrivateKeyPem(const std::string& type);

}  // namespace valohub::testing

#endif  // VALOHUB_TESTS_SUPPORT_TEST_KEYS_H_
