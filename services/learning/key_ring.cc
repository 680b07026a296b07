#include "services/learning/key_ring.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "services/runtime/status.h"

namespace valohub::learning {

std::string KeyRing::PathOf(const std::string& institution, const std::string& key_id) const {
  return options_.dir + "/" + RelativePath(institution, key_id);
}

std::string KeyRing::RelativePath(const std::string& institution, const std::string& key_id) {
  return institution + "/" + key_id + ".pem";
}

absl::StatusOr<std::shared_ptr<const jose::Signer>> KeyRing::Get(const std::string& institution,
                                                                  const std::string& key_id) {
  {
    absl::MutexLock lock(&mu_);
    auto it = keys_.find({institution, key_id});
    if (it != keys_.end()) return it->second;
  }
  const std::string path = PathOf(institution, key_id);
  // Messages name the file relative to the key directory: callers see them.
  const std::string file = "<issuer key dir>/" + RelativePath(institution, key_id);
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    return Error(absl::StatusCode::kNotFound, "ISSUER_KEY_FILE_MISSING",
                 "no key file " + file + " for issuer " + institution);
  }
  if (!options_.development && (st.st_mode & S_IRWXO) != 0) {
    return Error(absl::StatusCode::kFailedPrecondition, "ISSUER_KEY_FILE_EXPOSED",
                 "key file " + file + " is accessible to other users; make it mode 0400, 0440 or 0600");
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    return Error(absl::StatusCode::kFailedPrecondition, "ISSUER_KEY_FILE_UNREADABLE",
                 "cannot read key file " + file);
  }
  auto signer = jose::Signer::FromPem(text.str());
  if (!signer.ok()) {
    return Error(absl::StatusCode::kFailedPrecondition, "ISSUER_KEY_FILE_INVALID",
                 "key file " + file + ": " + std::string(signer.status().message()));
  }
  std::shared_ptr<const jose::Signer> shared(std::move(*signer));
  absl::MutexLock lock(&mu_);
  return keys_.emplace(std::make_pair(institution, key_id), shared).first->second;
}

absl::Status KeyRing::Generate(const std::string& institution, const std::string& key_id,
                               const std::string& alg) {
  if (!options_.development) {
    return Error(absl::StatusCode::kFailedPrecondition, "KEY_GENERATION_DISABLED",
                 "keys are generated only in development mode; place the key file at "
                 "<issuer key dir>/" + RelativePath(institution, key_id) + " and name its key_id");
  }
  auto pem = jose::Signer::GeneratePem(alg);
  if (!pem.ok()) return pem.status();
  const std::string dir = options_.dir + "/" + institution;
  mkdir(options_.dir.c_str(), 0700);
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::InternalError("cannot create key directory " + dir + ": " + strerror(errno));
  }
  const std::string path = PathOf(institution, key_id);
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return absl::InternalError("cannot create key file " + path + ": " + strerror(errno));
  bool ok = write(fd, pem->data(), pem->size()) == static_cast<ssize_t>(pem->size());
  ok = fsync(fd) == 0 && ok;
  close(fd);
  if (!ok) return absl::InternalError("cannot write key file " + path);
  return absl::OkStatus();
}

}  // namespace valohub::learning
