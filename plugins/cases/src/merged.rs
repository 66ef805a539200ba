//! The merged case list: timeline cases (as one entry each) and the
//! diaries of normal cases (one entry per diary), newest first, paged
//! after merging; optionally only what carries a tag. Each side is read
//! up to the page's end, newest first, and merged here, so a page costs
//! two ordered reads however many cases there are.

use crate::case::{timeline_published, CaseDoc, NORMAL, PUBLISHED, TIMELINE};
use crate::descriptor::{CASES, CASE_TAGS};
use crate::diaries;
use crate::entries::{page_of, Shown};
use crate::tags::CaseTagDoc;
use leida_module_sdk::store::{self, desc, eq};
use leida_module_sdk::types::Page;
use leida_module_sdk::{Failure, Paging};

/// The deepest a list may page: `current_page × length`.
pub const MAX_DEPTH: u32 = 5_000;
/// Most normal cases of one tag whose diaries a tag's list shows (the
/// newest).
pub const MAX_TAGGED_NORMAL: u32 = 500;

/// The page `paging` asks for and how deep a list must be read for it
/// (`offset + length`); 301 beyond [`MAX_DEPTH`].
pub fn depth(paging: &Paging) -> Result<(Page, u32), Failure> {
    let p = paging.page();
    let depth = p.limit.map_or(MAX_DEPTH, |l| p.offset.saturating_add(l));
    if depth > MAX_DEPTH {
        return Err(Failure::invalid(format!(
            "最多浏览前{MAX_DEPTH}条 (current_page × length)"
        )));
    }
    Ok((p, depth))
}

/// One page of the merged list (only entries tagged `tag`, when given) and
/// the number of entries in the whole list.
pub fn page(tag: Option<u64>, paging: Paging) -> Result<(Vec<Shown>, u64), Failure> {
    let (p, depth) = depth(&paging)?;
    let first = Page {
        offset: 0,
        limit: Some(depth),
    };
    let (timeline, timeline_total) = match tag {
        None => {
            let published = timeline_published();
            let cases = store::find_page::<CaseDoc>(
                CASES,
                published.filters.clone(),
                vec![desc("id")],
                first,
            )?;
            let total = published.count()?;
            let shown = cases
                .iter()
                .map(|c| Shown::Case {
                    id: c.id,
                    at: c.created_at,
                })
                .collect::<Vec<_>>();
            (shown, total)
        }
        Some(tag) => {
            let (links, total) = store::find::<CaseTagDoc>(
                CASE_TAGS,
                vec![
                    eq("tag_id", tag as i64),
                    eq("case_type", TIMELINE as i64),
                    eq("status", PUBLISHED as i64),
                ],
                vec![desc("case_created_at")],
                first,
            )?;
            let shown = links
                .iter()
                .map(|l| Shown::Case {
                    id: l.data.case_id,
                    at: l.data.case_created_at,
                })
                .collect::<Vec<_>>();
            (shown, total)
        }
    };
    let (rows, diary_total) = match tag {
        None => diaries::newest_normal(depth, None)?,
        Some(tag) => {
            let normal = store::find_page::<CaseTagDoc>(
                CASE_TAGS,
                vec![eq("tag_id", tag as i64), eq("case_type", NORMAL as i64)],
                vec![desc("case_created_at")],
                Page {
                    offset: 0,
                    limit: Some(MAX_TAGGED_NORMAL),
                },
            )?;
            let ids: Vec<u64> = normal.iter().map(|l| l.data.case_id).collect();
            diaries::newest_normal(depth, Some(&ids))?
        }
    };
    let mut all = timeline;
    all.extend(
        rows.into_iter()
            .map(|r| Shown::Diary { id: r.id, at: r.at }),
    );
    let offset = p.offset as usize;
    let length = p.limit.map(|l| l as usize);
    Ok((page_of(all, offset, length), timeline_total + diary_total))
}
