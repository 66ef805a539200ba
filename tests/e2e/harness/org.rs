//! Fixtures of the organisation: radar users with management rights.

use super::{Principal, Tenant};

impl Tenant {
    /// A radar user whose role makes them an admin of this company.
    pub async fn admin_user(&self) -> Principal {
        self.user_with(&["--authority", "admin"]).await
    }

    /// A radar user of this company whose role makes them the platform operator.
    pub async fn operator_user(&self) -> Principal {
        self.user_with(&["--authority", "operator"]).await
    }
}
