#include "services/learning/status_list.h"

#include <zlib.h>

#include "absl/strings/escaping.h"

namespace valohub::learning {

int PostgresBitNumber(int index) { return (index / 8) * 8 + 7 - index % 8; }

bool StatusBit(const std::string& bits, int index) {
  if (index < 0 || static_cast<size_t>(index / 8) >= bits.size()) return false;
  return (static_cast<unsigned char>(bits[index / 8]) >> (7 - index % 8)) & 1;
}

absl::StatusOr<std::string> EncodeStatusList(const std::string& bits) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return absl::InternalError("deflateInit2 failed");
  }
  std::string gz(deflateBound(&zs, bits.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bits.data()));
  zs.avail_in = static_cast<uInt>(bits.size());
  zs.next_out = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_out = static_cast<uInt>(gz.size());
  int rc = deflate(&zs, Z_FINISH);
  gz.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return absl::InternalError("gzip compression failed");
  std::string b64;
  absl::WebSafeBase64Escape(gz, &b64);  // no padding
  return "u" + b64;
}

absl::StatusOr<std::string> DecodeStatusList(const std::string& encoded) {
  std::string gz;
  if (encoded.empty() || encoded[0] != 'u' ||
      !absl::WebSafeBase64Unescape(absl::string_view(encoded).substr(1), &gz)) {
    return absl::InvalidArgumentError("encodedList is not a multibase base64url ('u') string");
  }
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return absl::InternalError("inflateInit2 failed");
  std::string out;
  char buffer[16384];
  zs.next_in = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_in = static_cast<uInt>(gz.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - zs.avail_out);
    if (out.size() > (1u << 24)) rc = Z_DATA_ERROR;  // far beyond any list this hub makes
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return absl::InvalidArgumentError("encodedList is not GZIP data");
  return out;
}

}  // namespace valohub::learning
