//! The OpenAPI document against the routes the admin API serves.

use serde_json::{Value, json};

use crate::helpers::*;

/// The OpenAPI document is generated with the routes: every documented operation exists and
/// asks for authentication, and every operation the API serves is documented.
#[tokio::test]
async fn openapi_document_matches_the_routes() {
    let app = spawn_app().await;
    let doc: Value = reqwest::get(app.url("/api/admin/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let mut documented = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    documented.sort();
    let expected = [
        "DELETE /api/admin/v1/authorities/{id}",
        "DELETE /api/admin/v1/clients/{id}",
        "DELETE /api/admin/v1/invitations/{id}",
        "DELETE /api/admin/v1/privileges/{name}",
        "DELETE /api/admin/v1/providers/{id}",
        "DELETE /api/admin/v1/sessions/{id}",
        "DELETE /api/admin/v1/users/{id}",
        "DELETE /api/admin/v1/users/{id}/second-factor",
        "GET /api/admin/v1/audit-events",
        "GET /api/admin/v1/authorities",
        "GET /api/admin/v1/clients",
        "GET /api/admin/v1/clients/{id}",
        "GET /api/admin/v1/invitations",
        "GET /api/admin/v1/mfa-policy",
        "GET /api/admin/v1/privileges",
        "GET /api/admin/v1/providers",
        "GET /api/admin/v1/providers/{id}",
        "GET /api/admin/v1/sessions",
        "GET /api/admin/v1/users",
        "GET /api/admin/v1/users/{id}",
        "PATCH /api/admin/v1/users/{id}",
        "POST /api/admin/v1/authorities",
        "POST /api/admin/v1/clients",
        "POST /api/admin/v1/clients/{id}/rotate-secret",
        "POST /api/admin/v1/invitations",
        "POST /api/admin/v1/invitations/{id}/resend",
        "POST /api/admin/v1/privileges",
        "POST /api/admin/v1/providers",
        "POST /api/admin/v1/providers/{id}/test",
        "POST /api/admin/v1/service-accounts",
        "POST /api/admin/v1/users",
        "POST /api/admin/v1/users/{id}/deactivate",
        "POST /api/admin/v1/users/{id}/end-sessions",
        "POST /api/admin/v1/users/{id}/reactivate",
        "POST /api/admin/v1/users/{id}/reset-password",
        "POST /api/admin/v1/users/{id}/welcome-mail",
        "PUT /api/admin/v1/clients/{id}",
        "PUT /api/admin/v1/mfa-policy",
        "PUT /api/admin/v1/providers/{id}",
        "PUT /api/admin/v1/users/{id}/privileges",
    ];
    assert_eq!(documented, expected);
    let client = reqwest::Client::new();
    for operation in &documented {
        let (method, path) = operation.split_once(' ').unwrap();
        let url = app.url(&path.replace("{id}", "x").replace("{name}", "x"));
        let response = client
            .request(method.parse().unwrap(), url)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            401,
            "{operation} exists and needs a credential"
        );
        let summary = &doc["paths"][path][method.to_lowercase()]["summary"];
        assert!(
            summary.as_str().is_some_and(|s| !s.is_empty()),
            "{operation} is described"
        );
    }
    // The bodies are described, with what a client must expect (a user may have no address).
    let schemas = &doc["components"]["schemas"];
    for name in [
        "UserBody",
        "UserPage",
        "ClientInfo",
        "InvitationBody",
        "AuditPage",
        "ErrorBody",
    ] {
        assert!(schemas[name].is_object(), "{name} is in the document");
    }
    let email = &schemas["UserBody"]["properties"]["email"];
    assert!(
        email.to_string().contains("null"),
        "email is nullable: {email}"
    );
    let ok = &doc["paths"]["/api/admin/v1/users/{id}"]["get"]["responses"]["200"];
    assert!(ok.to_string().contains("UserBody"), "{ok}");
    let forbidden = &doc["paths"]["/api/admin/v1/users"]["get"]["responses"]["403"];
    assert!(forbidden.to_string().contains("ErrorBody"), "{forbidden}");
}
