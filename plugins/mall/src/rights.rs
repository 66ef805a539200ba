//! Who may see, change and remove which product. Personal products belong
//! to their owner; company products to the tenant's admins. Back-office
//! admins manage every product of their company; in the radar
//! app a tenant admin may only (un)recommend company products, a member
//! touches no company product at all (the earlier system let members
//! change them; that hole stays closed).

use crate::product::ProductDoc;
use crate::status::Status;
use leida_module_sdk::directory::{self, Authority};
use leida_module_sdk::types::Principal;
use leida_module_sdk::{Failure, Request};

/// A radar user or back-office admin acting on products.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// The radar user, `None` for a back-office admin.
    pub user_id: Option<u64>,
    /// A back-office admin (of this company, or the operator).
    pub back_office: bool,
    /// Holds tenant-admin authority (every back-office admin does).
    pub tenant_admin: bool,
}

impl Staff {
    /// The calling radar user or admin; 404 for a customer.
    pub fn of(req: &Request) -> Result<Staff, Failure> {
        let (user_id, back_office) = match req.caller {
            Principal::RadarUser(id) => (Some(id), false),
            Principal::Admin(_) => (None, true),
            Principal::Customer(_) => return Err(Failure::illegal()),
        };
        let tenant_admin = back_office || directory::caller_authority() != Authority::Member;
        Ok(Staff {
            user_id,
            back_office,
            tenant_admin,
        })
    }

    /// Who uploaded a picture, as stored with it.
    pub fn uploader(req: &Request) -> String {
        match req.caller {
            Principal::RadarUser(id) => format!("radar_user:{id}"),
            Principal::Admin(id) => format!("admin:{id}"),
            Principal::Customer(id) => format!("customer:{id}"),
        }
    }

    /// Whether `p` is this radar user's own product.
    pub fn owns(&self, p: &ProductDoc) -> bool {
        !p.is_company() && self.user_id == Some(p.owner_id)
    }

    /// Whether the caller may open `p`: company products and their own, or
    /// anything of the tenant for its admins.
    pub fn may_see(&self, p: &ProductDoc) -> bool {
        p.is_company() || self.owns(p) || self.tenant_admin
    }

    /// Whether the caller may change the texts, content and pictures of `p`,
    /// or delete it.
    pub fn may_edit(&self, p: &ProductDoc) -> bool {
        self.back_office || self.owns(p) || (p.is_company() && self.tenant_admin)
    }

    /// Whether the caller may set `p` to `target`.
    pub fn may_set_status(&self, p: &ProductDoc, target: Status) -> bool {
        let recommend_only = |s: Status| matches!(s, Status::Published | Status::Recommended);
        if self.back_office || self.owns(p) {
            true
        } else {
            p.is_company()
                && self.tenant_admin
                && recommend_only(p.status())
                && recommend_only(target)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Content;
    use crate::product::{Texts, COMPANY};

    fn product(owner: u64, status: Status) -> ProductDoc {
        let texts = Texts {
            name: "门票".into(),
            price: "128".into(),
            reason: "r".into(),
        };
        let mut p = ProductDoc::new(owner, texts, Content::default(), 0);
        p.set_status(status);
        p
    }

    fn radar(id: u64, tenant_admin: bool) -> Staff {
        Staff {
            user_id: Some(id),
            back_office: false,
            tenant_admin,
        }
    }

    const ADMIN: Staff = Staff {
        user_id: None,
        back_office: true,
        tenant_admin: true,
    };

    #[test]
    fn personal_products_belong_to_their_owner() {
        let p = product(7, Status::Published);
        assert!(radar(7, false).may_edit(&p));
        assert!(!radar(8, false).may_edit(&p));
        assert!(
            !radar(8, true).may_edit(&p),
            "a tenant admin in the radar app"
        );
        assert!(ADMIN.may_edit(&p));
        assert!(!radar(8, false).may_see(&p));
        assert!(radar(8, true).may_see(&p));
        for s in [Status::Published, Status::OffShelf, Status::Recommended] {
            assert!(radar(7, false).may_set_status(&p, s));
            assert!(!radar(8, false).may_set_status(&p, s));
            assert!(!radar(8, true).may_set_status(&p, s));
            assert!(ADMIN.may_set_status(&p, s));
        }
    }

    #[test]
    fn company_products_belong_to_tenant_admins() {
        let p = product(COMPANY, Status::Published);
        assert!(radar(7, false).may_see(&p));
        assert!(!radar(7, false).may_edit(&p));
        assert!(radar(7, true).may_edit(&p));
        assert!(ADMIN.may_edit(&p));
        assert!(!radar(7, false).may_set_status(&p, Status::Recommended));
        assert!(radar(7, true).may_set_status(&p, Status::Recommended));
        assert!(!radar(7, true).may_set_status(&p, Status::OffShelf));
        assert!(ADMIN.may_set_status(&p, Status::OffShelf));
        let off = product(COMPANY, Status::OffShelf);
        assert!(!radar(7, true).may_set_status(&off, Status::Published));
        assert!(ADMIN.may_set_status(&off, Status::Published));
    }
}
