//! The Boss radar (`boosleida/home_page/*`) and the back office's home
//! pages (`admin/home_page*`): every number of every endpoint against a
//! recount over the rows of two companies' random activity, for the
//! company and for each radar user; who may see what; and that a number
//! read right after an event includes it.

use crate::harness::{params, Activity, Envelope, Principal, Tenant, Volume};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};

const BOSS: &str = "/zhugeleida/boosleida/home_page";
const ADMIN: &str = "/zhugeleida/admin/home_page";
const DAY: i64 = 86_400_000;

/// A half-open window `[since, until)`; `None` is open.
type Span = (Option<i64>, Option<i64>);

fn inside(at: i64, (since, until): Span) -> bool {
    since.is_none_or(|s| at >= s) && until.is_none_or(|u| at < u)
}

/// The recount: every number from the loaded rows, for the company
/// (`user` none) or one radar user.
struct Recount<'a> {
    a: &'a Activity,
    user: Option<i64>,
    today: i64,
}

impl Recount<'_> {
    fn mine(&self, u: i64) -> bool {
        self.user.is_none_or(|me| me == u)
    }

    fn last(&self, days: i64) -> Span {
        (Some(self.today - days * DAY), Some(self.today))
    }

    fn actions(&self, codes: &[i64], w: Span) -> usize {
        let a = &self.a.actions;
        a.iter()
            .filter(|(u, _, c, at)| self.mine(*u) && codes.contains(c) && inside(*at, w))
            .count()
    }

    fn actors(&self, codes: &[i64], w: Span) -> usize {
        let a = &self.a.actions;
        a.iter()
            .filter(|(u, _, c, at)| self.mine(*u) && codes.contains(c) && inside(*at, w))
            .map(|(_, c, _, _)| *c)
            .collect::<HashSet<_>>()
            .len()
    }

    fn chatting(&self, send_type: i64, w: Span) -> usize {
        let m = &self.a.messages;
        m.iter()
            .filter(|(u, _, t, at)| self.mine(*u) && *t == send_type && inside(*at, w))
            .map(|(_, c, _, _)| *c)
            .collect::<HashSet<_>>()
            .len()
    }

    fn new_customers(&self, w: Span) -> usize {
        match self.user {
            None => self
                .a
                .customers
                .iter()
                .filter(|(_, at)| inside(*at, w))
                .count(),
            Some(me) => self
                .a
                .relations
                .iter()
                .filter(|r| r.user_id == me && inside(r.created_at, w))
                .count(),
        }
    }

    fn follow_ups(&self, w: Span) -> usize {
        let f = &self.a.follow_ups;
        f.iter()
            .filter(|(u, _, at)| self.mine(*u) && inside(*at, w))
            .count()
    }

    fn boss_window(&self, w: Span) -> Value {
        json!({
            "customer_num": self.new_customers(w),
            "browse_num": self.actions(&[1, 14], w),
            "follow_num": self.chatting(1, w),
            "comm_num_of_customer": self.chatting(2, w),
            "forward_num": self.actions(&[6, 15, 16], w),
            "saved_total_num": self.actions(&[5], w),
            "praise_num": self.actions(&[9, 19], w),
            "query_product_num": self.actions(&[7], w),
            "view_website_num": self.actions(&[4], w),
        })
    }

    fn acount_data(&self) -> Value {
        json!({
            "count_data": self.boss_window((None, None)),
            "yesterday_data": self.boss_window(self.last(1)),
            "nearly_seven_days": self.boss_window(self.last(7)),
            "nearly_thirty_days": self.boss_window(self.last(30)),
        })
    }

    /// The points of the last `days` days, oldest first, valued by `f` of
    /// each day's window.
    fn series(&self, days: i64, f: impl Fn(Span) -> usize) -> Value {
        Value::Array(
            (1..=days)
                .rev()
                .map(|back| {
                    let since = self.today - back * DAY;
                    json!({
                        "statics_date": Tenant::local_date(since),
                        "value": f((Some(since), Some(since + DAY))),
                    })
                })
                .collect(),
        )
    }

    fn three(&self, f: impl Fn(Span) -> usize + Copy) -> Value {
        json!({
            "nearly_seven_days": self.series(7, f),
            "nearly_fifteen_days": self.series(15, f),
            "nearly_thirty_days": self.series(30, f),
        })
    }

    fn line_info(&self) -> Value {
        let all = (None, None);
        let views = [
            self.actions(&[1, 14], all),
            self.actions(&[2], all),
            self.actions(&[4], all),
        ];
        let total: usize = views.iter().sum();
        let pct = |n: usize| {
            if total == 0 {
                "0.00".to_string()
            } else {
                format!("{:.2}", n as f64 * 100.0 / total as f64)
            }
        };
        json!({
            "index_type_1": self.three(|w| self.new_customers(w)),
            "index_type_2": self.three(|w| self.chatting(2, w)),
            "index_type_3": self.three(|w| self.chatting(1, w)),
            "index_type_4": { "nearly_fifteen_days": self.series(15, |w| self.actors(&[1, 14], w)) },
            "index_type_5": {
                "praise_num": self.actions(&[9, 19], all),
                "query_product_num": self.actions(&[7], all),
                "forward_mingpian_num": self.actions(&[6, 15, 16], all),
                "call_phone_num": self.actions(&[10], all),
                "saved_phone_num": self.actions(&[5], all),
            },
            "index_type_6": {
                "view_mingpian": pct(views[0]),
                "view_product_num": pct(views[1]),
                "view_website_num": pct(views[2]),
            },
        })
    }

    /// `(user, n)` per user, as a ranking orders them: most first, ties by
    /// the id's text.
    fn ranked(&self, users: impl Iterator<Item = i64>) -> Vec<(i64, usize)> {
        let mut per: BTreeMap<i64, usize> = BTreeMap::new();
        for u in users.filter(|u| self.mine(*u)) {
            *per.entry(u).or_default() += 1;
        }
        let mut rows: Vec<(i64, usize)> = per.into_iter().collect();
        rows.sort_by_key(|(u, n)| (std::cmp::Reverse(*n), u.to_string()));
        rows
    }

    fn relations_ranked(&self, w: Span, pr: Option<(i64, i64)>) -> Vec<(i64, usize)> {
        self.ranked(
            self.a
                .relations
                .iter()
                .filter(|r| inside(r.created_at, w))
                .filter(|r| pr.is_none_or(|(lo, hi)| (lo..=hi).contains(&r.expected_pr)))
                .map(|r| r.user_id),
        )
    }
}

/// `(user id, count)` of a ranking's rows.
fn rows(list: &Value, user_key: &str) -> Vec<(i64, usize)> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|r| {
            (
                r[user_key].as_i64().expect("a user id"),
                r["have_customer_num"].as_u64().expect("a count") as usize,
            )
        })
        .collect()
}

const BUCKETS: [(&str, (i64, i64)); 4] = [
    ("1_50_pr", (1, 50)),
    ("51_80_pr", (51, 80)),
    ("81_99_pr", (81, 99)),
    ("100_pr", (100, 100)),
];

/// The follow-up status the drill-downs show.
fn status(today: i64, last_follow_at: Option<i64>) -> String {
    match last_follow_at.map(|at| (today - Tenant::local_day_start(at)) / DAY) {
        None => "还未跟进过".into(),
        Some(0) => "今天跟进".into(),
        Some(1) => "昨天跟进".into(),
        Some(d) => format!("{d}天前跟进过"),
    }
}

/// A company with a tenant-admin radar user, three members and random
/// activity.
struct Team {
    t: Tenant,
    boss: Principal,
    members: Vec<Principal>,
    activity: Activity,
}

async fn team(seed: u64) -> Team {
    let t = Tenant::shared().await;
    let boss = t.admin_user().await;
    let mut members = Vec::new();
    for _ in 0..3 {
        members.push(t.radar_user().await);
    }
    let ids: Vec<i64> = std::iter::once(boss.id)
        .chain(members.iter().map(|m| m.id))
        .collect();
    let activity = t
        .server
        .db
        .load_activity(
            t.company_id,
            &ids,
            Volume {
                customers: 40,
                actions: 300,
                messages: 150,
                follow_ups: 50,
            },
            seed,
        )
        .await;
    Team {
        t,
        boss,
        members,
        activity,
    }
}

impl Team {
    async fn boss_get(&self, who: &Principal, op: &str, personal: bool) -> Envelope {
        let query = if personal {
            params!["type" => "personal"]
        } else {
            params![]
        };
        self.t.client.get(&format!("{BOSS}/{op}"), who, query).await
    }

    fn everyone(&self) -> Vec<&Principal> {
        std::iter::once(&self.boss).chain(&self.members).collect()
    }
}

/// Every number of the Boss radar's pages, for the company and each user.
async fn boss_pages_match(team: &Team, today: i64) {
    let scopes = std::iter::once((&team.boss, None))
        .chain(team.everyone().into_iter().map(|p| (p, Some(p.id))));
    for (who, user) in scopes {
        let personal = user.is_some();
        let r = Recount {
            a: &team.activity,
            user,
            today,
        };
        let data = team.boss_get(who, "acount_data", personal).await;
        assert_eq!(
            data.ok()["ret_data"],
            r.acount_data(),
            "acount_data of {user:?}"
        );
        let data = team.boss_get(who, "line_info", personal).await;
        assert_eq!(
            data.ok()["ret_data"],
            r.line_info(),
            "line_info of {user:?}"
        );

        let ranking = team
            .boss_get(who, "sales_ranking_customer_num", personal)
            .await;
        let ranking = &ranking.ok()["ret_data"];
        for (key, days) in [
            ("total_num_have_customer", 0),
            ("yesterday_new_customer", 1),
            ("nearly_seven_new_customer", 7),
            ("nearly_fifteen_new_customer", 15),
            ("nearly_thirty_new_customer", 30),
        ] {
            let w = if days == 0 {
                (None, None)
            } else {
                r.last(days)
            };
            assert_eq!(
                rows(&ranking[key], "user_id"),
                r.relations_ranked(w, None),
                "{key} of {user:?}"
            );
        }

        let buckets = team
            .boss_get(who, "expect_chengjiaolv_customer_num", personal)
            .await;
        for (key, range) in BUCKETS {
            assert_eq!(
                rows(&buckets.ok()["ret_data"][key], "user_id"),
                r.relations_ranked((None, None), Some(range)),
                "{key} of {user:?}"
            );
        }

        let hudong = team
            .boss_get(who, "hudong_pinlv_customer_num", personal)
            .await;
        let hudong = &hudong.ok()["ret_data"];
        for (key, days) in [
            ("yesterday_data", 1),
            ("nearly_seven_data", 7),
            ("nearly_fifteen_data", 15),
            ("nearly_thirty_data", 30),
        ] {
            let w = r.last(days);
            let follow = team.activity.follow_ups.iter();
            assert_eq!(
                rows(&hudong["follow_num"][key], "user_customer_flowup__user_id"),
                r.ranked(follow.filter(|f| inside(f.2, w)).map(|f| f.0)),
                "follow_num {key} of {user:?}"
            );
            let asked = team.activity.messages.iter();
            assert_eq!(
                rows(&hudong["consult_num"][key], "userprofile_id"),
                r.ranked(asked.filter(|m| m.2 == 2 && inside(m.3, w)).map(|m| m.0)),
                "consult_num {key} of {user:?}"
            );
        }
    }
}

/// `(customer id, status)` of a drill-down's items, and its `count`.
fn drilled(reply: &Envelope) -> (Vec<(i64, String)>, u64) {
    let data = reply.ok();
    let items = data["ret_data"]
        .as_array()
        .unwrap_or_else(|| panic!("no ret_data list: {data}"))
        .iter()
        .map(|i| {
            (
                i["customer_id"].as_i64().expect("a customer id"),
                i["customer_status"].as_str().expect("a status").to_string(),
            )
        })
        .collect();
    (items, data["count"].as_u64().expect("a count"))
}

/// The drill-downs behind the rankings, for every user of the team.
async fn drill_downs_match(team: &Team, today: i64) {
    let r = Recount {
        a: &team.activity,
        user: None,
        today,
    };
    for user in team.everyone() {
        let relation_of = |c: i64| {
            team.activity
                .relations
                .iter()
                .find(|x| x.user_id == user.id && x.customer_id == c)
                .expect("a loaded relation")
        };
        for (days, bucket) in [
            (0, None),
            (7, None),
            (30, Some(BUCKETS[0])),
            (0, Some(BUCKETS[3])),
        ] {
            let mut form = params!["query_user_id" => user.id, "days" => days, "length" => 0];
            if let Some((key, _)) = bucket {
                form.push(("expedted_pr".into(), key.into()));
            }
            let reply = team
                .t
                .client
                .post(
                    &format!("{BOSS}/query_have_customer_detail_people"),
                    &team.boss,
                    form,
                )
                .await;
            let (items, count) = drilled(&reply);
            let w = if days == 0 {
                (None, None)
            } else {
                r.last(days)
            };
            let mut expected: Vec<_> = team
                .activity
                .relations
                .iter()
                .filter(|x| x.user_id == user.id && inside(x.created_at, w))
                .filter(|x| bucket.is_none_or(|(_, (lo, hi))| (lo..=hi).contains(&x.expected_pr)))
                .collect();
            expected.sort_by_key(|x| std::cmp::Reverse((x.created_at, x.customer_id)));
            let expected: Vec<(i64, String)> = expected
                .iter()
                .map(|x| (x.customer_id, status(today, x.last_follow_at)))
                .collect();
            assert_eq!(
                count as usize,
                expected.len(),
                "count of {days} days {bucket:?}"
            );
            assert_eq!(items, expected, "customers of {days} days {bucket:?}");
        }
        for (kind, days) in [("chat", 30), ("follow", 7), ("follow", 1)] {
            let form = params![
                "query_user_id" => user.id, "days" => days, "type" => kind, "length" => 0
            ];
            let reply = team
                .t
                .client
                .post(
                    &format!("{BOSS}/query_hudong_have_customer_detail_people"),
                    &team.boss,
                    form,
                )
                .await;
            let (items, count) = drilled(&reply);
            let w = r.last(days);
            let customers: HashSet<i64> = match kind {
                "chat" => team
                    .activity
                    .messages
                    .iter()
                    .filter(|m| m.0 == user.id && m.2 == 2 && inside(m.3, w))
                    .map(|m| m.1)
                    .collect(),
                _ => team
                    .activity
                    .follow_ups
                    .iter()
                    .filter(|f| f.0 == user.id && inside(f.2, w))
                    .map(|f| f.1)
                    .collect(),
            };
            assert_eq!(
                count as usize,
                customers.len(),
                "{kind} count over {days} days"
            );
            let listed: HashSet<i64> = items.iter().map(|i| i.0).collect();
            assert_eq!(listed, customers, "{kind} customers over {days} days");
            for (c, shown) in &items {
                assert_eq!(*shown, status(today, relation_of(*c).last_follow_at));
            }
        }
    }
}

/// The back office's pages.
async fn admin_pages_match(team: &Team, today: i64) {
    let r = Recount {
        a: &team.activity,
        user: None,
        today,
    };
    let window = |w: Span| {
        json!({
            "customer_num": r.new_customers(w),
            "follow_num": r.follow_ups(w),
            "browse_num": r.actions(&[1, 14], w),
            "forward_num": r.actions(&[6, 15, 16], w),
            "saved_total_num": r.actions(&[8], w),
            "praise_sum": r.actions(&[9, 19], w),
        })
    };
    let client = &team.t.client;
    let data = client
        .get(&format!("{ADMIN}/acount_data"), &team.t.admin, params![])
        .await;
    assert_eq!(
        data.ok()["ret_data"],
        json!({
            "count_data": window((None, None)),
            "today_data": window((Some(today), None)),
            "yesterday_data": window(r.last(1)),
            "nearly_seven_days": window(r.last(7)),
            "nearly_thirty_days": window(r.last(30)),
        })
    );
    for days in [7, 15] {
        for index_type in 1..=6 {
            let reply = client
                .post(
                    &format!("{ADMIN}/line_info"),
                    &team.t.admin,
                    params!["days" => days, "index_type" => index_type],
                )
                .await;
            let expected = r.series(days, |w| match index_type {
                1 => r.new_customers(w),
                2 => r.follow_ups(w),
                3 => r.actions(&[1, 14], w),
                4 => r.actions(&[6, 15, 16], w),
                5 => r.actions(&[8], w),
                _ => r.actions(&[9, 19], w),
            });
            assert_eq!(
                reply.ok()["ret_data"],
                expected,
                "line_info {index_type} over {days}"
            );
        }
    }
    let home = client.get(ADMIN, &team.t.admin, params![]).await;
    let home = &home.ok()["ret_data"];
    assert_eq!(home["company_name"], team.t.name.as_str());
    assert_eq!(home["username"], team.t.admin_username.as_str());
    assert_eq!(home["user_count"], 4);
    assert_eq!(home["mingpian_num"], 4);
    assert_eq!(home["customer_num"], team.activity.customers.len());
    assert_eq!(home["used_days"], 0, "opened today: {home}");
    assert_eq!(home["open_up_date"], Tenant::local_date(today).as_str());
}

#[tokio::test]
async fn every_number_matches_a_recount_of_two_companies_random_activity() {
    let (a, b) = tokio::join!(team(18), team(81));
    let today = Tenant::local_day_start(crate::harness::now_ms());
    for team in [&a, &b] {
        boss_pages_match(team, today).await;
        drill_downs_match(team, today).await;
        admin_pages_match(team, today).await;
    }
}

/// `query_have_customer_detail_people` of `query_user_id`, asked by `who`.
async fn drill(client: &crate::harness::Client, who: &Principal, query_user_id: i64) -> Envelope {
    client
        .post(
            &format!("{BOSS}/query_have_customer_detail_people"),
            who,
            params!["query_user_id" => query_user_id, "days" => 0],
        )
        .await
}

#[tokio::test]
async fn members_see_their_own_numbers_and_nobody_sees_another_company() {
    let (a, b) = tokio::join!(team(5), team(6));
    let client = &a.t.client;
    let member = &a.members[0];
    // Company-wide numbers are for tenant admins.
    for op in [
        "acount_data",
        "line_info",
        "sales_ranking_customer_num",
        "hudong_pinlv_customer_num",
        "expect_chengjiaolv_customer_num",
    ] {
        let reply = a.boss_get(member, op, false).await;
        assert_eq!(reply.expect_code(404), &json!({}), "{op}");
        assert!(reply.msg().contains("personal"), "{}", reply.msg());
        a.boss_get(member, op, true).await.ok();
    }
    let bad = client
        .get(
            &format!("{BOSS}/acount_data"),
            member,
            params!["type" => "team"],
        )
        .await;
    bad.expect_code(301);
    // A member drills into themself only.
    drill(client, member, member.id).await.ok();
    assert_eq!(
        drill(client, member, a.members[1].id)
            .await
            .expect_code(404),
        &json!({})
    );
    // Another company's radar user looks like no user at all, to anyone.
    for who in [&a.boss, member] {
        let reply = drill(client, who, b.members[0].id).await;
        assert!(matches!(reply.code(), 302 | 404), "{}", reply.code());
        assert_eq!(reply.data(), &json!({}));
    }
    let reply = client
        .post(
            &format!("{BOSS}/query_hudong_have_customer_detail_people"),
            &a.boss,
            params!["query_user_id" => b.boss.id, "days" => 30, "type" => "chat"],
        )
        .await;
    assert_eq!(reply.expect_code(302), &json!({}));
    // Bad fields are refused.
    let reply = client
        .post(
            &format!("{BOSS}/query_have_customer_detail_people"),
            &a.boss,
            params!["query_user_id" => a.boss.id, "days" => 3],
        )
        .await;
    reply.expect_code(301);
    let reply = client
        .post(
            &format!("{BOSS}/query_have_customer_detail_people"),
            &a.boss,
            params!["query_user_id" => a.boss.id, "expedted_pr" => "0_pr"],
        )
        .await;
    reply.expect_code(301);
    let reply = client
        .post(
            &format!("{ADMIN}/line_info"),
            &a.t.admin,
            params!["index_type" => 7],
        )
        .await;
    reply.expect_code(301);
    // A customer is no radar user: a customer token does not sign here.
    let customer = a.t.customer(a.boss.id).await;
    let reply = client
        .get(
            &format!("{BOSS}/acount_data"),
            &customer.principal,
            params![],
        )
        .await;
    reply.expect_refused();
    assert_eq!(reply.data(), &json!({}));
}

#[tokio::test]
async fn a_number_read_right_after_an_event_includes_it() {
    let t = Tenant::shared().await;
    let boss = t.admin_user().await;
    let admin_numbers = || async {
        let reply = t
            .client
            .get(&format!("{ADMIN}/acount_data"), &t.admin, params![])
            .await;
        reply.ok()["ret_data"].clone()
    };
    let before = admin_numbers().await;
    assert_eq!(before["count_data"]["browse_num"], 0);
    // Nothing viewed yet: every share of the views is "0.00".
    let lines = t
        .client
        .get(&format!("{BOSS}/line_info"), &boss, params![])
        .await;
    let mix = &lines.ok()["ret_data"]["index_type_6"];
    assert_eq!(
        mix,
        &json!({"view_mingpian": "0.00", "view_product_num": "0.00", "view_website_num": "0.00"})
    );

    let customer = t.related_customer(boss.id).await;
    for n in 1..=2 {
        crate::harness::card_view(&t.client, &customer.principal, boss.id)
            .await
            .ok();
        let now = admin_numbers().await;
        assert_eq!(now["today_data"]["browse_num"], n, "{now}");
        assert_eq!(now["count_data"]["browse_num"], n, "{now}");
        assert_eq!(now["count_data"]["customer_num"], 1, "{now}");
        assert_eq!(
            now["yesterday_data"]["browse_num"], 0,
            "today is not yesterday"
        );
    }
    t.customer_sends(&customer, boss.id, &crate::harness::text_content("你好"))
        .await
        .ok();
    let reply = t
        .client
        .get(&format!("{BOSS}/acount_data"), &boss, params![])
        .await;
    let counts = &reply.ok()["ret_data"]["count_data"];
    assert_eq!(counts["comm_num_of_customer"], 1, "{counts}");
    assert_eq!(counts["browse_num"], 2, "{counts}");
    assert_eq!(
        reply.ok()["ret_data"]["nearly_seven_days"]["browse_num"],
        0,
        "windows end at today's midnight"
    );
    let lines = t
        .client
        .get(
            &format!("{BOSS}/line_info"),
            &boss,
            params!["type" => "personal"],
        )
        .await;
    assert_eq!(
        lines.ok()["ret_data"]["index_type_6"]["view_mingpian"],
        "100.00"
    );
}
