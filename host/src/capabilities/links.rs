//! `leida:platform/links`: share links of the company's public account,
//! built by the host so they can only name the request's company and its
//! radar users.

use super::ModuleState;
use crate::public_account::credentials;
use crate::public_account::share_link::LinkError;
use crate::runtime::bindings::leida::platform::links::Host;
use crate::runtime::bindings::types::Error;
use crate::store::users;

/// Keys the host writes into every link itself.
const HOST_KEYS: [&str; 2] = ["uid", "company_id"];

impl Host for ModuleState {
    async fn public_account_share(
        &mut self,
        page: String,
        uid: u64,
        pairs: Vec<(String, String)>,
    ) -> Result<String, Error> {
        self.trace("links.public-account-share");
        let s = self.scope()?;
        if let Some((key, _)) = pairs.iter().find(|(k, _)| HOST_KEYS.contains(&k.as_str())) {
            return Err(Error::Invalid(format!("`{key}` is set by the host")));
        }
        // What the landing will require of the link, so none is made that
        // it would refuse.
        let Ok((appid, _)) = credentials(&s.company) else {
            return Err(Error::Unavailable(
                "the company has no public account configured".into(),
            ));
        };
        let uid = i64::try_from(uid).map_err(|_| Error::NotFound)?;
        match users::get(&s.db, s.company_id, uid).await? {
            Some(u) if u.status == 1 => {}
            _ => return Err(Error::NotFound),
        }
        let mut all = pairs;
        all.push(("uid".into(), uid.to_string()));
        all.push(("company_id".into(), s.company_id.to_string()));
        s.share_links
            .share_url(appid, &page, &all)
            .map_err(|e: LinkError| Error::Invalid(e.to_string()))
    }
}
