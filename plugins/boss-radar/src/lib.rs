//! The bundled plugin of Leida's `boss-radar` module: the statistics a
//! company's boss and back office read (overview counts, daily series,
//! rankings of the team, the customers behind each row). Nothing is
//! cached: every number is counted by the host in the database when it
//! is asked for, from the company's action log, chat, follow-ups,
//! customers and relations, so it includes the last event. Windows are
//! whole local days before today.
//!
//! `lib.rs` holds the routing table; each concern lives in its own file.

mod codes;
mod counts;
mod days;
mod descriptor;
mod drilldown;
mod home;
mod lines;
mod overview;
mod rankings;
mod roster;
mod who;

use leida_module_sdk::{get, post, Descriptor, Guest, Request, Response, Route};

/// Every route the Boss-radar module serves.
const ROUTES: &[Route] = &[
    // The Boss radar (enterprise WeChat).
    get(
        "/zhugeleida/boosleida/home_page/acount_data",
        overview::boss,
    ),
    get("/zhugeleida/boosleida/home_page/line_info", lines::boss),
    get(
        "/zhugeleida/boosleida/home_page/sales_ranking_customer_num",
        rankings::by_customers,
    ),
    post(
        "/zhugeleida/boosleida/home_page/query_have_customer_detail_people",
        drilldown::customers,
    ),
    get(
        "/zhugeleida/boosleida/home_page/hudong_pinlv_customer_num",
        rankings::by_interaction,
    ),
    post(
        "/zhugeleida/boosleida/home_page/query_hudong_have_customer_detail_people",
        drilldown::interacting,
    ),
    get(
        "/zhugeleida/boosleida/home_page/expect_chengjiaolv_customer_num",
        rankings::by_expected_closing,
    ),
    // The back office.
    get("/zhugeleida/admin/home_page", home::home_page),
    get("/zhugeleida/admin/home_page/acount_data", overview::admin),
    post("/zhugeleida/admin/home_page/line_info", lines::admin),
];

struct BossRadarModule;

impl Guest for BossRadarModule {
    fn describe() -> Descriptor {
        descriptor::describe()
    }

    fn handle(req: Request) -> Response {
        leida_module_sdk::serve(ROUTES, &req)
    }
}

leida_module_sdk::export!(BossRadarModule);

#[cfg(test)]
mod tests {
    use super::*;
    use leida_module_sdk::table_problems;

    #[test]
    fn serves_10_routes_each_once_under_a_declared_prefix() {
        assert_eq!(ROUTES.len(), 10);
        assert_eq!(
            table_problems(ROUTES, &descriptor::ROUTES),
            Vec::<String>::new()
        );
    }

    #[test]
    fn percentages_have_two_decimals_and_none_of_nothing() {
        assert_eq!(lines::percent(0, 0), "0.00");
        assert_eq!(lines::percent(1, 3), "33.33");
        assert_eq!(lines::percent(2, 3), "66.67");
        assert_eq!(lines::percent(5, 5), "100.00");
    }

    #[test]
    fn buckets_leave_out_zero_and_cover_one_to_a_hundred() {
        assert!(rankings::bucket("0_pr").is_err());
        let mut covered = Vec::new();
        for (key, (lo, hi)) in rankings::BUCKETS {
            assert_eq!(rankings::bucket(key), Ok((lo, hi)));
            covered.extend(lo..=hi);
        }
        assert_eq!(covered, (1..=100).collect::<Vec<u8>>());
    }
}
