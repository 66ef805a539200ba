//! Who is calling and what they may manage: the types every layer shares,
//! from the signature check down to the stores. Nothing here does I/O.

/// The kind of account a client prefix authenticates.
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
    /// Every kind, in the order a `public/` signature is tried.
    pub const ALL: [ClientKind; 3] = [
        ClientKind::Customer,
        ClientKind::RadarUser,
        ClientKind::Admin,
    ];

    /// The kinds that may sign a request to `path`: the one its client prefix
    /// names, or any kind under `/zhugeleida/public/` (uploads serve all clients).
    pub fn accepted_for_path(path: &str) -> Option<&'static [ClientKind]> {
        const EACH: [[ClientKind; 1]; 3] = [
            [ClientKind::Customer],
            [ClientKind::RadarUser],
            [ClientKind::Admin],
        ];
        if path.starts_with("/zhugeleida/public/") {
            return Some(&ClientKind::ALL);
        }
        Some(match ClientKind::for_path(path)? {
            ClientKind::Customer => &EACH[0],
            ClientKind::RadarUser => &EACH[1],
            ClientKind::Admin => &EACH[2],
        })
    }

    /// A short name (file-system and log safe).
    pub fn as_str(self) -> &'static str {
        match self {
            ClientKind::Customer => "customer",
            ClientKind::RadarUser => "radar_user",
            ClientKind::Admin => "admin",
        }
    }

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

/// Management rights, ordered: each level includes the ones below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Authority {
    /// Own card, own customers, own radar.
    Member,
    /// Also the company's users, roles and customers.
    TenantAdmin,
    /// Also every company (the SaaS operator).
    Operator,
}

impl Authority {
    /// The authority stored in `roles.authority` (0, 1, 2; anything else is a member).
    pub fn from_level(level: i64) -> Authority {
        match level {
            2 => Authority::Operator,
            1 => Authority::TenantAdmin,
            _ => Authority::Member,
        }
    }

    /// The stored level of this authority.
    pub fn level(self) -> i64 {
        match self {
            Authority::Member => 0,
            Authority::TenantAdmin => 1,
            Authority::Operator => 2,
        }
    }

    /// Whether this caller may act on data of `company_id` when they belong to `own`.
    pub fn reaches(self, own: i64, company_id: i64) -> bool {
        own == company_id || self == Authority::Operator
    }
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

    #[test]
    fn public_paths_accept_every_kind() {
        assert_eq!(
            ClientKind::accepted_for_path("/zhugeleida/public/img_upload"),
            Some(&ClientKind::ALL[..])
        );
        assert_eq!(
            ClientKind::accepted_for_path("/zhugeleida/admin/user"),
            Some(&[ClientKind::Admin][..])
        );
        assert_eq!(ClientKind::for_path("/zhugeleida/public/img_upload"), None);
        assert_eq!(ClientKind::accepted_for_path("/statics/a.jpg"), None);
    }
}
