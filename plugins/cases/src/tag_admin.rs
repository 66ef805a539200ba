//! The back office's tags (`admin/case_tag`, `admin/case_tag/<op>/{id}`):
//! add, rename, delete one no case carries, list with their counts.

use crate::descriptor::TAGS;
use crate::tags::{existing, TagDoc, MAX_NAME};
use leida_module_sdk::storage::{self, Comparison};
use leida_module_sdk::store::{self, cond, desc};
use leida_module_sdk::{
    json, object_id, ok, require_admin, Failure, Input, Outcome, Paging, Request,
};

/// Default page length of the list.
const PAGE_LENGTH: u32 = 20;

fn name_of(input: &Input<'_>) -> Result<String, Failure> {
    input.bounded_text("name", MAX_NAME, true, None)
}

fn taken() -> Failure {
    Failure::new(300, "标签名已存在")
}

/// `POST admin/case_tag/add/0` (`name`): a new tag; 300 when the name is taken.
pub fn add(req: &Request) -> Outcome {
    require_admin(req)?;
    let name = name_of(&Input::of(req))?;
    let doc = TagDoc {
        name,
        search_amount: 0,
        use_number: 0,
    };
    let id = match store::insert(TAGS, &doc) {
        Err(f) if f.code == 300 => return Err(taken()),
        other => other?,
    };
    Ok(ok("添加成功", json!({ "id": id })))
}

/// `POST admin/case_tag/update/{id}` (`name`): renames the tag.
pub fn update(req: &Request) -> Outcome {
    require_admin(req)?;
    let tag = existing(object_id(req)?)?;
    let name = name_of(&Input::of(req))?;
    match store::patch(TAGS, tag.id, &json!({ "name": name })) {
        Err(f) if f.code == 300 => Err(taken()),
        other => {
            other?;
            Ok(ok("修改成功", json!({ "id": tag.id })))
        }
    }
}

/// `POST admin/case_tag/delete/{id}`: removes a tag no case carries (304
/// while one does).
pub fn delete(req: &Request) -> Outcome {
    require_admin(req)?;
    let tag = existing(object_id(req)?)?;
    if tag.data.use_number > 0 {
        return Err(Failure::new(304, "含有子级数据,请先删除或转移子级数据"));
    }
    storage::delete(TAGS, tag.id)?;
    Ok(ok("删除成功", json!({})))
}

/// `GET admin/case_tag?name`: the company's tags (with `name`, those whose
/// name contains it), most used first.
pub fn tag_list(req: &Request) -> Outcome {
    require_admin(req)?;
    let input = Input::of(req);
    let filters = input
        .text("name")
        .map(|n| vec![cond("name", Comparison::Contains, n)])
        .unwrap_or_default();
    let paging = Paging::from_input(&input, PAGE_LENGTH)?;
    let (tags, total) =
        store::find::<TagDoc>(TAGS, filters, vec![desc("use_number")], paging.page())?;
    let items: Vec<_> = tags
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "name": t.data.name,
                "use_number": t.data.use_number,
                "search_amount": t.data.search_amount,
            })
        })
        .collect();
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total }),
    ))
}
