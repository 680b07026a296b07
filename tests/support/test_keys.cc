#include "tests/support/test_keys.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

namespace valohub::testing {

std::string NewPrivateKeyPem(const std::string& type) {
  EVP_PKEY* key = type == "RSA"  ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048})
                  : type == "EC" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                                 : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data;
  long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, len);
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

}  // namespace valohub::testing
