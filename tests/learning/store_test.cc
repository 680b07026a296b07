// The learning stores against a real PostgreSQL: a fresh migrated database per test.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <thread>

#include "absl/time/clock.h"
#include "services/learning/credential_store.h"
#include "services/learning/enrolment_store.h"
#include "services/learning/issuer_store.h"
#include "services/learning/learning_migrations.h"
#include "services/learning/learning_service.h"
#include "services/learning/outbox_store.h"
#include "services/learning/quality_label_store.h"
#include "services/learning/status_list.h"
#include "services/learning/unit_store.h"
#include "services/runtime/logger.h"
#include "services/runtime/migrations.h"
#include "services/runtime/timestamps.h"
#include "tests/support/pg_cluster.h"

namespace valohub::learning {
namespace {

class LearningStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conninfo_ = testing::SharedCluster().CreateDatabase();
    Logger logger("test", stderr);
    ASSERT_TRUE(ApplyMigrations(conninfo_, "learning", Migrations(), logger,
                                absl::Now() + absl::Seconds(30))
                    .ok());
    pool_ = std::make_unique<db::Pool>(db::PoolOptions{conninfo_, 4}, AllQueries(), nullptr);
  }

  absl::Status InTx(const std::function<absl::Status(db::Tx&)>& body) {
    return pool_->Run(absl::Now() + absl::Seconds(30), body);
  }

  static v1::Unit Content(const std::string& title, const std::string& language) {
    v1::Unit u;
    u.set_title(title);
    u.add_learning_outcomes("outcome of " + title);
    u.mutable_workload()->set_hours(54);
    u.set_eqf_level(6);
    u.add_languages(language);
    u.set_participation_mode(v1::ONLINE);
    u.set_pacing(v1::SELF_PACED);
    auto* a = u.add_alignments();
    a->set_competence("frameworks/f/competences/1.1");
    a->set_target_level("B1");
    return u;
  }

  // A published unit with an enrolment of institutions/other/people/p1, completed with a
  // credential in status slot `slot`; the credential's id.
  std::string IssueOne(const StatusSlot& slot) {
    const UnitKey key{"prov", "u1"};
    EXPECT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                  auto u = UnitStore::Insert(tx, key, Content("Unit", "fi"));
                  if (!u.ok()) return u.status();
                  if (auto s = UnitStore::SetState(tx, key, 1, v1::PUBLISHED); !s.ok()) return s;
                  return EnrolmentStore::Insert(tx, {key, "e1"}, 1, "other", "p1").status();
                }).ok());
    CredentialRow c;
    c.credential_id = "0b0e3d52-7c2f-4a47-9a3c-4c3d7e3e0d11";
    c.institution_id = "prov";
    c.unit_id = "u1";
    c.unit_version = 1;
    c.enrolment_id = "e1";
    c.person_institution_id = "other";
    c.person_id = "p1";
    c.key_id = "k1";
    c.jwt = "a.b.c";
    c.status_list = slot.list;
    c.status_index = slot.index;
    EXPECT_TRUE(InTx([&](db::Tx& tx) { return CredentialStore::InsertMany(tx, {c}); }).ok());
    return c.credential_id;
  }

  std::string conninfo_;
  std::unique_ptr<db::Pool> pool_;
};

TEST_F(LearningStoreTest, StatusSlotsFillAListThenOpenTheNextAndAreNeverReused) {
  std::vector<StatusSlot> first, second;
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                auto a = CredentialStore::AllocateSlots(tx, "prov", 10, 16);
                if (!a.ok()) return a.status();
                first = *a;
                auto b = CredentialStore::AllocateSlots(tx, "prov", 10, 16);
                if (!b.ok()) return b.status();
                second = *b;
                return absl::OkStatus();
              }).ok());
  ASSERT_EQ(first.size(), 10u);
  EXPECT_EQ(first[0].list, 1);
  EXPECT_EQ(first[0].index, 0);
  EXPECT_EQ(first[9].index, 9);
  // 6 left in list 1, then list 2.
  EXPECT_EQ(second[5].list, 1);
  EXPECT_EQ(second[5].index, 15);
  EXPECT_EQ(second[6].list, 2);
  EXPECT_EQ(second[6].index, 0);
  // A rolled-back allocation is lost only for that transaction; another issuer has its own lists.
  std::vector<StatusSlot> other;
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                auto a = CredentialStore::AllocateSlots(tx, "third", 1, 16);
                if (!a.ok()) return a.status();
                other = *a;
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(other[0].list, 1);
  EXPECT_EQ(other[0].index, 0);
}

TEST_F(LearningStoreTest, RevocationSetsExactlyTheCredentialsBitAsTheRecommendationNumbersIt) {
  // Index 13: byte 1, the sixth bit from the left (0x80 >> 5 = 0x04).
  std::vector<StatusSlot> slots;
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                auto a = CredentialStore::AllocateSlots(tx, "prov", 14, kStatusListSize);
                if (!a.ok()) return a.status();
                slots = *a;
                return absl::OkStatus();
              }).ok());
  const std::string id = IssueOne(slots[13]);
  ASSERT_TRUE(InTx([&](db::Tx& tx) {
                return CredentialStore::Revoke(tx, id, "plagiarism", "padmin", 0).status();
              }).ok());
  StatusListRow list;
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                auto r = CredentialStore::GetStatusList(tx, "prov", 1);
                if (!r.ok()) return r.status();
                list = *r;
                return absl::OkStatus();
              }).ok());
  ASSERT_EQ(list.bits.size() * 8, static_cast<size_t>(kStatusListSize));
  EXPECT_EQ(static_cast<unsigned char>(list.bits[1]), 0x04);
  for (size_t i = 0; i < list.bits.size(); ++i) {
    if (i != 1) {
      ASSERT_EQ(list.bits[i], 0) << "byte " << i;
    }
  }
  // Through the encoding a verifier sees, and through the store's own lookup.
  auto decoded = DecodeStatusList(*EncodeStatusList(list.bits));
  EXPECT_TRUE(StatusBit(*decoded, 13));
  EXPECT_FALSE(StatusBit(*decoded, 12));
  bool bit13 = false, bit12 = true;
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                bit13 = *CredentialStore::StatusBit(tx, "prov", 1, 13);
                bit12 = *CredentialStore::StatusBit(tx, "prov", 1, 12);
                return absl::OkStatus();
              }).ok());
  EXPECT_TRUE(bit13);
  EXPECT_FALSE(bit12);
  // Revoking twice is refused and changes nothing.
  absl::Status again = InTx([&](db::Tx& tx) {
    return CredentialStore::Revoke(tx, id, "again", "padmin", 0).status();
  });
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(LearningStoreTest, PublishedVersionsStayWhileTheNextIsDraftedAndSearchSeesOnlyPublished) {
  const UnitKey key{"prov", "u1"};
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                if (auto s = IssuerStore::Upsert(tx, "prov", "Provider UAS"); !s.ok()) return s;
                auto u = UnitStore::Insert(tx, key, Content("Digital feedback", "fi"));
                if (!u.ok()) return u.status();
                if (auto s = UnitStore::SetState(tx, key, 1, v1::PUBLISHED); !s.ok()) return s;
                return UnitStore::AddVersion(tx, key, 2, Content("Digital feedback 2", "sv"));
              }).ok());
  std::vector<v1::Unit> found;
  auto search = [&](CatalogueQuery q) {
    found.clear();
    absl::Status s = InTx([&](db::Tx& tx) -> absl::Status {
      int64_t next = 0;
      auto r = UnitStore::Search(tx, q, Page{10, 0}, &next);
      if (!r.ok()) return r.status();
      found = *r;
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return found.size();
  };
  EXPECT_EQ(search({}), 1u);
  EXPECT_EQ(found[0].version(), 1);
  EXPECT_EQ(found[0].title(), "Digital feedback");
  EXPECT_EQ(found[0].provider_display_name(), "Provider UAS");
  EXPECT_EQ(found[0].published_version(), 1);
  CatalogueQuery sv;
  sv.language = "sv";
  EXPECT_EQ(search(sv), 0u);  // the Swedish version is a draft
  CatalogueQuery words;
  words.text = "feedback outcome";
  EXPECT_EQ(search(words), 1u);
  CatalogueQuery range;
  range.min_ects = 2.1;  // 54 hours = 2 ECTS
  EXPECT_EQ(search(range), 0u);
  CatalogueQuery competence;
  competence.competence = "frameworks/f/competences/1.1";
  EXPECT_EQ(search(competence), 1u);
  // Publishing version 2 supersedes version 1.
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                if (auto s = UnitStore::SetState(tx, key, 1, v1::SUPERSEDED); !s.ok()) return s;
                return UnitStore::SetState(tx, key, 2, v1::PUBLISHED);
              }).ok());
  EXPECT_EQ(search(sv), 1u);
  EXPECT_EQ(found[0].version(), 2);
  EXPECT_EQ(search({}), 1u);
}

TEST_F(LearningStoreTest, TheCatalogueListsOnlyUnitsWhoseQualityLabelIsAValidApproval) {
  const UnitKey key{"prov", "u1"};
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                auto u = UnitStore::Insert(tx, key, Content("Digital feedback", "fi"));
                if (!u.ok()) return u.status();
                return UnitStore::SetState(tx, key, 1, v1::PUBLISHED);
              }).ok());
  auto listed = [&]() -> std::string {
    std::string status;
    EXPECT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                  int64_t next = 0;
                  auto r = UnitStore::Search(tx, {}, Page{10, 0}, &next);
                  if (!r.ok()) return r.status();
                  if (!r->empty()) status = (*r)[0].quality().status();
                  return absl::OkStatus();
                }).ok());
    return status;  // empty: not in the catalogue
  };
  auto label = [&](const std::string& status, absl::Duration valid_for, int64_t seq) {
    v1::QualityLabel l;
    l.set_status(status);
    l.set_model("qualityModels/national");
    l.set_model_version(1);
    SetMicros(absl::ToUnixMicros(absl::Now() - absl::Hours(1)), l.mutable_decision_time());
    SetMicros(absl::ToUnixMicros(absl::Now() + valid_for), l.mutable_valid_until());
    EXPECT_TRUE(InTx([&](db::Tx& tx) { return QualityLabelStore::Apply(tx, key, l, seq); }).ok());
  };
  EXPECT_EQ(listed(), "NOT_REVIEWED");  // never reported on (the development gate)
  label("APPROVED", absl::Hours(24), 5);
  EXPECT_EQ(listed(), "APPROVED");
  label("FLAGGED", absl::Hours(24), 6);
  EXPECT_EQ(listed(), "");
  label("APPROVED", absl::Hours(24), 4);  // an older feed position changes nothing
  EXPECT_EQ(listed(), "");
  label("APPROVED", absl::Hours(24), 7);
  EXPECT_EQ(listed(), "APPROVED");
  // Past its valid_until an approval is out, before the quality service says EXPIRED.
  label("APPROVED", -absl::Seconds(1), 8);
  EXPECT_EQ(listed(), "");
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                auto u = UnitStore::Get(tx, key, 0);
                EXPECT_EQ(u->quality().status(), "EXPIRED");
                EXPECT_EQ(u->quality().model(), "qualityModels/national");
                EXPECT_TRUE(QualityLabelStore::SetCursor(tx, 8).ok());
                EXPECT_TRUE(QualityLabelStore::SetCursor(tx, 3).ok());  // never backwards
                EXPECT_EQ(*QualityLabelStore::Cursor(tx), 8);
                return absl::OkStatus();
              }).ok());
}

TEST_F(LearningStoreTest, APersonHasOneLiveEnrolmentPerUnit) {
  const UnitKey key{"prov", "u1"};
  ASSERT_TRUE(InTx([&](db::Tx& tx) {
                return UnitStore::Insert(tx, key, Content("Unit", "fi")).status();
              }).ok());
  ASSERT_TRUE(InTx([&](db::Tx& tx) {
                return EnrolmentStore::Insert(tx, {key, "e1"}, 1, "other", "p1").status();
              }).ok());
  absl::Status twice = InTx([&](db::Tx& tx) {
    return EnrolmentStore::Insert(tx, {key, "e2"}, 1, "other", "p1").status();
  });
  EXPECT_EQ(twice.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(std::string(twice.message()).find("e1"), std::string::npos);
  ASSERT_TRUE(InTx([&](db::Tx& tx) {
                return EnrolmentStore::Withdraw(tx, {key, "e1"}, 0).status();
              }).ok());
  EXPECT_TRUE(InTx([&](db::Tx& tx) {
                return EnrolmentStore::Insert(tx, {key, "e2"}, 1, "other", "p1").status();
              }).ok());
  absl::Status withdrawn_again = InTx([&](db::Tx& tx) {
    return EnrolmentStore::Withdraw(tx, {key, "e1"}, 0).status();
  });
  EXPECT_EQ(withdrawn_again.code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(LearningStoreTest, OutboxEventsAreClaimedOnceRetriedLaterAndKeptWhenDead) {
  std::vector<OutboxEvent> events;
  for (int i = 0; i < 3; ++i) {
    OutboxEvent e;
    e.event_id = NewUuid();
    e.kind = "competence.CreateAssessment";
    e.tenant = "other";
    e.payload = std::string("\x00\x01payload", 9) + std::to_string(i);
    events.push_back(e);
  }
  ASSERT_TRUE(InTx([&](db::Tx& tx) { return OutboxStore::InsertMany(tx, events); }).ok());
  // Two relays at once: what one has locked the other skips.
  pqxx::connection other(conninfo_);
  pqxx::work other_tx(other);
  pqxx::result held = other_tx.exec(
      "SELECT id FROM learning.outbox ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED");
  ASSERT_EQ(held.size(), 1u);
  std::vector<OutboxEvent> claimed;
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                auto c = OutboxStore::ClaimDue(tx, 10);
                if (!c.ok()) return c.status();
                claimed = *c;
                if (auto s = OutboxStore::MarkDelivered(tx, claimed[0].id); !s.ok()) return s;
                if (auto s = OutboxStore::MarkRetry(tx, claimed[1].id, "UNAVAILABLE: down",
                                                    absl::Hours(1));
                    !s.ok()) {
                  return s;
                }
                return absl::OkStatus();
              }).ok());
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_NE(claimed[0].id, held[0][0].as<int64_t>());
  EXPECT_EQ(claimed[0].payload.substr(0, 2), std::string("\x00\x01", 2));  // bytes kept exactly
  other_tx.abort();
  // Now only the one that was locked is due: the delivered is done, the retry waits an hour.
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                auto c = OutboxStore::ClaimDue(tx, 10);
                if (!c.ok()) return c.status();
                claimed = *c;
                if (claimed.size() == 1) return OutboxStore::MarkDead(tx, claimed[0].id, "INVALID");
                return absl::OkStatus();
              }).ok());
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, held[0][0].as<int64_t>());
  OutboxStore::Counts counts;
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                counts = *OutboxStore::Count(tx);
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(counts.pending, 1);  // the retry
  EXPECT_EQ(counts.dead, 1);
  // Delivered events are pruned once older than the keeping time; others stay.
  {
    pqxx::connection conn(conninfo_);
    pqxx::work tx(conn);
    tx.exec("UPDATE learning.outbox SET delivered_time = now() - interval '8 days' "
            "WHERE delivered_time IS NOT NULL");
    tx.commit();
  }
  int64_t pruned = 0, kept = 0;
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                pruned = *OutboxStore::PruneDelivered(tx, absl::Hours(24 * 7), 100);
                kept = *OutboxStore::PruneDelivered(tx, absl::Hours(24 * 7), 100);
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(pruned, 1);
  EXPECT_EQ(kept, 0);
  pqxx::connection conn(conninfo_);
  pqxx::work check(conn);
  EXPECT_EQ(check.exec1("SELECT count(*) FROM learning.outbox")[0].as<int>(), 2);
}

TEST_F(LearningStoreTest, IssuerKeysRotateWithOneActiveAndOldOnesKept) {
  auto add = [&](const std::string& key_id) {
    return InTx([&](db::Tx& tx) {
      IssuerKeyRow k{"prov", key_id, "RS256", "https://hub/v1/issuers/prov#" + key_id,
                     R"({"kty":"RSA"})", true};
      return IssuerStore::AddActiveKey(tx, k);
    });
  };
  ASSERT_TRUE(add("k1").ok());
  ASSERT_TRUE(add("k2").ok());
  EXPECT_EQ(add("k1").code(), absl::StatusCode::kAlreadyExists);
  std::vector<v1::IssuerKey> keys;
  std::optional<IssuerKeyRow> active, by_kid;
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                keys = *IssuerStore::ListKeys(tx, "prov");
                active = *IssuerStore::ActiveKey(tx, "prov");
                by_kid = *IssuerStore::KeyByKid(tx, "https://hub/v1/issuers/prov#k1");
                return absl::OkStatus();
              }).ok());
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_FALSE(keys[0].active());
  EXPECT_TRUE(keys[0].has_retire_time());
  EXPECT_TRUE(keys[1].active());
  EXPECT_EQ(active->key_id, "k2");
  EXPECT_EQ(by_kid->key_id, "k1");
}

}  // namespace
}  // namespace valohub::learning
