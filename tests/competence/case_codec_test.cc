#include "services/competence/case_codec.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "services/runtime/status.h"

namespace valohub::competence {
namespace {

v1::Framework LoadDigCompEdu() {
  std::ifstream in(std::string(VALOHUB_SOURCE_DIR) + "/demo/digcompedu.json");
  std::stringstream ss;
  ss << in.rdbuf();
  v1::Framework f;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(ss.str(), &f).ok());
  f.set_case_identifier("5f0c9a3e-1b2c-4d5e-8f90-0123456789ab");
  for (int i = 0; i < f.items_size(); ++i) {
    f.mutable_items(i)->set_case_identifier(NameBasedUuid(f.case_identifier(),
                                                          f.items(i).code()));
  }
  return f;
}

TEST(CaseCodecTest, NameBasedUuidIsStableVersion5) {
  std::string a = NameBasedUuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com");
  // RFC 4122 appendix B style check value for DNS namespace + "www.example.com".
  EXPECT_EQ(a, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  EXPECT_TRUE(IsUuid(a));
  EXPECT_FALSE(IsUuid("not-a-uuid"));
}

TEST(CaseCodecTest, ExportThenImportGivesTheSameFramework) {
  v1::Framework original = LoadDigCompEdu();
  ASSERT_EQ(original.items_size(), 28);
  v1::CasePackage package = ExportCase(original);
  EXPECT_EQ(package.items_size(), 28);
  EXPECT_EQ(package.document().identifier(), original.case_identifier());
  auto imported = ImportCase(package);
  ASSERT_TRUE(imported.ok()) << imported.status();
  v1::Framework expected = original;
  expected.set_status(v1::DRAFT);
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(expected, *imported)) << diff;
  // And a second export is byte-identical to the first.
  std::string first, second;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(package, &first).ok());
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(ExportCase(*imported), &second).ok());
  EXPECT_EQ(first, second);
}

TEST(CaseCodecTest, ExportUsesCaseJsonNames) {
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(ExportCase(LoadDigCompEdu()), &json).ok());
  for (const char* key : {"\"CFDocument\"", "\"CFItems\"", "\"CFAssociations\"", "\"CFRubrics\"",
                          "\"CFItemType\"", "\"humanCodingScheme\"", "\"isChildOf\"",
                          "\"originNodeURI\"", "\"CFRubricCriterionLevels\""}) {
    EXPECT_NE(json.find(key), std::string::npos) << key;
  }
}

TEST(CaseCodecTest, ImportsThirdPartyPackageWithoutHubExtensions) {
  // Items without CFItemType and a sibling order given only by sequenceNumber.
  const char* json = R"({
    "CFDocument": {"identifier": "11111111-1111-4111-8111-111111111111", "title": "T",
                   "creator": "Someone"},
    "CFItems": [
      {"identifier": "22222222-2222-4222-8222-222222222222", "fullStatement": "Child B",
       "humanCodingScheme": "B"},
      {"identifier": "33333333-3333-4333-8333-333333333333", "fullStatement": "Root",
       "humanCodingScheme": "R"},
      {"identifier": "44444444-4444-4444-8444-444444444444", "fullStatement": "Child A",
       "humanCodingScheme": "A"}],
    "CFAssociations": [
      {"associationType": "isChildOf", "sequenceNumber": 2,
       "originNodeURI": {"identifier": "22222222-2222-4222-8222-222222222222"},
       "destinationNodeURI": {"identifier": "33333333-3333-4333-8333-333333333333"}},
      {"associationType": "isChildOf", "sequenceNumber": 1,
       "originNodeURI": {"identifier": "44444444-4444-4444-8444-444444444444"},
       "destinationNodeURI": {"identifier": "33333333-3333-4333-8333-333333333333"}},
      {"associationType": "exactMatchOf",
       "originNodeURI": {"identifier": "44444444-4444-4444-8444-444444444444"},
       "destinationNodeURI": {"uri": "http://data.europa.eu/esco/skill/x", "title": "X"}}],
    "unknownField": true
  })";
  v1::CasePackage package;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &package, options).ok());
  auto f = ImportCase(package);
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_EQ(f->items_size(), 3);
  EXPECT_EQ(f->items(0).code(), "R");
  EXPECT_EQ(f->items(0).kind(), v1::AREA);
  EXPECT_EQ(f->items(1).code(), "A");
  EXPECT_EQ(f->items(1).kind(), v1::COMPETENCE);
  EXPECT_EQ(f->items(1).parent_code(), "R");
  EXPECT_EQ(f->items(2).code(), "B");
  ASSERT_EQ(f->items(1).alignments_size(), 1);
  EXPECT_EQ(f->items(1).alignments(0).target_uri(), "http://data.europa.eu/esco/skill/x");
  EXPECT_EQ(f->items(1).alignments(0).relation(), v1::EXACT_MATCH);
}

TEST(CaseCodecTest, RejectsCyclesAndBadIdentifiers) {
  v1::CasePackage package;
  package.mutable_document()->set_identifier("11111111-1111-4111-8111-111111111111");
  package.mutable_document()->set_title("T");
  auto* a = package.add_items();
  a->set_identifier("22222222-2222-4222-8222-222222222222");
  auto* b = package.add_items();
  b->set_identifier("33333333-3333-4333-8333-333333333333");
  auto link = [&](const std::string& from, const std::string& to) {
    auto* assoc = package.add_associations();
    assoc->set_association_type("isChildOf");
    assoc->mutable_origin_node_uri()->set_identifier(from);
    assoc->mutable_destination_node_uri()->set_identifier(to);
  };
  link(a->identifier(), b->identifier());
  link(b->identifier(), a->identifier());
  auto cyclic = ImportCase(package);
  EXPECT_EQ(cyclic.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolations(cyclic.status()).size(), 2u);

  package.mutable_items(0)->set_identifier("nope");
  auto bad = ImportCase(package);
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolations(bad.status())[0].field, "package.CFItems[0].identifier");
}

}  // namespace
}  // namespace valohub::competence
