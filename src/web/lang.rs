//! Which language a page is shown in (see `crate::i18n`): the relying party's `ui_locales`
//! first, then the person's own choice (the switcher's `?lang=`, remembered in a cookie, or
//! their profile's language), then `Accept-Language`, then English.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;

use crate::App;
use crate::i18n::Lang;

/// What the request itself says about the language.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageLang {
    /// `?lang=` on this request (the switcher).
    pub switched: Option<Lang>,
    /// The switcher's earlier choice, from its cookie.
    pub remembered: Option<Lang>,
    pub browser: Option<Lang>,
}

impl PageLang {
    /// The page's language, given the request's `ui_locales` and the person's profile language.
    pub fn resolve(&self, ui_locales: Option<&str>, profile: Option<&str>) -> Lang {
        self.switched
            .or_else(|| ui_locales.and_then(Lang::first_of))
            .or(self.remembered)
            .or_else(|| profile.and_then(Lang::of_tag))
            .or(self.browser)
            .unwrap_or_default()
    }

    /// Remembers a switcher choice for the next pages.
    pub fn remember(&self, app: &App, jar: CookieJar) -> CookieJar {
        match self.switched {
            Some(lang) => super::cookies::set_language(app, jar, lang.as_str()),
            None => jar,
        }
    }
}

impl FromRequestParts<App> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let switched = parts.uri.query().and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "lang")
                .and_then(|(_, v)| Lang::of_tag(&v))
        });
        let jar = CookieJar::from_headers(&parts.headers);
        let remembered = super::cookies::language(app, &jar).and_then(|v| Lang::of_tag(&v));
        let browser = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::from_accept_language);
        Ok(PageLang {
            switched,
            remembered,
            browser,
        })
    }
}

/// The switcher's links: this page in each language.
#[derive(serde::Serialize)]
pub struct LangLink {
    pub href: String,
    pub name: &'static str,
    pub code: &'static str,
    pub current: bool,
}

/// Links to `path` (with `req` kept) in every language, `current` marked.
pub fn switcher(path: &str, req: Option<&str>, current: Lang) -> Vec<LangLink> {
    Lang::ALL
        .into_iter()
        .map(|lang| {
            let mut href = format!("{path}?lang={}", lang.as_str());
            if let Some(req) = req {
                href.push_str("&req=");
                href.push_str(
                    &url::form_urlencoded::byte_serialize(req.as_bytes()).collect::<String>(),
                );
            }
            LangLink {
                href,
                name: lang.name(),
                code: lang.as_str(),
                current: lang == current,
            }
        })
        .collect()
}
