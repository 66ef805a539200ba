//! Who is calling.

/// The kind of account a client prefix authenticates (DOMAIN §2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientKind {
    /// `xiaochengxu`, `gongzhonghao`: a WeChat end user.
    Customer,
    /// `qiyeweixin`, `boosleida`: a salesperson.
    RadarUser,
    /// `admin`: a back-office account.
    Admin,
}

impl ClientKind {
    /// The account kind signing requests under `/zhugeleida/{client}/…`.
    pub fn for_path(path: &str) -> Option<ClientKind> {
        let client = path.strip_prefix("/zhugeleida/")?.split('/').next()?;
        match client {
            "xiaochengxu" | "gongzhonghao" => Some(ClientKind::Customer),
            "qiyeweixin" | "boosleida" => Some(ClientKind::RadarUser),
            "admin" => Some(ClientKind::Admin),
            _ => None,
        }
    }
}

/// An authenticated caller and the company it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Principal {
    /// What kind of account.
    pub kind: ClientKind,
    /// The account id (customer, radar user or admin).
    pub id: i64,
    /// The tenant.
    pub company_id: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_name_the_principal() {
        assert_eq!(
            ClientKind::for_path("/zhugeleida/xiaochengxu/mingpian"),
            Some(ClientKind::Customer)
        );
        assert_eq!(
            ClientKind::for_path("/zhugeleida/boosleida/home_page"),
            Some(ClientKind::RadarUser)
        );
        assert_eq!(
            ClientKind::for_path("/zhugeleida/admin/user"),
            Some(ClientKind::Admin)
        );
        assert_eq!(ClientKind::for_path("/zhugeleida/unknown/x"), None);
        assert_eq!(ClientKind::for_path("/other"), None);
    }
}
