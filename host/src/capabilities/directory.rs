//! `leida:platform/directory`: the tenant's company, radar users, customers and relations.

use super::{tallies, ModuleState};
use crate::identity::{Authority as HostAuthority, ClientKind};
use crate::runtime::bindings::leida::platform::directory::{
    Authority, Company, Customer, CustomerPlace, Host, Licence, ProfilePatch, Relation,
    RelationFilter, User, UserCount,
};
use crate::runtime::bindings::types::{Error, Grouping, Page, Principal, Tally, Window};
use crate::store::relations::PairFile;
use crate::store::{admins, companies, customers, relations, roles, stored_files, users};

/// The WIT view of a radar user.
fn user(u: users::RadarUser) -> User {
    let shown_phone = if u.mingpian_phone.is_empty() {
        &u.wechat_phone
    } else {
        &u.mingpian_phone
    };
    User {
        id: u.id as u64,
        username: if u.nickname.is_empty() {
            u.username.clone()
        } else {
            u.nickname.clone()
        },
        card_phone: if u.show_phone == 1 {
            shown_phone.clone()
        } else {
            String::new()
        },
        real_name: u.username,
        avatar: u.avatar,
        position: u.position,
        gender: u.gender as u8,
        mingpian_phone: u.mingpian_phone,
        wechat_phone: u.wechat_phone,
        show_phone: u.show_phone == 1,
        telephone: u.telephone,
        wechat: u.wechat,
        email: u.email,
        qr_code: u.qr_code,
        enabled: u.status == 1,
        boss: u.boss_status == 1,
        created_at: u.created_at,
    }
}

fn company(c: &companies::Company) -> Company {
    Company {
        id: c.id as u64,
        name: c.name.clone(),
        area: c.area.clone(),
        address: c.address.clone(),
        website_content: c.website_content.clone(),
        customer_unique: c.customer_unique == 1,
        shopping_type: c.shopping_type as u8,
        product_function_type: c.product_function_type as u8,
    }
}

fn customer(c: customers::Customer) -> Customer {
    Customer {
        id: c.id as u64,
        authorised: !c.username.is_empty(),
        username: c.username,
        headimgurl: c.headimgurl,
        user_type: c.user_type as u8,
        sex: c.sex as u8,
        phone: c.phone,
        created_at: c.created_at,
    }
}

/// The ids of one batch read: at most [`customers::MAX_IDS`]; an id beyond
/// the database's range names nobody.
fn customer_ids(ids: Vec<u64>) -> Result<Vec<i64>, Error> {
    if ids.len() > customers::MAX_IDS {
        return Err(Error::Invalid(format!(
            "at most {} ids in one read, got {}",
            customers::MAX_IDS,
            ids.len()
        )));
    }
    Ok(ids
        .into_iter()
        .filter_map(|id| i64::try_from(id).ok())
        .collect())
}

fn relation(r: relations::Relation) -> Relation {
    Relation {
        user_id: r.user_id as u64,
        customer_id: r.customer_id as u64,
        source: r.source as u8,
        parent_customer_id: r.parent_customer_id.map(|p| p as u64),
        expected_date: r.expected_date,
        expected_pr: r.expected_pr.clamp(0, 100) as u8,
        last_follow_at: r.last_follow_at,
        last_activity_at: r.last_activity_at,
        qr_code: r.qr_code,
        poster_url: r.poster_url,
        created_at: r.created_at,
    }
}

fn relation_filter(f: RelationFilter) -> relations::RelationFilter {
    relations::RelationFilter {
        user_id: f.user_id.map(|v| v as i64),
        customer_id: f.customer_id.map(|v| v as i64),
        created_since: f.created.since,
        created_until: f.created.until,
        pr_min: f.expected_pr_min.map(i64::from),
        pr_max: f.expected_pr_max.map(i64::from),
        followed_since: f.followed.since,
        followed_until: f.followed.until,
    }
}

fn limit(p: &Page) -> Option<i64> {
    p.limit.map(i64::from)
}

impl Host for ModuleState {
    async fn caller(&mut self) -> Principal {
        self.trace("directory.caller");
        match self.scope.as_ref() {
            Some(s) => crate::runtime::bindings::guest_principal(&s.caller),
            // Outside a request (describe) nobody is calling; id 0 matches no account.
            None => Principal::Admin(0),
        }
    }

    async fn caller_authority(&mut self) -> Authority {
        self.trace("directory.caller-authority");
        let Some(s) = self.scope.as_ref() else {
            return Authority::Member;
        };
        match roles::authority_of(&s.db, &s.caller).await {
            Ok(HostAuthority::Operator) => Authority::Operator,
            Ok(HostAuthority::TenantAdmin) => Authority::TenantAdmin,
            Ok(HostAuthority::Member) => Authority::Member,
            // Unknown rights grant nothing.
            Err(e) => {
                super::errors::unavailable(e);
                Authority::Member
            }
        }
    }

    async fn get_company(&mut self) -> Company {
        self.trace("directory.get-company");
        match self.scope.as_ref() {
            Some(s) => company(&s.company),
            None => company(&companies::Company::default()),
        }
    }

    async fn get_user(&mut self, id: u64) -> Result<User, Error> {
        self.trace("directory.get-user");
        let s = self.scope()?;
        users::get(&s.db, s.company_id, id as i64)
            .await?
            .map(user)
            .ok_or(Error::NotFound)
    }

    async fn list_users(&mut self, all: bool, p: Page) -> Result<Vec<User>, Error> {
        self.trace("directory.list-users");
        let s = self.scope()?;
        let list = users::list(
            &s.db,
            s.company_id,
            all,
            i64::from(p.offset),
            limit(&p).unwrap_or(i64::MAX),
        )
        .await?;
        Ok(list.into_iter().map(user).collect())
    }

    async fn get_customer(&mut self, id: u64) -> Result<Customer, Error> {
        self.trace("directory.get-customer");
        let s = self.scope()?;
        customers::get(&s.db, s.company_id, id as i64)
            .await?
            .map(customer)
            .ok_or(Error::NotFound)
    }

    async fn get_customers(&mut self, ids: Vec<u64>) -> Result<Vec<Customer>, Error> {
        self.trace("directory.get-customers");
        let s = self.scope()?;
        let ids = customer_ids(ids)?;
        Ok(customers::get_many(&s.db, s.company_id, &ids)
            .await?
            .into_iter()
            .map(customer)
            .collect())
    }

    async fn get_customer_places(&mut self, ids: Vec<u64>) -> Result<Vec<CustomerPlace>, Error> {
        self.trace("directory.get-customer-places");
        let s = self.scope()?;
        let ids = customer_ids(ids)?;
        Ok(customers::places_of(&s.db, s.company_id, &ids)
            .await?
            .into_iter()
            .map(|p| CustomerPlace {
                id: p.id as u64,
                country: p.country,
                province: p.province,
                city: p.city,
            })
            .collect())
    }

    async fn get_relation(
        &mut self,
        user_id: u64,
        customer_id: u64,
    ) -> Result<Option<Relation>, Error> {
        self.trace("directory.get-relation");
        let s = self.scope()?;
        Ok(
            relations::get(&s.db, s.company_id, user_id as i64, customer_id as i64)
                .await?
                .map(relation),
        )
    }

    async fn find_relations(
        &mut self,
        filter: RelationFilter,
        p: Page,
    ) -> Result<Vec<Relation>, Error> {
        self.trace("directory.find-relations");
        let s = self.scope()?;
        let f = relation_filter(filter);
        let list = relations::find(&s.db, s.company_id, &f, i64::from(p.offset), limit(&p)).await?;
        Ok(list.into_iter().map(relation).collect())
    }

    async fn count_relations(&mut self, filter: RelationFilter) -> Result<u64, Error> {
        self.trace("directory.count-relations");
        let s = self.scope()?;
        Ok(relations::count(&s.db, s.company_id, &relation_filter(filter)).await? as u64)
    }

    async fn count_relations_by_user(
        &mut self,
        filter: RelationFilter,
    ) -> Result<Vec<UserCount>, Error> {
        self.trace("directory.count-relations-by-user");
        let s = self.scope()?;
        let groups =
            relations::count_by_user(&s.db, s.company_id, &relation_filter(filter)).await?;
        Ok(groups
            .into_iter()
            .map(|(u, n)| UserCount {
                user_id: u as u64,
                count: n as u64,
            })
            .collect())
    }

    async fn caller_name(&mut self) -> Result<String, Error> {
        self.trace("directory.caller-name");
        let s = self.scope()?;
        let (company_id, id) = (s.company_id, s.caller.id);
        let name = match s.caller.kind {
            ClientKind::Customer => customers::get(&s.db, company_id, id)
                .await?
                .map(|c| c.username),
            ClientKind::RadarUser => users::get(&s.db, company_id, id)
                .await?
                .map(|u| user(u).username),
            ClientKind::Admin => admins::username_of(&s.db, id).await?,
        };
        name.ok_or(Error::NotFound)
    }

    async fn get_licence(&mut self) -> Result<Licence, Error> {
        self.trace("directory.get-licence");
        let s = self.scope()?;
        let l = companies::licence(&s.db, s.company_id)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(Licence {
            opened_at: l.created_at,
            expires_at: l.expires_at,
            users: l.users as u64,
            enabled_users: l.enabled_users as u64,
        })
    }

    async fn aggregate_customers(
        &mut self,
        created: Window,
        by: Vec<Grouping>,
    ) -> Result<Vec<Tally>, Error> {
        self.trace("directory.aggregate-customers");
        let s = self.scope()?;
        let by_day = match by.as_slice() {
            [] => false,
            [Grouping::Day] => true,
            _ => return Err(Error::Invalid("customers are grouped by day only".into())),
        };
        let groups = customers::aggregate_created(
            &s.db,
            s.company_id,
            (created.since, created.until),
            by_day,
        )
        .await?;
        Ok(tallies::tallies(groups))
    }

    async fn aggregate_relations(
        &mut self,
        filter: RelationFilter,
        by: Vec<Grouping>,
        p: Page,
    ) -> Result<Vec<Tally>, Error> {
        self.trace("directory.aggregate-relations");
        let s = self.scope()?;
        if by.contains(&Grouping::Customer) {
            return Err(Error::Invalid(
                "relations are grouped by user and day only".into(),
            ));
        }
        let groups = relations::aggregate(
            &s.db,
            s.company_id,
            &relation_filter(filter),
            &tallies::groupings(&by)?,
            tallies::page(p),
        )
        .await?;
        Ok(tallies::tallies(groups))
    }

    async fn update_own_profile(&mut self, patch: ProfilePatch) -> Result<User, Error> {
        self.trace("directory.update-own-profile");
        let s = self.writable()?;
        if s.caller.kind != ClientKind::RadarUser {
            return Err(Error::Denied(
                "only a radar user edits their own card".into(),
            ));
        }
        let change = users::ProfileChange {
            username: patch.real_name,
            nickname: patch.nickname,
            avatar: patch.avatar,
            position: patch.position,
            gender: patch.gender.map(i64::from),
            mingpian_phone: patch.mingpian_phone,
            show_phone: patch.show_phone.map(i64::from),
            telephone: patch.telephone,
            wechat: patch.wechat,
            email: patch.email,
        };
        users::update_profile(&s.db, s.company_id, s.caller.id, change).await?;
        if patch.company_area.is_some() || patch.company_address.is_some() {
            companies::set_location(
                &s.db,
                s.company_id,
                patch.company_area.as_deref(),
                patch.company_address.as_deref(),
            )
            .await?;
        }
        users::get(&s.db, s.company_id, s.caller.id)
            .await?
            .map(user)
            .ok_or(Error::NotFound)
    }

    async fn set_relation_poster(
        &mut self,
        user_id: u64,
        customer_id: u64,
        path: String,
    ) -> Result<(), Error> {
        self.trace("directory.set-relation-poster");
        let s = self.writable()?;
        let in_pair = match s.caller.kind {
            ClientKind::Customer => s.caller.id as u64 == customer_id,
            ClientKind::RadarUser => s.caller.id as u64 == user_id,
            ClientKind::Admin => false,
        };
        if !in_pair {
            return Err(Error::Denied(
                "only the pair's customer or radar user sets its poster".into(),
            ));
        }
        // Only a file this module made for the tenant can become a poster.
        if !stored_files::is_of_slot(&s.db, s.company_id, &s.slot, &path).await? {
            return Err(Error::Invalid(format!(
                "not a file of this module: {path:?}"
            )));
        }
        let (u, c) = (user_id as i64, customer_id as i64);
        let file = PairFile::Poster;
        if relations::set_file(&s.db, s.company_id, u, c, file, &path).await? {
            Ok(())
        } else {
            Err(Error::NotFound)
        }
    }
}
