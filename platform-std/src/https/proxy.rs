//! HTTP proxy settings (the reference's `proxy_*` properties).

use ureq::{Proxy, ProxyProtocol};
use zeroize::Zeroizing;

/// An HTTP proxy reached with CONNECT tunnelling (the reference's `psTunnel`,
/// which `psAutomatic` selects for `https` URLs).
#[derive(Clone)]
pub struct ProxySettings {
    /// Host name or address of the proxy (`proxy_server`).
    pub server: String,
    /// TCP port (`proxy_port`, default 80).
    pub port: u16,
    /// User for Basic authentication (`proxy_user`); none means no `Proxy-Authorization`.
    pub user: Option<String>,
    /// Password for Basic authentication (`proxy_password`).
    pub password: Option<Zeroizing<String>>,
}

impl core::fmt::Debug for ProxySettings {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ProxySettings")
            .field("server", &self.server)
            .field("port", &self.port)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl ProxySettings {
    /// A proxy without authentication.
    pub fn new(server: impl Into<String>, port: u16) -> Self {
        Self {
            server: server.into(),
            port,
            user: None,
            password: None,
        }
    }

    /// Adds Basic credentials.
    #[must_use]
    pub fn with_basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.user = Some(user.into());
        self.password = Some(Zeroizing::new(password.into()));
        self
    }

    pub(crate) fn to_ureq(&self) -> Result<Proxy, ureq::Error> {
        let mut b = Proxy::builder(ProxyProtocol::Http)
            .host(&self.server)
            .port(self.port);
        if let Some(user) = &self.user {
            b = b.username(user);
        }
        if let Some(password) = &self.password {
            b = b.password(password);
        }
        b.build()
    }
}

/// The proxy from `HTTPS_PROXY` / `https_proxy` (then `ALL_PROXY` /
/// `all_proxy`), honouring `NO_PROXY` / `no_proxy` (`proxy_auto_detect`).
pub(crate) fn from_env() -> Option<Proxy> {
    let url = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))?;
    let parsed = Proxy::new(&url).ok()?;
    let mut b = Proxy::builder(parsed.protocol())
        .host(parsed.host())
        .port(parsed.port());
    if let Some(u) = parsed.username() {
        b = b.username(u);
    }
    if let Some(p) = parsed.password() {
        b = b.password(p);
    }
    if let Some(np) = ["NO_PROXY", "no_proxy"]
        .iter()
        .find_map(|k| std::env::var(k).ok())
    {
        b = b.no_proxy(&np);
    }
    b.build().ok()
}
