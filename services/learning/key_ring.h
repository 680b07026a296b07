// The issuers' private signing keys. They live in files, `<dir>/<institution>/<key_id>.pem`
// (a mounted secret in production), are read on first use and kept in memory; they never go to
// the database, a log line or a response. In development mode (the one-machine hub) a missing
// key is generated into the directory; in production mode the operator provides every file.
#ifndef VALOHUB_SERVICES_LEARNING_KEY_RING_H_
#define VALOHUB_SERVICES_LEARNING_KEY_RING_H_

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/jose/jws.h"

namespace valohub::learning {

struct KeyRingOptions {
  std::string dir;
  bool development = false;
};

class KeyRing {
 public:
  explicit KeyRing(KeyRingOptions options) : options_(std::move(options)) {}

  // The key of `institution` named `key_id`. NOT_FOUND naming the file when it is missing;
  // FAILED_PRECONDITION when it is unreadable, not a supported key, or (in production mode)
  // readable by other users.
  absl::StatusOr<std::shared_ptr<const jose::Signer>> Get(const std::string& institution,
                                                          const std::string& key_id);
  // Development mode only (FAILED_PRECONDITION otherwise): a new key for `alg` written as
  // `<dir>/<institution>/<key_id>.pem` with mode 0600.
  absl::Status Generate(const std::string& institution, const std::string& key_id,
                        const std::string& alg);
  bool development() const { return options_.development; }
  std::string PathOf(const std::string& institution, const std::string& key_id) const;
  // "<institution>/<key_id>.pem", the file's name inside the key directory.
  static std::string RelativePath(const std::string& institution, const std::string& key_id);

 private:
  const KeyRingOptions options_;
  absl::Mutex mu_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const jose::Signer>> keys_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_KEY_RING_H_
