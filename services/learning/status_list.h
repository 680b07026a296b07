// W3C Bitstring Status List v1.0: the bitstring of a list, its encoding (GZIP, then base64url
// without padding, as a multibase 'u' string) and the bit numbering shared with PostgreSQL.
#ifndef VALOHUB_SERVICES_LEARNING_STATUS_LIST_H_
#define VALOHUB_SERVICES_LEARNING_STATUS_LIST_H_

#include <string>

#include "absl/status/statusor.h"

namespace valohub::learning {

// Entries per list: the recommendation's minimum, so that one credential hides among many.
inline constexpr int kStatusListSize = 131072;

// Index i is the most significant bit of byte i / 8 counting from the left. PostgreSQL's
// get_bit/set_bit number bits from the least significant bit of each byte; this is the number
// they need for index i.
int PostgresBitNumber(int index);

// The encodedList value for `bits` (raw bytes, bit 0 = MSB of byte 0).
absl::StatusOr<std::string> EncodeStatusList(const std::string& bits);
// The raw bitstring of an encodedList value; INVALID_ARGUMENT when it does not decode.
absl::StatusOr<std::string> DecodeStatusList(const std::string& encoded);
// Bit `index` of raw `bits`; false beyond the end.
bool StatusBit(const std::string& bits, int index);

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_STATUS_LIST_H_
