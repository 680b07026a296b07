// valohub-bench: the hub's benchmark, run by `./hub bench` (bench/run.sh).
//   valohub-bench echo-server [--listen=127.0.0.1:0]   the ceiling: a plain callback gRPC echo
//   valohub-bench run ...                               measures every scenario, prints a table
//                                                       and writes results as JSON
// Every scenario is a closed loop of --concurrency client threads for --seconds after a short
// warm-up; latencies are per request. The gateway's p99 is also measured open-loop at half the
// saturating rate, timed from each request's scheduled start so that a slow response cannot
// hide the requests queued behind it.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <functional>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "services/jose/jws.h"
#include "services/runtime/flags.h"
#include "services/runtime/service_host.h"
#include "tests/support/hub_processes.h"
#include "valohub/bench/v1/echo.grpc.pb.h"
#include "valohub/competence/v1/competence.grpc.pb.h"

extern char** environ;

namespace {

namespace v1 = valohub::competence::v1;
namespace json = boost::json;

class EchoService final : public valohub::bench::v1::Echo::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* ctx,
                                 const valohub::bench::v1::EchoMessage* req,
                                 valohub::bench::v1::EchoMessage* resp) override {
    resp->set_payload(req->payload());
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

struct Result {
  std::string name;
  double rps = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  int64_t errors = 0;
  int64_t requests = 0;
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

// The scenario's result from every thread's latencies over `seconds` of measuring.
Result Summarize(const std::string& name, const std::vector<std::vector<double>>& latencies,
                 double seconds, int64_t errors) {
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  Result r;
  r.name = name;
  r.requests = static_cast<int64_t>(all.size());
  r.rps = all.size() / seconds;
  r.p50_ms = Percentile(all, 0.50);
  r.p99_ms = Percentile(all, 0.99);
  r.errors = errors;
  return r;
}

// One request: returns true on success. Each thread gets its own callable (own connection).
using Request = std::function<bool()>;
using RequestFactory = std::function<Request(int thread)>;

Result ClosedLoop(const std::string& name, const RequestFactory& factory, int threads,
                  absl::Duration duration) {
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<int64_t> errors{0};
  std::atomic<bool> measuring{false}, stop{false};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      Request request = factory(t);
      while (!stop.load()) {
        absl::Time start = absl::Now();
        bool ok = request();
        if (measuring.load()) {
          latencies[t].push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
          if (!ok) ++errors;
        }
      }
    });
  }
  absl::SleepFor(absl::Seconds(1));  // warm-up: connections, caches, prepared statements
  measuring = true;
  absl::Time begin = absl::Now();
  absl::SleepFor(duration);
  measuring = false;
  double elapsed = absl::ToDoubleSeconds(absl::Now() - begin);
  stop = true;
  for (auto& w : workers) w.join();
  return Summarize(name, latencies, elapsed, errors.load());
}

// Open loop at `rate` requests per second spread over `threads` threads.
Result OpenLoop(const std::string& name, const RequestFactory& factory, int threads, double rate,
                absl::Duration duration) {
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<int64_t> errors{0};
  absl::Time begin = absl::Now() + absl::Milliseconds(500);
  absl::Duration interval = absl::Seconds(threads / rate);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      Request request = factory(t);
      absl::Time scheduled = begin + interval * t / threads;
      while (scheduled < begin + duration) {
        absl::Time now = absl::Now();
        if (scheduled > now) absl::SleepFor(scheduled - now);
        bool ok = request();
        latencies[t].push_back(absl::ToDoubleMilliseconds(absl::Now() - scheduled));
        if (!ok) ++errors;
        scheduled += interval;
      }
    });
  }
  for (auto& w : workers) w.join();
  return Summarize(name, latencies, absl::ToDoubleSeconds(duration), errors.load());
}

std::shared_ptr<grpc::Channel> Channel(const std::string& target, int index) {
  grpc::ChannelArguments args;
  // A channel per client thread, like independent clients (no shared HTTP/2 connection).
  args.SetInt("valohub.bench.channel", index);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

int EchoServer(int argc, char** argv) {
  valohub::InstallTerminationHandling();
  valohub::Flags flags;
  const std::string* listen = flags.String("listen", "127.0.0.1:0", "listen address");
  if (absl::Status s = flags.Parse(argc, argv, environ); !s.ok()) return 2;
  EchoService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(*listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  auto server = builder.BuildAndStart();
  std::printf("echo listening on port %d\n", port);
  std::fflush(stdout);
  valohub::WaitForTerminationSignal();
  server->Shutdown();
  return 0;
}


// ---- Learning: credential issuance and the catalogue ----

using Headers = std::vector<std::pair<std::string, std::string>>;

// Runs `task(i)` for i in [0, n) on `threads` threads, each with its own HTTP connection; the
// number of tasks that failed.
int64_t ParallelHttp(int http_port, int n, int threads,
                     const std::function<bool(valohub::testing::HttpClient&, int)>& task) {
  std::atomic<int> next{0};
  std::atomic<int64_t> failed{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      valohub::testing::HttpClient client(http_port);
      for (int i = next++; i < n; i = next++) {
        if (!task(client, i)) ++failed;
      }
    });
  }
  for (auto& w : workers) w.join();
  return failed.load();
}

std::string JsonName(const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("name")) return "";
  return std::string(v.as_object().at("name").as_string());
}

std::string UnitJson(int i) {
  static const char* kTopics[] = {"assessment", "feedback",   "mentoring", "simulation",
                                  "portfolio",  "wellbeing",  "inclusion", "robotics",
                                  "welding",    "nursing",    "hospitality", "logistics"};
  static const char* kLanguages[] = {"fi", "sv", "en"};
  static const char* kModes[] = {"ONLINE", "ON_SITE", "BLENDED"};
  const std::string topic = kTopics[i % 12];
  const std::string other = kTopics[(i / 12) % 12];
  return absl::StrCat(
      R"({"title":"Unit )", i, " on ", topic, R"(","description":"Teaching )", topic, " and ", other,
      R"( in vocational education.","awardingBody":"Bench College","country":"FI",)",
      R"("learningOutcomes":["plans )", topic, R"( with students"],"workload":{"ects":)",
      1 + i % 5, R"(},"eqfLevel":)", 4 + i % 4, R"(,"assessmentType":"PROJECT","participationMode":")",
      kModes[i % 3], R"(","pacing":"SELF_PACED","qualityAssurance":"internal","languages":[")",
      kLanguages[i % 3], R"("],"alignments":[{"competence":"frameworks/bench/competences/)",
      1 + i % 4, R"(","targetLevel":"B1"}],"achievement":{"criteriaNarrative":"a project"}})");
}

// What a unit goes through from DRAFT to the catalogue with the quality service's gate: submit
// (automatic checks), the open review looked up, two reviewers assigned, two scorecards, the
// approval, publication. Eight calls.
struct Reviewers {
  Headers op, admin, r1, r2;
};

bool ReviewAndPublish(valohub::testing::HttpClient& client, const std::string& unit,
                      const Reviewers& who) {
  static const std::string kScores = [] {
    std::string s = R"({"scores":[)";
    for (const char* c : {"RELEVANCE", "VALID_ASSESSMENT", "TRANSPARENCY", "LEARNER_CENTRED",
                          "RECOGNITION", "LEARNING_PATHWAYS"}) {
      absl::StrAppend(&s, s.back() == '[' ? "" : ",", R"({"criterion":")", c,
                      R"(","score":4,"comment":"meets it"})");
    }
    return s + "]}";
  }();
  if (client.Send("POST", "/v1/" + unit + ":submit", "{}", who.admin).status != 200) return false;
  auto list = client.Send("GET", "/v1/reviews?state=OPEN&unit=" + unit, "", who.op);
  boost::system::error_code ec;
  json::value v = json::parse(list.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("reviews") ||
      v.as_object().at("reviews").as_array().empty()) {
    return false;
  }
  const std::string review = std::string(
      v.as_object().at("reviews").as_array()[0].as_object().at("name").as_string());
  return client.Send("POST", "/v1/" + review + ":assignReviewers",
                     R"({"reviewers":["institutions/panel/people/r1","institutions/panel/people/r2"]})",
                     who.op).status == 200 &&
         client.Send("POST", "/v1/" + review + ":submitScorecard", kScores, who.r1).status == 200 &&
         client.Send("POST", "/v1/" + review + ":submitScorecard", kScores, who.r2).status == 200 &&
         client.Send("POST", "/v1/" + review + ":decide", R"({"outcome":"APPROVED"})", who.op)
                 .status == 200 &&
         client.Send("POST", "/v1/" + unit + ":publish", "{}", who.admin).status == 200;
}

struct LearningResults {
  double sign_rate = 0;           // raw OpenSSL signatures per second, one thread
  double credentials_rate = 0;    // credentials per second through BatchCompleteEnrolments
  double cohort_seconds = 0;      // one 1,000-person cohort, end to end
  double reviewed_units_rate = 0; // units taken from DRAFT to the catalogue through a review
  Result search;
  Result search_text;
};

LearningResults RunLearning(int http_port, const std::string& op_token,
                            const std::string& admin_token, const std::string& reviewer_tokens,
                            int threads, absl::Duration duration, int catalogue_size) {
  LearningResults out;
  valohub::testing::HttpClient http(http_port);
  const Headers op = {{"Authorization", "Bearer " + op_token}};
  const Headers admin = {{"Authorization", "Bearer " + admin_token}};
  const size_t comma = reviewer_tokens.find(',');
  const Reviewers who{op, admin,
                      {{"Authorization", "Bearer " + reviewer_tokens.substr(0, comma)}},
                      {{"Authorization", "Bearer " + reviewer_tokens.substr(comma + 1)}}};
  auto must = [&](const std::string& method, const std::string& target, const std::string& body,
                  const Headers& h) {
    auto r = http.Send(method, target, body, h);
    if (r.status != 200) {
      std::fprintf(stderr, "bench: %s %s: %d %s\n", method.c_str(), target.c_str(), r.status,
                   r.body.c_str());
      std::exit(1);
    }
    return r;
  };
  must("POST", "/v1/frameworks?frameworkId=bench",
       R"({"displayName":"Bench framework","levels":[{"code":"A1","title":"a"},{"code":"B1","title":"b"}],)"
       R"("items":[{"code":"0","kind":"AREA","title":"Area"},{"code":"1","kind":"COMPETENCE","parentCode":"0","title":"One"},)"
       R"({"code":"2","kind":"COMPETENCE","parentCode":"0","title":"Two"},{"code":"3","kind":"COMPETENCE","parentCode":"0","title":"Three"},)"
       R"({"code":"4","kind":"COMPETENCE","parentCode":"0","title":"Four"}]})",
       op);
  must("POST", "/v1/frameworks/bench:publish", "{}", op);
  must("POST", "/v1/institutions/bench/units?unitId=cohort", UnitJson(0), admin);
  if (!ReviewAndPublish(http, "institutions/bench/units/cohort", who)) {
    std::fprintf(stderr, "bench: the cohort unit could not be reviewed and published\n");
    std::exit(1);
  }

  // The same algorithm and key size the issuer signs with (development keys: RS256, RSA-3072),
  // over a payload of a credential's size, on one thread.
  {
    auto signer = valohub::jose::Signer::FromPem(*valohub::jose::Signer::GeneratePem("RS256"));
    const std::string payload(3000, 'x');
    int64_t n = 0;
    absl::Time begin = absl::Now();
    while (absl::Now() - begin < absl::Seconds(3)) {
      (void)(*signer)->SignBytes(payload);
      ++n;
    }
    out.sign_rate = n / absl::ToDoubleSeconds(absl::Now() - begin);
  }

  // Cohorts of 1,000: people, enrolments, then one BatchCompleteEnrolments call each, timed.
  constexpr int kCohort = 1000, kCohorts = 3;
  double issuing_seconds = 0;
  for (int c = 0; c < kCohorts; ++c) {
    json::array people;
    for (int i = 0; i < kCohort; ++i) {
      people.push_back(json::object{{"externalId", absl::StrCat("C", c, "-", i)},
                                    {"displayName", absl::StrCat("Cohort ", c, " ", i)}});
    }
    auto upserted = must("POST", "/v1/institutions/bench/people:batchUpsert",
                         json::serialize(json::object{{"people", people}}), admin);
    json::value rows = json::parse(upserted.body);
    std::vector<std::string> persons;
    for (const auto& row : rows.as_object().at("results").as_array()) {
      persons.push_back(std::string(row.as_object().at("person").as_string()));
    }
    std::vector<std::string> enrolments(persons.size());
    ParallelHttp(http_port, static_cast<int>(persons.size()), threads,
                 [&](valohub::testing::HttpClient& client, int i) {
                   auto r = client.Send("POST", "/v1/institutions/bench/units/cohort/enrolments",
                                        json::serialize(json::object{{"person", persons[i]}}),
                                        admin);
                   enrolments[i] = JsonName(r.body);
                   return r.status == 200;
                 });
    json::array requests;
    for (const auto& e : enrolments) {
      requests.push_back(json::object{{"name", e}, {"result", json::object{{"value", "pass"}}}});
    }
    const std::string body = json::serialize(json::object{{"requests", requests}});
    absl::Time begin = absl::Now();
    auto done = must("POST", "/v1/institutions/bench/units/cohort/enrolments:batchComplete", body,
                     admin);
    double seconds = absl::ToDoubleSeconds(absl::Now() - begin);
    if (done.body.find("\"completedCount\":1000") == std::string::npos) {
      std::fprintf(stderr, "bench: cohort %d did not complete: %.300s\n", c, done.body.c_str());
      std::exit(1);
    }
    issuing_seconds += seconds;
    if (c == 0 || seconds < out.cohort_seconds) out.cohort_seconds = seconds;
  }
  out.credentials_rate = kCohort * kCohorts / issuing_seconds;

  // The catalogue: `catalogue_size` published units, then searches.
  std::printf("bench: publishing %d units for the catalogue\n", catalogue_size);
  std::fflush(stdout);
  const absl::Time publish_begin = absl::Now();
  int64_t failed = ParallelHttp(http_port, catalogue_size, threads,
                                [&](valohub::testing::HttpClient& client, int i) {
    return client.Send("POST", absl::StrCat("/v1/institutions/bench/units?unitId=c", i),
                       UnitJson(i), admin).status == 200 &&
           ReviewAndPublish(client, absl::StrCat("institutions/bench/units/c", i), who);
  });
  out.reviewed_units_rate =
      catalogue_size / absl::ToDoubleSeconds(absl::Now() - publish_begin);
  if (failed > 0) std::fprintf(stderr, "bench: %lld units failed to publish\n", static_cast<long long>(failed));
  static const char* kQueries[] = {
      "?language=sv&eqfLevel=5",
      "?competence=frameworks/bench/competences/2&minEcts=2&maxEcts=4",
      "?participationMode=BLENDED&language=fi",
      "?eqfLevel=7&maxEcts=2",
      "",
      "?pageSize=50&language=en"};
  static const char* kWords[] = {"welding", "mentoring students", "portfolio", "nursing",
                                 "feedback inclusion", "logistics"};
  auto searches = [&](bool text) -> RequestFactory {
    return [&, text](int t) -> Request {
      auto client = std::make_shared<valohub::testing::HttpClient>(http_port);
      auto n = std::make_shared<int>(t);
      return [client, n, text] {
        int i = (*n)++ % 6;
        std::string target = "/v1/catalogue/units";
        target += text ? absl::StrCat("?query=", kWords[i]) : kQueries[i];
        for (char& ch : target) {
          if (ch == ' ') ch = '+';
        }
        return client->Send("GET", target, "").status == 200;
      };
    };
  };
  out.search = ClosedLoop(absl::StrCat("8 catalogue search, filters (", catalogue_size, " units)"),
                          searches(false), threads, duration);
  out.search_text = ClosedLoop(absl::StrCat("9 catalogue search, text (", catalogue_size, " units)"),
                               searches(true), threads, duration);
  return out;
}

int Run(int argc, char** argv) {
  valohub::Flags flags;
  const std::string* echo = flags.String("echo", "", "echo server host:port");
  const std::string* competence = flags.String("competence", "", "competence service host:port");
  const int64_t* http_port = flags.Int("gateway-http-port", 0, 1, 65535, "gateway HTTP port");
  const std::string* gateway_grpc = flags.String("gateway-grpc", "", "gateway gRPC host:port");
  const std::string* token = flags.String("token", "", "bearer token (institution admin)");
  const std::string* person = flags.String("person", "", "the person to read");
  const int64_t* seconds = flags.Int("seconds", 10, 1, 600, "measuring time per scenario");
  const int64_t* concurrency = flags.Int("concurrency", 16, 1, 1024, "client threads");
  const std::string* pgbench = flags.String("pgbench", "", "'tps p50_ms p99_ms' of pgbench -S");
  const std::string* out = flags.String("out", "bench-results.json", "JSON results file");
  const std::string* operator_token = flags.String("operator-token", "", "bearer token (hub operator)");
  const std::string* reviewer_tokens = flags.String(
      "reviewer-tokens", "", "two bearer tokens of REVIEWERs of another institution, comma-separated");
  const int64_t* catalogue_size =
      flags.Int("catalogue-units", 10000, 1, 1000000, "published units for the catalogue search");
  if (absl::Status s = flags.Parse(argc, argv, environ); !s.ok()) {
    std::fprintf(stderr, "bench: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  const absl::Duration duration = absl::Seconds(*seconds);
  const int threads = static_cast<int>(*concurrency);
  std::vector<Result> results;
  auto report = [&](Result r) {
    std::printf("%-44s %10.0f req/s   p50 %7.3f ms   p99 %7.3f ms   errors %lld\n", r.name.c_str(),
                r.rps, r.p50_ms, r.p99_ms, static_cast<long long>(r.errors));
    std::fflush(stdout);
    results.push_back(r);
    return r;
  };

  Result echo_r = report(ClosedLoop("1 echo gRPC (ceiling)", [&](int t) -> Request {
    auto stub = std::shared_ptr<valohub::bench::v1::Echo::Stub>(
        valohub::bench::v1::Echo::NewStub(Channel(*echo, t)));
    return [stub] {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
      valohub::bench::v1::EchoMessage req, resp;
      req.set_payload("institutions/bench/people/p");
      return stub->Echo(&ctx, req, &resp).ok();
    };
  }, threads, duration));

  Result pg_r;
  pg_r.name = "2 pgbench -S -M prepared";
  if (std::sscanf(pgbench->c_str(), "%lf %lf %lf", &pg_r.rps, &pg_r.p50_ms, &pg_r.p99_ms) == 3) {
    report(pg_r);
  }

  auto get_person = [&](const std::string& target, bool with_token) -> RequestFactory {
    return [&, target, with_token](int t) -> Request {
      auto stub = std::shared_ptr<v1::CompetenceService::Stub>(
          v1::CompetenceService::NewStub(Channel(target, t)));
      return [stub, with_token, &token, &person] {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        if (with_token) {
          ctx.AddMetadata("authorization", "Bearer " + *token);
        } else {
          // Direct to the service, as the gateway would forward the principal.
          ctx.AddMetadata("x-valohub-subject", "bench");
          ctx.AddMetadata("x-valohub-roles", "HUB_OPERATOR");
        }
        v1::GetPersonRequest req;
        req.set_name(*person);
        v1::Person resp;
        return stub->GetPerson(&ctx, req, &resp).ok();
      };
    };
  };
  Result direct = report(ClosedLoop("3 GetPerson direct gRPC", get_person(*competence, false),
                                    threads, duration));

  std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", "Bearer " + *token}};
  RequestFactory http_get = [&](int) -> Request {
    auto client = std::make_shared<valohub::testing::HttpClient>(static_cast<int>(*http_port));
    return [client, &auth, &person] {
      return client->Send("GET", "/v1/" + *person, "", auth).status == 200;
    };
  };
  Result http = report(ClosedLoop("4 GetPerson gateway HTTP/JSON keep-alive", http_get, threads,
                                  duration));
  Result half = report(OpenLoop("4b GetPerson gateway HTTP at half load (open loop)", http_get,
                                threads, std::max(1.0, http.rps / 2), duration));
  Result grpc_gw = report(ClosedLoop("5 GetPerson gateway gRPC", get_person(*gateway_grpc, true),
                                     threads, duration));
  std::atomic<int64_t> counter{0};
  std::string parent = person->substr(0, person->find("/people/"));
  Result write = report(ClosedLoop("6 CreatePerson gateway HTTP (request_id)", [&](int) -> Request {
    auto client = std::make_shared<valohub::testing::HttpClient>(static_cast<int>(*http_port));
    return [client, &auth, &counter, parent] {
      int64_t n = counter++;
      return client->Send("POST",
                          absl::StrCat("/v1/", parent, "/people?requestId=bench-", n,
                                       "-", absl::ToUnixMicros(absl::Now())),
                          absl::StrCat(R"({"displayName":"Bench )", n, R"(","roles":["TEACHER"]})"),
                          auth)
                 .status == 200;
    };
  }, threads, duration));

  LearningResults learning = RunLearning(static_cast<int>(*http_port), *operator_token, *token,
                                         *reviewer_tokens, threads, duration,
                                         static_cast<int>(*catalogue_size));
  std::printf("%-44s %10.0f sig/s\n", "7a OpenSSL RS256 (RSA-3072) signs, 1 thread", learning.sign_rate);
  std::printf("%-44s %10.0f cred/s  (cohort of 1,000 in %.2f s)\n",
              "7b credentials issued (batch completion)", learning.credentials_rate,
              learning.cohort_seconds);
  std::printf("%-44s %10.0f units/s (create + 8 calls each)\n",
              "7c units reviewed and published", learning.reviewed_units_rate);
  report(learning.search);
  report(learning.search_text);

  auto ratio = [](double a, double b) { return b > 0 ? a / b : 0; };
  struct Ratio {
    const char* name;
    double value;
    double target;
  };
  std::vector<Ratio> ratios = {{"(3)/(1) direct GetPerson vs echo", ratio(direct.rps, echo_r.rps), 0.5},
                               {"(3)/(2) direct GetPerson vs pgbench -S", ratio(direct.rps, pg_r.rps), 0.5},
                               {"(4)/(3) gateway HTTP vs direct", ratio(http.rps, direct.rps), 0.5},
                               {"(5)/(3) gateway gRPC vs direct", ratio(grpc_gw.rps, direct.rps), 0.8},
                               {"(7b)/(7a) credentials vs raw RS256 signs",
                                ratio(learning.credentials_rate, learning.sign_rate), 0.5}};
  std::printf("\nratios (targets in brackets):\n");
  json::object doc;
  json::array scenarios;
  for (const auto& r : results) {
    scenarios.push_back(json::object{{"name", r.name}, {"rps", r.rps}, {"p50_ms", r.p50_ms},
                                     {"p99_ms", r.p99_ms}, {"errors", r.errors},
                                     {"requests", r.requests}});
  }
  json::array ratio_json;
  for (const auto& r : ratios) {
    std::printf("  %-42s %5.2f  [>= %.2f] %s\n", r.name, r.value, r.target,
                r.value >= r.target ? "met" : "NOT met");
    ratio_json.push_back(json::object{{"name", r.name}, {"value", r.value}, {"target", r.target}});
  }
  std::printf("  %-42s %5.2f ms [<= 5 ms] %s\n", "p99 gateway HTTP at half load", half.p99_ms,
              half.p99_ms <= 5 ? "met" : "NOT met");
  doc["scenarios"] = std::move(scenarios);
  doc["ratios"] = std::move(ratio_json);
  doc["p99_gateway_http_half_load_ms"] = half.p99_ms;
  doc["openssl_rs256_signs_per_second"] = learning.sign_rate;
  doc["credentials_per_second"] = learning.credentials_rate;
  doc["cohort_1000_seconds"] = learning.cohort_seconds;
  doc["reviewed_units_per_second"] = learning.reviewed_units_rate;
  doc["concurrency"] = threads;
  doc["seconds_per_scenario"] = *seconds;
  doc["cores"] = static_cast<int>(std::thread::hardware_concurrency());
  std::ofstream(*out) << json::serialize(doc) << "\n";
  std::printf("\nresults written to %s\n", out->c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "echo-server") return EchoServer(argc - 1, argv + 1);
  if (mode == "run") return Run(argc - 1, argv + 1);
  std::fprintf(stderr, "usage: valohub-bench echo-server|run ... (see bench/run.sh)\n");
  return 2;
}
