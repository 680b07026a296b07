#include "services/learning/learning_grpc.h"

namespace valohub::learning {


grpc::ServerUnaryReactor* LearningGrpc::CreateUnit(grpc::CallbackServerContext* context,
    const v1::CreateUnitRequest* request, v1::Unit* response) {
  return calls_.Serve(context, "CreateUnit", [this, request, response](const CallContext& call) {
    return service_.CreateUnit(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::GetUnit(grpc::CallbackServerContext* context,
    const v1::GetUnitRequest* request, v1::Unit* response) {
  return calls_.Serve(context, "GetUnit", [this, request, response](const CallContext& call) {
    return service_.GetUnit(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::ListUnits(grpc::CallbackServerContext* context,
    const v1::ListUnitsRequest* request, v1::ListUnitsResponse* response) {
  return calls_.Serve(context, "ListUnits", [this, request, response](const CallContext& call) {
    return service_.ListUnits(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::UpdateUnit(grpc::CallbackServerContext* context,
    const v1::UpdateUnitRequest* request, v1::Unit* response) {
  return calls_.Serve(context, "UpdateUnit", [this, request, response](const CallContext& call) {
    return service_.UpdateUnit(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::DeleteUnit(grpc::CallbackServerContext* context,
    const v1::DeleteUnitRequest* request, google::protobuf::Empty* response) {
  return calls_.Serve(context, "DeleteUnit", [this, request, response](const CallContext& call) {
    return service_.DeleteUnit(call, *request);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::SubmitUnit(grpc::CallbackServerContext* context,
    const v1::SubmitUnitRequest* request, v1::Unit* response) {
  return calls_.Serve(context, "SubmitUnit", [this, request, response](const CallContext& call) {
    return service_.SubmitUnit(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::ReturnUnitToDraft(grpc::CallbackServerContext* context,
    const v1::ReturnUnitToDraftRequest* request, v1::Unit* response) {
  return calls_.Serve(context, "ReturnUnitToDraft", [this, request, response](const CallContext& call) {
    return service_.ReturnUnitToDraft(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::PublishUnit(grpc::CallbackServerContext* context,
    const v1::PublishUnitRequest* request, v1::Unit* response) {
  return calls_.Serve(context, "PublishUnit", [this, request, response](const CallContext& call) {
    return service_.PublishUnit(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::RetireUnit(grpc::CallbackServerContext* context,
    const v1::RetireUnitRequest* request, v1::Unit* response) {
  return calls_.Serve(context, "RetireUnit", [this, request, response](const CallContext& call) {
    return service_.RetireUnit(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::SearchCatalogue(grpc::CallbackServerContext* context,
    const v1::SearchCatalogueRequest* request, v1::SearchCatalogueResponse* response) {
  return calls_.Serve(context, "SearchCatalogue", [this, request, response](const CallContext& call) {
    return service_.SearchCatalogue(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::CreateEnrolment(grpc::CallbackServerContext* context,
    const v1::CreateEnrolmentRequest* request, v1::Enrolment* response) {
  return calls_.Serve(context, "CreateEnrolment", [this, request, response](const CallContext& call) {
    return service_.CreateEnrolment(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::GetEnrolment(grpc::CallbackServerContext* context,
    const v1::GetEnrolmentRequest* request, v1::Enrolment* response) {
  return calls_.Serve(context, "GetEnrolment", [this, request, response](const CallContext& call) {
    return service_.GetEnrolment(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::ListEnrolments(grpc::CallbackServerContext* context,
    const v1::ListEnrolmentsRequest* request, v1::ListEnrolmentsResponse* response) {
  return calls_.Serve(context, "ListEnrolments", [this, request, response](const CallContext& call) {
    return service_.ListEnrolments(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::CompleteEnrolment(grpc::CallbackServerContext* context,
    const v1::CompleteEnrolmentRequest* request, v1::Enrolment* response) {
  return calls_.Serve(context, "CompleteEnrolment", [this, request, response](const CallContext& call) {
    return service_.CompleteEnrolment(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::BatchCompleteEnrolments(grpc::CallbackServerContext* context,
    const v1::BatchCompleteEnrolmentsRequest* request, v1::BatchCompleteEnrolmentsResponse* response) {
  return calls_.Serve(context, "BatchCompleteEnrolments", [this, request, response](const CallContext& call) {
    return service_.BatchCompleteEnrolments(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::WithdrawEnrolment(grpc::CallbackServerContext* context,
    const v1::WithdrawEnrolmentRequest* request, v1::Enrolment* response) {
  return calls_.Serve(context, "WithdrawEnrolment", [this, request, response](const CallContext& call) {
    return service_.WithdrawEnrolment(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::GetCredential(grpc::CallbackServerContext* context,
    const v1::GetCredentialRequest* request, v1::Credential* response) {
  return calls_.Serve(context, "GetCredential", [this, request, response](const CallContext& call) {
    return service_.GetCredential(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::ListCredentials(grpc::CallbackServerContext* context,
    const v1::ListCredentialsRequest* request, v1::ListCredentialsResponse* response) {
  return calls_.Serve(context, "ListCredentials", [this, request, response](const CallContext& call) {
    return service_.ListCredentials(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::RevokeCredential(grpc::CallbackServerContext* context,
    const v1::RevokeCredentialRequest* request, v1::Credential* response) {
  return calls_.Serve(context, "RevokeCredential", [this, request, response](const CallContext& call) {
    return service_.RevokeCredential(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::VerifyCredential(grpc::CallbackServerContext* context,
    const v1::VerifyCredentialRequest* request, v1::VerifyCredentialResponse* response) {
  return calls_.Serve(context, "VerifyCredential", [this, request, response](const CallContext& call) {
    return service_.VerifyCredential(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::GetIssuerProfile(grpc::CallbackServerContext* context,
    const v1::GetIssuerProfileRequest* request, v1::IssuerProfile* response) {
  return calls_.Serve(context, "GetIssuerProfile", [this, request, response](const CallContext& call) {
    return service_.GetIssuerProfile(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::GetIssuerJwks(grpc::CallbackServerContext* context,
    const v1::GetIssuerJwksRequest* request, v1::JsonWebKeySet* response) {
  return calls_.Serve(context, "GetIssuerJwks", [this, request, response](const CallContext& call) {
    return service_.GetIssuerJwks(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::GetJwks(grpc::CallbackServerContext* context,
    const v1::GetJwksRequest* request, v1::JsonWebKeySet* response) {
  return calls_.Serve(context, "GetJwks", [this, request, response](const CallContext& call) {
    return service_.GetJwks(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::GetStatusList(grpc::CallbackServerContext* context,
    const v1::GetStatusListRequest* request, v1::StatusListCredential* response) {
  return calls_.Serve(context, "GetStatusList", [this, request, response](const CallContext& call) {
    return service_.GetStatusList(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::RotateIssuerKey(grpc::CallbackServerContext* context,
    const v1::RotateIssuerKeyRequest* request, v1::IssuerKey* response) {
  return calls_.Serve(context, "RotateIssuerKey", [this, request, response](const CallContext& call) {
    return service_.RotateIssuerKey(call, *request, response);
  });
}

grpc::ServerUnaryReactor* LearningGrpc::ListIssuerKeys(grpc::CallbackServerContext* context,
    const v1::ListIssuerKeysRequest* request, v1::ListIssuerKeysResponse* response) {
  return calls_.Serve(context, "ListIssuerKeys", [this, request, response](const CallContext& call) {
    return service_.ListIssuerKeys(call, *request, response);
  });
}

}  // namespace valohub::learning
