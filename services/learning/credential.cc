#include "services/learning/credential.h"

#include <boost/json.hpp>

#include "absl/strings/str_cat.h"

namespace valohub::learning {
namespace {

namespace json = boost::json;

constexpr char kVcContext[] = "https://www.w3.org/ns/credentials/v2";
constexpr char kObContext[] = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
constexpr char kObSchema[] =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

json::array Types(std::initializer_list<const char*> types) {
  json::array a;
  for (const char* t : types) a.emplace_back(t);
  return a;
}

// Whole numbers as integers ("2", not Boost.JSON's "2E0" for a double).
json::value Number(double d) {
  if (d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
  return d;
}

std::string Str(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return "";
  return std::string(it->value().as_string());
}

bool Int(const json::object& o, const char* key, int64_t* out) {
  auto it = o.find(key);
  if (it == o.end()) return false;
  if (it->value().is_int64()) *out = it->value().as_int64();
  else if (it->value().is_uint64()) *out = static_cast<int64_t>(it->value().as_uint64());
  else if (it->value().is_double()) *out = static_cast<int64_t>(it->value().as_double());
  else return false;
  return true;
}

const char* AssessmentTypeText(v1::AssessmentType t) {
  switch (t) {
    case v1::WRITTEN_EXAM: return "written examination";
    case v1::ORAL_EXAM: return "oral examination";
    case v1::PRACTICAL_DEMONSTRATION: return "practical demonstration";
    case v1::PROJECT: return "project";
    case v1::PORTFOLIO: return "portfolio";
    case v1::PEER_ASSESSMENT: return "peer assessment";
    case v1::ASSIGNMENT: return "assignment";
    case v1::WORKPLACE_OBSERVATION: return "workplace observation";
    default: return "unspecified";
  }
}

}  // namespace

std::string IssuerId(const std::string& base, const std::string& institution) {
  return absl::StrCat(base, "/v1/issuers/", institution);
}
std::string StatusListUrl(const std::string& base, const std::string& institution, int list) {
  return absl::StrCat(IssuerId(base, institution), "/status-lists/", list);
}
std::string IssuerJwksUrl(const std::string& base, const std::string& institution) {
  return IssuerId(base, institution) + "/jwks";
}
std::string Kid(const std::string& base, const std::string& institution,
                const std::string& key_id) {
  return IssuerId(base, institution) + "#" + key_id;
}
std::string SubjectId(const std::string& institution, const std::string& person) {
  return absl::StrCat("urn:valohub:institutions:", institution, ":people:", person);
}
std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

std::string BuildCredentialClaims(const CredentialInput& in) {
  const v1::Unit& u = *in.unit;
  const std::string issuer_id = IssuerId(in.base_url, in.provider_id);
  json::object issuer{{"id", issuer_id},
                      {"type", Types({"Profile"})},
                      {"name", in.provider_name}};

  json::array alignment;
  for (const auto& a : u.alignments()) {
    json::object al{{"type", Types({"Alignment"})},
                    {"targetName", a.competence_title().empty() ? a.competence()
                                                                : a.competence_title()},
                    // The framework's public document; targetCode names the competence in it.
                    {"targetUrl", absl::StrCat(in.base_url, "/v1/",
                                               a.competence().substr(0, a.competence().find(
                                                                            "/competences/")))},
                    {"targetCode", a.competence()},
                    {"targetFramework", a.framework_title()},
                    {"targetType", "ceasn:Competency"},
                    {"targetDescription", "target level " + a.target_level()}};
    alignment.push_back(std::move(al));
    for (const auto& esco : a.esco_uris()) {
      alignment.push_back(json::object{{"type", Types({"Alignment"})},
                                       {"targetName", a.competence_title()},
                                       {"targetUrl", esco},
                                       {"targetFramework", "ESCO"},
                                       {"targetType", "ceasn:Competency"}});
    }
  }
  json::object achievement{
      // A URN rather than a URL: the unit's resource is the provider's, not public.
      {"id", absl::StrCat("urn:valohub:institutions:", in.provider_id, ":units:", in.unit_id,
                          ":versions:", u.version())},
      {"type", Types({"Achievement"})},
      {"achievementType", "MicroCredential"},
      {"name", u.title()},
      {"description", u.description().empty() ? u.title() : u.description()},
      {"criteria", json::object{{"narrative", u.achievement().criteria_narrative()}}},
      {"alignment", std::move(alignment)},
      {"creator", issuer}};
  if (!u.achievement().image_uri().empty()) {
    achievement["image"] = json::object{{"id", u.achievement().image_uri()}, {"type", "Image"}};
  }
  if (u.workload().ects() > 0) achievement["creditsAvailable"] = Number(u.workload().ects());
  if (!u.languages().empty()) achievement["inLanguage"] = u.languages(0);
  // The Annex I elements that Open Badges has no property for travel as an extension, so that
  // the credential states them all.
  json::array outcomes;
  for (const auto& o : u.learning_outcomes()) outcomes.emplace_back(o);
  json::object annex{{"awardingBody", u.awarding_body()},
                     {"country", u.country()},
                     {"learningOutcomes", std::move(outcomes)},
                     {"typeOfAssessment", AssessmentTypeText(u.assessment_type())},
                     {"formOfParticipation",
                      absl::StrCat(v1::ParticipationMode_Name(u.participation_mode()), " ",
                                   v1::Pacing_Name(u.pacing()))},
                     {"qualityAssurance", u.quality_assurance()}};
  if (!u.region().empty()) annex["region"] = u.region();
  if (u.workload().hours() > 0) annex["workloadHours"] = Number(u.workload().hours());
  if (u.eqf_level() > 0) annex["eqfLevel"] = u.eqf_level();
  if (!u.prerequisites().empty()) annex["prerequisites"] = u.prerequisites();
  annex["stackable"] = u.stackability().stackable();
  achievement["euMicroCredential"] = std::move(annex);

  const std::string subject_id = SubjectId(in.holder_institution, in.holder_person);
  json::object subject{{"id", subject_id},
                       {"type", Types({"AchievementSubject"})},
                       {"achievement", std::move(achievement)}};
  if (in.completion != nullptr && !in.completion->result().value().empty()) {
    json::object result{{"type", Types({"Result"})}, {"value", in.completion->result().value()}};
    subject["result"] = json::array{std::move(result)};
  }

  const std::string id = "urn:uuid:" + in.credential_uuid;
  const std::string list_url = StatusListUrl(in.base_url, in.provider_id, in.status_list);
  json::object c{{"@context", json::array{kVcContext, kObContext}},
                 {"id", id},
                 {"type", Types({"VerifiableCredential", "OpenBadgeCredential"})},
                 {"issuer", std::move(issuer)},
                 {"validFrom", Rfc3339(in.issue_time)},
                 {"name", u.title()},
                 {"credentialSubject", std::move(subject)},
                 {"credentialStatus",
                  json::object{{"id", absl::StrCat(list_url, "#", in.status_index)},
                               {"type", "BitstringStatusListEntry"},
                               {"statusPurpose", "revocation"},
                               {"statusListIndex", absl::StrCat(in.status_index)},
                               {"statusListCredential", list_url}}},
                 {"credentialSchema",
                  json::array{json::object{{"id", kObSchema},
                                           {"type", "1EdTechJsonSchemaValidator2019"}}}}};
  if (in.completion != nullptr && in.completion->evidence_size() > 0) {
    json::array evidence;
    for (const auto& e : in.completion->evidence()) {
      json::object ev{{"type", Types({"Evidence"})}};
      if (!e.uri().empty()) ev["id"] = e.uri();
      if (!e.name().empty()) ev["name"] = e.name();
      if (!e.narrative().empty()) ev["narrative"] = e.narrative();
      evidence.push_back(std::move(ev));
    }
    c["evidence"] = std::move(evidence);
  }
  // JWT claims (OB 3.0 section 8.2.4): iss = issuer.id, jti = id, nbf = validFrom, sub = subject.
  c["iss"] = issuer_id;
  c["jti"] = id;
  c["nbf"] = absl::ToUnixSeconds(in.issue_time);
  c["sub"] = subject_id;
  return json::serialize(c);
}

std::string JwsHeader(const std::string& alg, const std::string& kid) {
  return json::serialize(json::object{{"alg", alg}, {"kid", kid}, {"typ", "JWT"}});
}

std::string IssuerProfileJson(const std::string& base, const std::string& institution,
                              const std::string& display_name) {
  return json::serialize(json::object{
      {"@context", json::array{kVcContext, kObContext}},
      {"id", IssuerId(base, institution)},
      {"type", Types({"Profile"})},
      {"name", display_name},
      {"otherIdentifier",
       json::array{json::object{{"type", Types({"IdentifierEntry"})},
                                {"identifier", "institutions/" + institution},
                                {"identifierType", "identifier"}}}},
      // Not an OB 3.0 property: where verifiers find the issuer's public keys.
      {"publicKeys", IssuerJwksUrl(base, institution)}});
}

std::string StatusListCredentialJson(const std::string& base, const std::string& institution,
                                     int list, const std::string& encoded_list,
                                     absl::Time valid_from) {
  const std::string url = StatusListUrl(base, institution, list);
  return json::serialize(json::object{
      {"@context", json::array{kVcContext}},
      {"id", url},
      {"type", Types({"VerifiableCredential", "BitstringStatusListCredential"})},
      {"issuer", IssuerId(base, institution)},
      {"validFrom", Rfc3339(valid_from)},
      {"credentialSubject", json::object{{"id", url + "#list"},
                                         {"type", "BitstringStatusList"},
                                         {"statusPurpose", "revocation"},
                                         {"encodedList", encoded_list}}}});
}

absl::StatusOr<CredentialClaims> ParseCredentialClaims(const std::string& header_json,
                                                       const std::string& payload_json) {
  boost::system::error_code ec;
  json::value header = json::parse(header_json, ec);
  if (ec || !header.is_object()) return absl::InvalidArgumentError("the JOSE header is not JSON");
  json::value payload = json::parse(payload_json, ec);
  if (ec || !payload.is_object()) return absl::InvalidArgumentError("the claims are not JSON");
  const json::object& h = header.as_object();
  const json::object& p = payload.as_object();
  CredentialClaims c;
  c.alg = Str(h, "alg");
  c.kid = Str(h, "kid");
  if (h.contains("crit")) return absl::InvalidArgumentError("critical header parameters are not supported");
  if (c.kid.empty()) return absl::InvalidArgumentError("the JOSE header has no kid");
  c.iss = Str(p, "iss");
  c.jti = Str(p, "jti");
  c.sub = Str(p, "sub");
  if (c.iss.empty() || c.jti.empty() || c.sub.empty() || !Int(p, "nbf", &c.nbf)) {
    return absl::InvalidArgumentError("the claims iss, jti, sub and nbf are required");
  }
  int64_t exp;
  if (Int(p, "exp", &exp)) c.exp = exp;
  bool open_badge = false;
  if (auto it = p.find("type"); it != p.end() && it->value().is_array()) {
    for (const auto& t : it->value().as_array()) {
      if (t.is_string() && t.as_string() == "OpenBadgeCredential") open_badge = true;
    }
  }
  if (!open_badge) return absl::InvalidArgumentError("the credential is not an OpenBadgeCredential");
  std::string issuer_id;
  if (auto it = p.find("issuer"); it != p.end()) {
    if (it->value().is_string()) issuer_id = std::string(it->value().as_string());
    if (it->value().is_object()) issuer_id = Str(it->value().as_object(), "id");
  }
  if (issuer_id != c.iss) return absl::InvalidArgumentError("iss is not the credential's issuer");
  if (Str(p, "id") != c.jti) return absl::InvalidArgumentError("jti is not the credential's id");
  if (auto it = p.find("credentialStatus"); it != p.end() && it->value().is_object()) {
    const json::object& s = it->value().as_object();
    c.status_list_credential = Str(s, "statusListCredential");
    c.status_purpose = Str(s, "statusPurpose");
    const std::string index = Str(s, "statusListIndex");
    int64_t i = -1;
    if (!index.empty() && index.size() <= 9 &&
        index.find_first_not_of("0123456789") == std::string::npos) {
      i = std::stoll(index);
    }
    c.status_index = i;
  }
  c.payload_json = payload_json;
  return c;
}

}  // namespace valohub::learning
