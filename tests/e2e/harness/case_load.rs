//! The bulk case library of the case benchmark: 10,000 cases and 50,000
//! diaries written straight into the cases and diary modules' documents,
//! as their own back office would have left them.

use super::database::Database;
use super::document_load::Loaded;
use super::now_ms;

/// Cases written.
pub const CASES: usize = 10_000;
/// Diaries written.
pub const DIARIES: usize = 50_000;
/// Diaries of the one long timeline.
pub const LONG_TIMELINE: usize = 200;
/// Tags written; each case carries two.
pub const TAGS: usize = 20;
/// Milliseconds in a day.
const DAY: i64 = 86_400_000;

/// What [`Database::seed_case_library`] made.
pub struct SeededLibrary {
    /// The timeline case with [`LONG_TIMELINE`] diaries.
    pub long_timeline: i64,
    /// One diary of it, due.
    pub long_timeline_diary: i64,
    /// A tag a tenth of the cases carry, half of them normal.
    pub tag: i64,
    /// Its name.
    pub tag_name: String,
}

impl Database {
    /// Writes the library for `company_id`: cases alternate timeline and
    /// normal, 95 % published; the first case is the long timeline; every
    /// other case has 4 or 5 diaries, each written after its case, one in
    /// twenty dated in the future and one in twenty held back; every case
    /// carries two of the tags.
    pub async fn seed_case_library(&self, company_id: i64, admin_id: i64) -> SeededLibrary {
        let now = now_ms();
        let mut first = 0;
        self.load_documents(company_id, |first_id| {
            first = first_id;
            library(first_id, admin_id, now)
        })
        .await;
        // The tags come first, then the long timeline, its two tag links and
        // its diaries, the first of them due.
        let long_timeline = first + TAGS as i64;
        SeededLibrary {
            long_timeline,
            long_timeline_diary: long_timeline + 3,
            tag: first + 3,
            tag_name: "标签3".into(),
        }
    }
}

/// The documents of the library, the first getting id `first_id`; each
/// written a second after the one before, over the last day.
fn library(first_id: i64, admin_id: i64, now: i64) -> Vec<Loaded> {
    let mut docs: Vec<Loaded> = Vec::with_capacity(TAGS + CASES * 3 + DIARIES);
    let at = |n: usize| now - DAY + n as i64 * 1_000;
    let push = |docs: &mut Vec<Loaded>, slot, collection, data: String| {
        let at = at(docs.len());
        docs.push(Loaded {
            slot,
            collection,
            data,
            at,
        });
    };
    for t in 0..TAGS {
        let uses = CASES / TAGS * 2;
        let data = format!(
            r#"{{"name":"标签{t}","search_amount":{},"use_number":{uses}}}"#,
            TAGS - t
        );
        push(&mut docs, "cases", "tags", data);
    }
    let spread = DIARIES - LONG_TIMELINE;
    let others = CASES - 1;
    let mut written = 0;
    for i in 0..CASES {
        let case_id = first_id + docs.len() as i64;
        let case_created = at(docs.len());
        let case_type = if i % 2 == 0 { 2 } else { 1 };
        let status = if i % 20 == 19 { 2 } else { 1 };
        let tag_ids: Vec<i64> = [i % TAGS, (i * 7 + 3) % TAGS]
            .iter()
            .map(|t| first_id + *t as i64)
            .collect();
        let case = format!(
            r#"{{"customer_name":"客户{i}","headimgurl":"","case_name":"案例{i}","cover_picture":[],"poster_cover":[],"become_beautiful_cover":[],"tag_ids":{tag_ids:?},"status":{status},"case_type":{case_type},"author_id":{admin_id},"read_count":0,"up_count":0}}"#
        );
        push(&mut docs, "cases", "cases", case);
        for t in tag_ids {
            let link = format!(
                r#"{{"case_id":{case_id},"tag_id":{t},"case_type":{case_type},"status":{status},"case_created_at":{case_created}}}"#
            );
            push(&mut docs, "cases", "case_tags", link);
        }
        let diaries = match i {
            0 => LONG_TIMELINE,
            _ => spread / others + usize::from(i <= spread % others),
        };
        for d in 0..diaries {
            written += 1;
            let k = written;
            let date = if k % 20 == 7 {
                now + DAY * 30
            } else {
                now - DAY * 400 + d as i64 * DAY
            };
            let status = if k % 20 == 13 { 2 } else { 1 };
            let diary = format!(
                r#"{{"title":"日记{k}","summary":"第{d}天","diary_date":{date},"cover_picture":[],"cover_show_type":1,"content":"<p>日记{k}的正文</p>","status":{status},"case_id":{case_id},"case_type":{case_type},"author_id":{admin_id},"read_count":0,"up_count":0,"comment_count":0}}"#
            );
            push(&mut docs, "diary", "diaries", diary);
        }
    }
    assert_eq!(written, DIARIES);
    // The counts both modules keep of what their lists show.
    let published = |slot: &str, collection: &str, case_type: &str| {
        docs.iter()
            .filter(|d| d.slot == slot && d.collection == collection)
            .filter(|d| d.data.contains(r#""status":1,"#) && d.data.contains(case_type))
            .count()
    };
    let timeline = published("cases", "cases", r#""case_type":2,"#);
    let normal = published("diary", "diaries", r#""case_type":1,"#);
    for (slot, name, count) in [
        ("cases", "timeline_published", timeline),
        ("diary", "normal_published", normal),
    ] {
        let data = format!(r#"{{"name":"{name}","count":{count}}}"#);
        push(&mut docs, slot, "tallies", data);
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_has_its_sizes_and_the_long_timeline_first() {
        let docs = library(1, 7, 0);
        let count = |c: &str| docs.iter().filter(|d| d.collection == c).count();
        assert_eq!(
            (
                count("tags"),
                count("cases"),
                count("case_tags"),
                count("diaries")
            ),
            (TAGS, CASES, CASES * 2, DIARIES)
        );
        let tally = |name: &str| {
            let doc = docs.iter().find(|d| d.data.contains(name)).unwrap();
            doc.data.clone()
        };
        // Every timeline case is published (the held-back ones are normal).
        assert_eq!(
            tally("timeline_published"),
            r#"{"name":"timeline_published","count":5000}"#
        );
        assert_eq!(
            tally("normal_published"),
            r#"{"name":"normal_published","count":22432}"#
        );
        assert_eq!(docs[TAGS].collection, "cases");
        assert!(docs[TAGS + 3].data.contains(r#""case_id":21,"#));
        assert!(docs.windows(2).all(|w| w[0].at < w[1].at));
    }
}
