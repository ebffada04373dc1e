//! Microsoft Entra ID (Azure AD, and personal Microsoft accounts through `consumers`).
//!
//! The multi-tenant endpoints publish the issuer as a template,
//! `https://login.microsoftonline.com/{tenantid}/v2.0`; a token's `iss` must be that template
//! filled with the token's own `tid`, and the tenant must be one this provider admits. The
//! subject is `tid:oid`: the object id is immutable within its tenant, while `email`,
//! `preferred_username` and `upn` can be set by a tenant's administrator to anything, so
//! keying on them lets one tenant take over another tenant's accounts (the "nOAuth" flaw).
//! For the same reason Entra's `email` counts as verified only for tenants the administrator
//! lists as trusted.

use super::http::UpstreamHttp;
use super::oidc::{ExpectedIssuer, IssuerRule, OidcUpstream, Verified, identity_from};
use super::{BoxFuture, Finish, ProviderConfig, Start, Upstream, UpstreamError, UpstreamIdentity};

pub const AUTHORITY: &str = "https://login.microsoftonline.com";
/// The tenant of personal Microsoft accounts.
pub const CONSUMER_TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

pub struct Microsoft {
    inner: OidcUpstream,
    tenant: String,
    allowed_tenants: Vec<String>,
    trusted_tenants: Vec<String>,
}

impl Microsoft {
    pub fn new(config: &ProviderConfig, http: UpstreamHttp) -> Self {
        let authority = config
            .endpoints
            .authority
            .clone()
            .unwrap_or_else(|| AUTHORITY.to_string());
        let authority = authority.trim_end_matches('/').to_string();
        let tenant = config
            .endpoints
            .tenant
            .clone()
            .unwrap_or_else(|| "common".to_string())
            .to_lowercase();
        let lower = |list: &[String]| list.iter().map(|t| t.to_lowercase()).collect::<Vec<_>>();
        Self {
            inner: OidcUpstream::new(
                &config.id,
                &config.client_id,
                config.client_secret.clone(),
                format!("{authority}/{tenant}/v2.0/.well-known/openid-configuration"),
                ExpectedIssuer::StartsWith(format!("{authority}/")),
                config.effective_scopes(),
                IssuerRule::TenantTemplate,
                http,
            )
            .with_userinfo_url(config.endpoints.userinfo_url.clone()),
            tenant,
            allowed_tenants: lower(&config.endpoints.allowed_tenants),
            trusted_tenants: lower(&config.endpoints.trusted_tenants),
        }
    }

    /// Whether the token's tenant may sign in here.
    fn admit_tenant(&self, tid: &str) -> Result<(), UpstreamError> {
        let fits_endpoint = match self.tenant.as_str() {
            "common" => true,
            "organizations" => tid != CONSUMER_TENANT,
            "consumers" => tid == CONSUMER_TENANT,
            one => tid == one,
        };
        if !fits_endpoint {
            return Err(UpstreamError::InvalidToken(format!(
                "tenant {tid} does not belong to the configured tenant “{}”",
                self.tenant
            )));
        }
        if !self.allowed_tenants.is_empty() && !self.allowed_tenants.iter().any(|t| t == tid) {
            return Err(UpstreamError::InvalidToken(format!(
                "tenant {tid} is not among the allowed tenants"
            )));
        }
        Ok(())
    }

    fn identity(&self, verified: &Verified) -> Result<UpstreamIdentity, UpstreamError> {
        let extra = verified.claims.additional_claims();
        // check_issuer has made sure `tid` is present and a GUID.
        let tid = extra.tid.as_deref().unwrap_or_default().to_lowercase();
        self.admit_tenant(&tid)?;
        let oid = extra
            .oid
            .as_deref()
            .filter(|oid| !oid.trim().is_empty())
            .ok_or_else(|| UpstreamError::InvalidToken("the token carries no “oid”".into()))?;
        let trusted = self.trusted_tenants.contains(&tid);
        Ok(identity_from(
            &self.inner.provider_id,
            format!("{tid}:{}", oid.to_lowercase()),
            verified,
            Some(trusted),
        ))
    }
}

impl Upstream for Microsoft {
    fn authorization_url<'a>(
        &'a self,
        start: &'a Start<'a>,
    ) -> BoxFuture<'a, Result<url::Url, UpstreamError>> {
        Box::pin(self.inner.start_url(start))
    }

    fn finish<'a>(
        &'a self,
        finish: &'a Finish<'a>,
    ) -> BoxFuture<'a, Result<UpstreamIdentity, UpstreamError>> {
        Box::pin(async move {
            let verified = self.inner.verify(finish).await?;
            self.identity(&verified)
        })
    }

    fn check(&self) -> BoxFuture<'_, Result<String, UpstreamError>> {
        Box::pin(self.inner.describe())
    }
}
